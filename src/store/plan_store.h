// Store interface for treatment plans.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

enum class PlanStatus { kDraft, kActive, kCancelled };
inline constexpr EnumName<PlanStatus> kPlanStatusNames[] = {{PlanStatus::kDraft, "draft"},
                                                            {PlanStatus::kActive, "active"},
                                                            {PlanStatus::kCancelled, "cancelled"}};
constexpr std::string_view PlanStatusName(PlanStatus s) { return NameOf(kPlanStatusNames, s); }
constexpr std::optional<PlanStatus> ParsePlanStatus(std::string_view name) {
  return ValueOf(kPlanStatusNames, name);
}

struct StoredPlan {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  int64_t lot_id = 0;
  std::string request_json;  // the plan as entered
  PlanStatus status = PlanStatus::kDraft;
  Timestamp created_at;
  std::string created_by;
  std::optional<Timestamp> activated_at;
  std::string activated_by;
  // The physician's reason for activating it beside another running plan on its route.
  std::string activation_override;
};

class PlanStore {
 public:
  virtual ~PlanStore() = default;
  virtual Result<int64_t> InsertPlan(const StoredPlan& plan) = 0;
  virtual Result<StoredPlan> FindPlan(int64_t clinic, int64_t id) const = 0;
  virtual Result<std::vector<StoredPlan>> ListPlans(int64_t clinic, int64_t patient_id) const = 0;
  // Every plan of the clinic in `status`, by id.
  virtual Result<std::vector<StoredPlan>> ListPlansByStatus(int64_t clinic,
                                                            PlanStatus status) const = 0;
  // draft -> active; kConflict from any other status.
  virtual Status ActivatePlan(int64_t clinic, int64_t id, const std::string& by, Timestamp at,
                              const std::string& override_reason) = 0;
};

}  // namespace exo::store
