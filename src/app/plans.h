// Use cases for treatment plans: create (a draft, with every check listed), show (checks
// re-run with today's facts), activate (a physician; refused while any check is an error,
// including an unsigned contraindication for the route) and the iCalendar schedule.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/result.h"
#include "product/certificate.h"
#include "product/qc_rules.h"
#include "screening/screening_rules.h"
#include "store/audit_log.h"
#include "store/lot_store.h"
#include "store/patient_store.h"
#include "store/plan_store.h"
#include "store/session_store.h"
#include "store/unit_of_work.h"
#include "treatment/clinic_settings.h"
#include "treatment/plan.h"

namespace exo::app {

struct PlanServices {
  store::PlanStore& plans;
  store::PatientStore& patients;
  store::ScreeningStore& screenings;
  store::LotReader& lots;
  const store::TreatmentSessionStore& sessions;  // activation: other plans' progress
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const product::QcRules& qc_rules;
  const treatment::ClinicSettings& clinic;
  const std::vector<treatment::Alternative>& alternatives;
  const screening::ScreeningRules& screening;  // the intake screened again for the plan's route
};

struct PlanView {
  store::StoredPlan plan;
  treatment::PlanRequest request;
  treatment::PlanEvaluation evaluation;
  product::Lot lot;                                 // the plan's lot as read for the checks
  std::optional<product::Certificate> certificate;  // its certificate, parsed once
};

Result<PlanView> CreatePlan(const PlanServices& s, const Actor& actor, int64_t patient_id,
                            std::string_view plan_json);
Result<PlanView> ShowPlan(const PlanServices& s, const Actor& actor, int64_t plan_id);
Result<std::vector<PlanView>> ListPlans(const PlanServices& s, const Actor& actor,
                                        int64_t patient_id);
// Activates a draft (a physician). Refused while a check is an error, and while another
// active plan of the patient on the same route still has sessions to give, unless
// `override_reason` says why both may run (it is written to the audit entry).
Result<PlanView> ActivatePlan(const PlanServices& s, const Actor& actor, int64_t plan_id,
                              const std::string& override_reason = "");
Result<std::string> PlanICalendar(const PlanServices& s, const Actor& actor, int64_t plan_id,
                                  Lang lang);

nlohmann::json PlanViewToJson(const PlanView& view, const PlanServices& s, Lang lang);

}  // namespace exo::app
