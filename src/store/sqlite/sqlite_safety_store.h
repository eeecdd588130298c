// Adverse events and lot signal counts (SafetyStore) on the shared SQLite Database.
#pragma once

#include "store/safety_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteSafetyStore : public SafetyStore {
 public:
  // `db` must outlive the store.
  explicit SqliteSafetyStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertAdverseEvent(const StoredAdverseEvent& event) override;
  Result<std::vector<StoredAdverseEvent>> ListAlerts(int64_t clinic) const override;
  Result<std::vector<SignalCounts>> CountSignals(int64_t clinic) const override;
  Result<std::vector<StoredAdverseEvent>> ListPatientAdverseEvents(
      int64_t clinic, int64_t patient_id) const override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
