// Signed consents (ConsentStore) on the shared SQLite Database; triggers refuse any change to
// a signed consent but its withdrawal.
#pragma once

#include "store/consent_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteConsentStore : public ConsentStore {
 public:
  // `db` must outlive the store.
  explicit SqliteConsentStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertConsent(const StoredConsent& consent) override;
  Result<StoredConsent> FindConsent(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredConsent>> ListConsents(int64_t clinic, int64_t plan_id) const override;
  Status WithdrawConsent(int64_t clinic, int64_t id, const std::string& reason,
                         const std::string& by, Timestamp at) override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
