#include "app/database_tools.h"

#include "app/audit.h"
#include "auth/crypto.h"

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

Status RestoreDatabase(store::Maintenance& db, store::AuditWriter& audit, const Clock& clock,
                       const Actor& actor, const std::string& path) {
  if (path.empty()) return Invalid("--from", "err.required");
  if (auto st = db.RestoreFrom(path); !st) return st;
  return AppendAudit(audit, clock, actor, "database.restore", "database",
                     store::AuditOutcome::kAllowed);
}

Result<InstallationCheck> VerifyInstallation(const store::Maintenance& db,
                                             const store::AuditReader& audit) {
  InstallationCheck check;
  auto problems = db.IntegrityProblems();
  if (!problems) return problems.error();
  check.integrity_problems = std::move(*problems);
  auto chain = VerifyAudit(audit);
  if (!chain) return chain.error();
  check.audit = std::move(*chain);
  auto documents = db.SignedDocuments();
  if (!documents) return documents.error();
  for (const auto& d : *documents) {
    ++check.consents;
    if (auth::Sha256Hex(d.pdf) != d.stored_sha256) check.consents_altered.push_back(d.consent_id);
  }
  return check;
}

}  // namespace exo::app
