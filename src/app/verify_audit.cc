// Use case: verify the audit log's hash chain from its first entry.
#include "app/audit_pages.h"
#include "app/audit_tools.h"

namespace exo::app {

Result<AuditVerification> VerifyAudit(const store::AuditReader& reader) {
  AuditVerification v;
  v.head_hash = audit::kGenesisHash;
  int64_t expected_id = 1;
  const Status read = ForEachAuditPage(reader, [&](const std::vector<store::AuditEntry>& page) {
    if (page.front().id != expected_id) {
      v.problem = audit::ChainProblem{page.front().id, "id gap: an entry before it was deleted"};
      return false;
    }
    if (auto problem = audit::VerifyChain(page, v.head_hash)) {
      v.problem = problem;
      return false;
    }
    v.entries += static_cast<int64_t>(page.size());
    v.head_hash = page.back().hash;
    expected_id = page.back().id + 1;
    return true;
  });
  if (!read) return read.error();
  return v;
}

}  // namespace exo::app
