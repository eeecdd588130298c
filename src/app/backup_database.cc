// Use case: back the database up to a file (audited before the copy, so the copy holds it).
#include "app/audit.h"
#include "app/database_tools.h"

namespace exo::app {

Status BackupDatabase(const store::Maintenance& db, store::AuditWriter& audit, const Clock& clock,
                      const Actor& actor, const std::string& path) {
  if (path.empty()) return Invalid("--to", "err.required");
  if (auto st = AppendAudit(audit, clock, actor, "database.backup", "database",
                            store::AuditOutcome::kAllowed);
      !st)
    return st;
  return db.BackupTo(path);
}

}  // namespace exo::app
