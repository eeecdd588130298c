#include "audit/entry.h"

namespace exo::audit {

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

std::optional<AuditOutcome> ParseAuditOutcome(std::string_view name) {
  for (const AuditOutcome o :
       {AuditOutcome::kAllowed, AuditOutcome::kDenied, AuditOutcome::kFailed})
    if (AuditOutcomeName(o) == name) return o;
  return std::nullopt;
}

}  // namespace exo::audit
