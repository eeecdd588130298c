// The lot register and audit log on an embedded SQLite file. Opening applies pending schema
// migrations in one transaction; WAL, foreign keys on, synchronous=FULL. One connection,
// guarded by a mutex: safe to share between the HTTP server's threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/audit_log.h"
#include "store/lot_store.h"

struct sqlite3;

namespace exo::store {

class SqliteStore final : public LotReader,
                          public LotWriter,
                          public AuditWriter,
                          public AuditReader {
 public:
  // Opens (creating if needed) the database file and migrates it to the current schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int SchemaVersion() const;

  Result<Lot> FindLot(ClinicId clinic, LotId id) const override;
  Result<std::vector<Lot>> ListLots(ClinicId clinic, const LotFilter& filter) const override;
  Result<std::optional<LotId>> FindLotByNumber(ClinicId clinic, const std::string& manufacturer,
                                               const std::string& lot_number) const override;
  Result<LotId> InsertLot(const Lot& lot, const LotEvent& import_event) override;
  Status ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& event) override;

  Status Append(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const override;

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  Status Migrate();
  Status InsertEvent(LotId id, const LotEvent& event);

  sqlite3* db_;  // owned; guarded by mu_
  mutable std::mutex mu_;
};

}  // namespace exo::store
