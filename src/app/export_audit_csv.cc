// Use case: audit entries of a time range as CSV.
#include "app/audit_pages.h"
#include "app/audit_tools.h"
#include "core/csv.h"

namespace exo::app {

Result<std::string> ExportAuditCsv(const store::AuditReader& reader, int64_t from, int64_t to,
                                   std::optional<int64_t> clinic, bool bom) {
  CsvWriter csv(bom);
  csv.TextRow({"id", "at", "actor", "role", "clinic_id", "action", "object", "outcome", "detail",
               "prev_hash", "hash"});
  const Status read = ForEachAuditPage(reader, [&](const std::vector<store::AuditEntry>& page) {
    for (const auto& e : page) {
      if (e.at.unix_seconds < from || e.at.unix_seconds >= to) continue;
      if (clinic && e.clinic_id != *clinic) continue;
      csv.TextRow({std::to_string(e.id), e.at.ToIso8601(), e.actor, e.role,
                   std::to_string(e.clinic_id), e.action, e.object,
                   std::string(store::AuditOutcomeName(e.outcome)), e.detail, e.prev_hash, e.hash});
    }
    return true;
  });
  if (!read) return read.error();
  return csv.Take();
}

}  // namespace exo::app
