#include "app/audit_tools.h"

#include "core/csv.h"

namespace exo::app {

namespace {
constexpr int kPage = 5000;

}  // namespace

Result<AuditVerification> VerifyAudit(const store::AuditReader& reader) {
  AuditVerification v;
  v.head_hash = audit::kGenesisHash;
  int64_t after = 0;
  int64_t expected_id = 1;
  while (true) {
    auto page = reader.ListAudit(after, kPage);
    if (!page) return page.error();
    if (page->empty()) break;
    if (page->front().id != expected_id) {
      v.problem = audit::ChainProblem{page->front().id, "id gap: an entry before it was deleted"};
      return v;
    }
    if (auto problem = audit::VerifyChain(*page, v.head_hash)) {
      v.problem = problem;
      return v;
    }
    v.entries += static_cast<int64_t>(page->size());
    v.head_hash = page->back().hash;
    after = page->back().id;
    expected_id = after + 1;
  }
  return v;
}

Result<std::string> ExportAuditCsv(const store::AuditReader& reader, int64_t from, int64_t to,
                                   std::optional<int64_t> clinic, bool bom) {
  CsvWriter csv(bom);
  csv.TextRow({"id", "at", "actor", "role", "clinic_id", "action", "object", "outcome", "detail",
               "prev_hash", "hash"});
  int64_t after = 0;
  while (true) {
    auto page = reader.ListAudit(after, kPage);
    if (!page) return page.error();
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.at.unix_seconds < from || e.at.unix_seconds >= to) continue;
      if (clinic && e.clinic_id != *clinic) continue;
      csv.TextRow({std::to_string(e.id), e.at.ToIso8601(), e.actor, e.role,
                   std::to_string(e.clinic_id), e.action, e.object,
                   std::string(store::AuditOutcomeName(e.outcome)), e.detail, e.prev_hash, e.hash});
    }
    after = page->back().id;
  }
  return csv.Take();
}

}  // namespace exo::app
