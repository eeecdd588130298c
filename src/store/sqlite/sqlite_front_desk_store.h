// The front desk's check-ins (FrontDeskStore) on the shared SQLite Database.
#pragma once

#include "store/front_desk_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteFrontDeskStore : public FrontDeskStore {
 public:
  // `db` must outlive the store.
  explicit SqliteFrontDeskStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertCheckIn(const CheckIn& check_in) override;
  Result<CheckIn> FindCheckIn(int64_t clinic, int64_t id) const override;
  Status UndoCheckIn(int64_t clinic, int64_t id, Timestamp at, const std::string& by) override;
  Result<std::vector<CheckIn>> ListCheckIns(int64_t clinic, Date day) const override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
