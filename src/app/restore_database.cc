// Use case: replace the database by a backup (audited in the restored database).
#include "app/audit.h"
#include "app/database_tools.h"

namespace exo::app {

Status RestoreDatabase(store::Maintenance& db, store::AuditWriter& audit, const Clock& clock,
                       const Actor& actor, const std::string& path) {
  if (path.empty()) return Invalid("--from", "err.required");
  if (auto st = db.RestoreFrom(path); !st) return st;
  return AppendAudit(audit, clock, actor, "database.restore", "database",
                     store::AuditOutcome::kAllowed);
}

}  // namespace exo::app
