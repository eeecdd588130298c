// The lot register (LotReader, LotWriter) on the shared SQLite Database.
#pragma once

#include "store/lot_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteLotStore : public LotReader, public LotWriter {
 public:
  // `db` must outlive the store.
  explicit SqliteLotStore(sqlite::Database& db) : db_(db) {}

  Result<Lot> FindLot(ClinicId clinic, LotId id) const override;
  Result<product::LotRevision> FindLotRevision(ClinicId clinic, LotId id) const override;
  Result<std::vector<Lot>> ListLots(ClinicId clinic, const LotFilter& filter) const override;
  Result<Lot> FindLotByToken(const std::string& public_token) const override;
  Result<std::optional<LotId>> FindLotByNumber(ClinicId clinic, const std::string& manufacturer,
                                               const std::string& lot_number) const override;
  Result<LotId> InsertLot(const Lot& lot, const LotEvent& import_event) override;
  Status ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& event) override;

 private:
  Status InsertEvent(LotId id, const LotEvent& event);

  sqlite::Database& db_;
};

}  // namespace exo::store
