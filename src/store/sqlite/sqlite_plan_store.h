// Treatment plans (PlanStore) on the shared SQLite Database.
#pragma once

#include "store/plan_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqlitePlanStore : public PlanStore {
 public:
  // `db` must outlive the store.
  explicit SqlitePlanStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertPlan(const StoredPlan& plan) override;
  Result<StoredPlan> FindPlan(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredPlan>> ListPlans(int64_t clinic, int64_t patient_id) const override;
  Result<std::vector<StoredPlan>> ListPlansByStatus(int64_t clinic,
                                                    PlanStatus status) const override;
  Status ActivatePlan(int64_t clinic, int64_t id, const std::string& by, Timestamp at,
                      const std::string& override_reason) override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
