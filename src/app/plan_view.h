// The steps the plan use cases share (plain functions; none writes an audit entry): a stored
// request parsed once, today's facts about its lot, patient and screening gathered once, and the
// plan evaluated with them.
#pragma once

#include <optional>
#include <string>

#include "app/plans.h"

namespace exo::app {

// A stored request, validated when it was stored (its start date may now lie in the past).
Result<treatment::PlanRequest> ParseStoredPlan(const store::StoredPlan& plan);

struct PlanFactsAndLot {
  treatment::PlanFacts facts;
  product::Lot lot;
  std::optional<product::Certificate> certificate;  // the lot's, parsed once
};
// Today's facts for a plan of `patient_id`; a missing lot is an error of "/lot_id".
Result<PlanFactsAndLot> GatherPlanFacts(const PlanServices& s, const Actor& actor,
                                        int64_t patient_id, const treatment::PlanRequest& req);

// The stored plan with its request parsed and its checks run today.
Result<PlanView> EvaluateStoredPlan(const PlanServices& s, const Actor& actor,
                                    store::StoredPlan plan);
// FindPlan, then EvaluateStoredPlan. Records nothing (ShowPlan records the read).
Result<PlanView> LoadPlanView(const PlanServices& s, const Actor& actor, int64_t plan_id);

}  // namespace exo::app
