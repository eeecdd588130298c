// Use case: create a draft plan for a patient, with every check listed.
#include "app/audit.h"
#include "app/plan_view.h"

namespace exo::app {

Result<PlanView> CreatePlan(const PlanServices& s, const Actor& actor, int64_t patient_id,
                            std::string_view plan_json) {
  auto req = treatment::ParsePlanRequest(plan_json, s.clock.Today());
  if (!req) return req.error();
  auto gathered = GatherPlanFacts(s, actor, patient_id, *req);
  if (!gathered) return gathered.error();
  store::StoredPlan plan;
  plan.clinic_id = actor.clinic_id;
  plan.patient_id = patient_id;
  plan.lot_id = req->lot_id;
  plan.request_json = std::string(plan_json);
  plan.status = store::PlanStatus::kDraft;
  plan.created_at = s.clock.Now();
  plan.created_by = actor.name;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.plans.InsertPlan(plan); },
      [&](int64_t id) {
        return AuditNote{"plan.create", PatientObject(patient_id), "plan/" + std::to_string(id)};
      });
  if (!id) return id.error();
  plan.id = *id;
  auto evaluation = treatment::EvaluatePlan(*req, gathered->facts, s.clinic);
  return PlanView{std::move(plan), std::move(*req), std::move(evaluation), std::move(gathered->lot),
                  std::move(gathered->certificate)};
}

}  // namespace exo::app
