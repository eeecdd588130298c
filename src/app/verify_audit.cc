// Use case: verify the audit log's hash chain from its first entry.
#include "app/audit_pages.h"
#include "app/audit_tools.h"

namespace exo::app {

Result<AuditVerification> VerifyAudit(const store::AuditReader& reader) {
  return VerifyAuditChain(reader);
}

}  // namespace exo::app
