#include "app/plan_view.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "product/certificate.h"
#include "screening/intake.h"
#include "screening/screen.h"

namespace exo::app {

using nlohmann::json;

Result<treatment::PlanRequest> ParseStoredPlan(const store::StoredPlan& plan) {
  auto req = treatment::ParsePlanRequest(plan.request_json, std::nullopt);
  if (!req) return Internal("stored plan " + std::to_string(plan.id) + " no longer parses");
  return req;
}

// Gathers today's facts about the lot, the patient and the latest screening.
Result<PlanFactsAndLot> GatherPlanFacts(const PlanServices& s, const Actor& actor,
                                        int64_t patient_id, const treatment::PlanRequest& req) {
  PlanFactsAndLot out;
  treatment::PlanFacts& f = out.facts;
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  f.patient_weight_kg = patient->weight_kg;
  auto lot = s.lots.FindLot(actor.clinic_id, req.lot_id);
  if (!lot) {
    if (lot.error().code == ErrorCode::kNotFound)
      return Invalid("/lot_id", "err.not_found", {"lot", std::to_string(req.lot_id)});
    return lot.error();
  }
  f.lot_state = std::string(product::LotStateName(lot->state));
  f.lot_released_for_route =
      lot->state == product::LotState::kReleased && lot->released_routes.Has(req.route);
  f.lot_expires_on = lot->expires_on;
  f.vials_in_stock = lot->vials_in_stock;
  if (auto cert = product::ParseCertificate(lot->certificate_json)) {
    f.particles_per_ml = cert->particles_per_ml;
    f.endotoxin_eu_per_ml = cert->endotoxin_eu_per_ml;
    f.vial_volume_ml = cert->volume_ml;
    out.certificate = std::move(*cert);
  }
  out.lot = std::move(*lot);
  for (const auto& c : s.qc_rules.criteria)
    if (c.check == product::CheckKind::kEndotoxinPerDoseIv)
      f.k_eu_per_kg_per_h = c.Number("k_eu_per_kg_per_h");
  auto screenings = s.screenings.ListScreenings(actor.clinic_id, patient_id);
  if (!screenings) return screenings.error();
  if (!screenings->empty()) {
    const auto& latest = screenings->front();
    f.screening_exists = true;
    f.screening_signed_off = latest.signed_off_at.has_value();
    const auto routes = ParseRouteSet(latest.contraindicated_routes);
    f.screening_contraindicates_route = routes && routes->Has(req.route);
    // An intake that named its planned routes was screened, and signed off, for those only: a
    // plan on another route is screened again here, so the physician sees what the answers say
    // for the route the plan really uses.
    if (auto intake = screening::ParseIntake(latest.intake_json);
        intake && !intake->planned_routes.empty() &&
        std::find(intake->planned_routes.begin(), intake->planned_routes.end(), req.route) ==
            intake->planned_routes.end()) {
      f.screening_misses_route = true;
      for (const Route r : intake->planned_routes) f.screened_routes.emplace_back(RouteName(r));
      intake->planned_routes = {req.route};
      const screening::Screening again = screening::Screen(*intake, s.screening);
      for (const auto& flag : again.flags)
        if (flag.rule->severity == screening::Severity::kContraindicated &&
            flag.routes.Has(req.route))
          f.unscreened_contraindications.push_back(flag.rule->id);
    }
    if (!f.patient_weight_kg) {
      json intake = json::parse(latest.intake_json, nullptr, false);
      if (!intake.is_discarded() && intake.contains("weight_kg") && intake["weight_kg"].is_number())
        f.patient_weight_kg = intake["weight_kg"].get<double>();
    }
  }
  return out;
}

Result<PlanView> EvaluateStoredPlan(const PlanServices& s, const Actor& actor,
                                    store::StoredPlan plan) {
  auto req = ParseStoredPlan(plan);
  if (!req) return req.error();
  auto gathered = GatherPlanFacts(s, actor, plan.patient_id, *req);
  if (!gathered) return gathered.error();
  auto evaluation = treatment::EvaluatePlan(*req, gathered->facts, s.clinic);
  return PlanView{std::move(plan), std::move(*req), std::move(evaluation), std::move(gathered->lot),
                  std::move(gathered->certificate)};
}

Result<PlanView> LoadPlanView(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto plan = s.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  return EvaluateStoredPlan(s, actor, std::move(*plan));
}

}  // namespace exo::app
