#include "app/audit_pages.h"

#include "audit/chain.h"

namespace exo::app {

namespace {

constexpr int kPage = 5000;

}  // namespace

Status ForEachAuditPage(const store::AuditReader& reader,
                        const std::function<bool(const std::vector<store::AuditEntry>&)>& visit) {
  int64_t after = 0;
  while (true) {
    auto page = reader.ListAudit(after, kPage);
    if (!page) return page.error();
    if (page->empty() || !visit(*page)) return OkStatus();
    after = page->back().id;
  }
}

Result<AuditVerification> VerifyAuditChain(const store::AuditReader& reader) {
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
