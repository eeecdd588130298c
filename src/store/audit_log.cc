#include "store/audit_log.h"

namespace exo::store {

std::string_view AuditOutcomeName(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kAllowed:
      return "allowed";
    case AuditOutcome::kDenied:
      return "denied";
    case AuditOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace exo::store
