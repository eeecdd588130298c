// Use cases on the database as a whole: an online backup, restoring one into an empty
// location, and verifying an installation (the engine's integrity check, the audit chain, and
// every signed consent's digest against its stored PDF).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/audit_tools.h"
#include "app/clock.h"
#include "core/result.h"
#include "store/audit_log.h"
#include "store/maintenance.h"

namespace exo::app {

// Appends "database.backup" (so the copy holds its own record), then copies the database to
// `path` (must not exist: kConflict; readable by its owner only).
Status BackupDatabase(const store::Maintenance& db, store::AuditWriter& audit, const Clock& clock,
                      const Actor& actor, const std::string& path);

// Copies the backup at `path` into `db` (a new, empty database) and appends "database.restore"
// to the restored audit log. kInvalid naming "--from" when the backup is not a sound database.
Status RestoreDatabase(store::Maintenance& db, store::AuditWriter& audit, const Clock& clock,
                       const Actor& actor, const std::string& path);

struct InstallationCheck {
  std::vector<std::string> integrity_problems;  // none: the engine's checks passed
  AuditVerification audit;
  int64_t consents = 0;                   // signed consents checked
  std::vector<int64_t> consents_altered;  // ids whose PDF no longer matches its digest
  bool Ok() const {
    return integrity_problems.empty() && !audit.problem && consents_altered.empty();
  }
};
// Every check runs even when an earlier one found a problem; an error only when a check could
// not run at all.
Result<InstallationCheck> VerifyInstallation(const store::Maintenance& db,
                                             const store::AuditReader& audit);

}  // namespace exo::app
