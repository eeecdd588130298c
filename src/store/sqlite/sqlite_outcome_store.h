// Outcome measurements, portal links and the de-identification salt (OutcomeStore) on the
// shared SQLite Database. Measurements are immutable rows (triggers refuse changes).
#pragma once

#include "store/outcome_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteOutcomeStore : public OutcomeStore {
 public:
  // `db` must outlive the store.
  explicit SqliteOutcomeStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertMeasurement(const StoredMeasurement& m) override;
  Result<StoredMeasurement> FindMeasurement(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredMeasurement>> ListPatientMeasurements(int64_t clinic,
                                                                 int64_t patient_id) const override;
  Result<std::vector<StoredMeasurement>> ListCurrentMeasurements(int64_t clinic) const override;
  Result<int64_t> InsertPortalLink(const PortalLink& link) override;
  Result<std::optional<PortalLink>> FindPortalLink(const std::string& token_hash) const override;
  Result<std::vector<PortalLink>> ListPortalLinks(int64_t clinic,
                                                  int64_t patient_id) const override;
  Status RevokePortalLink(int64_t clinic, int64_t id, Timestamp at) override;
  Result<std::string> DeidentificationSalt(const std::string& fresh) override;

 private:
  // kNotFound, kConflict or kInvalid when `m` may not be stored as it is.
  Status CheckMeasurement(const StoredMeasurement& m) const;

  sqlite::Database& db_;
};

}  // namespace exo::store
