// store::Maintenance on SQLite: PRAGMA integrity_check and foreign_key_check, and backups with
// SQLite's online backup API (a snapshot that other connections keep writing past; WAL).
#pragma once

#include "store/maintenance.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteMaintenance final : public Maintenance {
 public:
  explicit SqliteMaintenance(sqlite::Database& db) : db_(db) {}

  Result<std::vector<std::string>> IntegrityProblems() const override;
  Result<std::vector<SignedDocument>> SignedDocuments() const override;
  // The copy is written in rollback-journal mode (a single self-contained file).
  Status BackupTo(const std::string& path) const override;
  // Copies the backup in, then migrates it to this program's schema.
  Status RestoreFrom(const std::string& path) override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
