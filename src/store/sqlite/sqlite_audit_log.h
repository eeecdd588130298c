// The audit log (AuditWriter, AuditReader) on the shared SQLite Database, each entry chained
// to the previous one by its hash (audit/chain.h).
#pragma once

#include <vector>

#include "store/audit_log.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteAuditLog : public AuditWriter, public AuditReader {
 public:
  // `db` must outlive the log.
  explicit SqliteAuditLog(sqlite::Database& db) : db_(db) {}

  Status Append(const AuditEntry& entry) override;
  // Appends the entries in this order, in one transaction (a savepoint inside one), reading the
  // chain's last entry once.
  Status AppendAll(const std::vector<const AuditEntry*>& entries);
  Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const override;

  // Hashes the entries written before the chain existed (schema migration 2), in one
  // transaction; nothing to do on a chained log. Run once when the database opens.
  Status ChainUnhashedEntries();

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
