#include "app/plans.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "product/certificate.h"
#include "report/ical.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;

namespace {

std::string PatientObject(int64_t id) { return "patient/" + std::to_string(id); }

// Gathers today's facts about the lot, the patient and the latest screening.
Result<treatment::PlanFacts> Facts(const PlanServices& s, const Actor& actor, int64_t patient_id,
                                   const treatment::PlanRequest& req) {
  treatment::PlanFacts f;
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
  }
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
    if (!f.patient_weight_kg) {
      json intake = json::parse(latest.intake_json, nullptr, false);
      if (!intake.is_discarded() && intake.contains("weight_kg") && intake["weight_kg"].is_number())
        f.patient_weight_kg = intake["weight_kg"].get<double>();
    }
  }
  return f;
}

Result<PlanView> Evaluate(const PlanServices& s, const Actor& actor, store::StoredPlan plan) {
  // The request was validated when stored; parse it against its own start date.
  const json raw = json::parse(plan.request_json, nullptr, false);
  const auto start = Date::Parse(raw.value("start_date", std::string()));
  auto req = treatment::ParsePlanRequest(plan.request_json, start.value_or(s.clock.Today()));
  if (!req) return Internal("stored plan " + std::to_string(plan.id) + " no longer parses");
  auto facts = Facts(s, actor, plan.patient_id, *req);
  if (!facts) return facts.error();
  PlanView v{std::move(plan), *req, treatment::EvaluatePlan(*req, *facts, s.clinic)};
  return v;
}

}  // namespace

Result<PlanView> CreatePlan(const PlanServices& s, const Actor& actor, int64_t patient_id,
                            std::string_view plan_json) {
  auto req = treatment::ParsePlanRequest(plan_json, s.clock.Today());
  if (!req) return req.error();
  auto facts = Facts(s, actor, patient_id, *req);
  if (!facts) return facts.error();
  store::StoredPlan plan;
  plan.clinic_id = actor.clinic_id;
  plan.patient_id = patient_id;
  plan.lot_id = req->lot_id;
  plan.request_json = std::string(plan_json);
  plan.status = "draft";
  plan.created_at = s.clock.Now();
  plan.created_by = actor.name;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.plans.InsertPlan(plan); },
      [&](int64_t id) {
        return AuditNote{"plan.create", PatientObject(patient_id), "plan/" + std::to_string(id)};
      });
  if (!id) return id.error();
  plan.id = *id;
  return PlanView{plan, *req, treatment::EvaluatePlan(*req, *facts, s.clinic)};
}

Result<PlanView> ShowPlan(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto plan = s.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(plan->patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return Evaluate(s, actor, std::move(*plan));
}

Result<std::vector<PlanView>> ListPlans(const PlanServices& s, const Actor& actor,
                                        int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto plans = s.plans.ListPlans(actor.clinic_id, patient_id);
  if (!plans) return plans.error();
  std::vector<PlanView> out;
  for (auto& p : *plans) {
    auto v = Evaluate(s, actor, std::move(p));
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return out;
}

Result<PlanView> ActivatePlan(const PlanServices& s, const Actor& actor, int64_t plan_id) {
  auto plan = s.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  auto view = Evaluate(s, actor, *plan);
  if (!view) return view.error();
  if (view->evaluation.HasError()) {
    std::string ids;
    for (const auto& c : view->evaluation.checks)
      if (c.level == treatment::CheckLevel::kError) ids += (ids.empty() ? "" : ", ") + c.id;
    RecordAudit(s.audit, s.clock, actor, "plan.activate", PatientObject(plan->patient_id),
                AuditOutcome::kFailed, "plan/" + std::to_string(plan_id) + ": " + ids);
    return Conflict("err.plan_has_errors", {ids});
  }
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&] { return s.plans.ActivatePlan(actor.clinic_id, plan_id, actor.name, s.clock.Now()); },
          [&](Ok) {
            return AuditNote{"plan.activate", PatientObject(plan->patient_id),
                             "plan/" + std::to_string(plan_id)};
          });
      !st)
    return st.error();
  return ShowPlan(s, actor, plan_id);
}

Result<std::string> PlanICalendar(const PlanServices& s, const Actor& actor, int64_t plan_id,
                                  Lang lang) {
  auto view = ShowPlan(s, actor, plan_id);
  if (!view) return view.error();
  std::vector<report::CalendarEvent> events;
  const auto& sched = view->evaluation.schedule;
  for (size_t i = 0; i < sched.size(); ++i) {
    events.push_back(
        {"plan-" + std::to_string(plan_id) + "-session-" + std::to_string(i + 1) + "@exoclinic",
         sched[i],
         Message("plan.ical_summary", lang,
                 {std::to_string(i + 1), std::to_string(sched.size()),
                  std::string(RouteName(view->request.route))}),
         Message("plan.ical_description", lang)});
  }
  return report::ToICalendar(events, s.clock.Now());
}

json PlanViewToJson(const PlanView& v, const PlanServices& s, Lang lang) {
  json schedule = json::array();
  for (Date d : v.evaluation.schedule) schedule.push_back(d.ToString());
  json checks = json::array();
  for (const auto& c : v.evaluation.checks)
    checks.push_back({{"id", c.id},
                      {"level", c.level == treatment::CheckLevel::kError ? "error" : "warning"},
                      {"message", Message(c.message_id, lang, c.args)}});
  json alternatives = json::array();
  for (const auto& a : s.alternatives) {
    const bool relevant =
        std::any_of(v.request.goals.begin(), v.request.goals.end(), [&](const auto& g) {
          return std::find(a.goals.begin(), a.goals.end(), g) != a.goals.end();
        });
    if (!relevant) continue;
    alternatives.push_back({{"id", a.id},
                            {"name", a.name.In(lang)},
                            {"risk", a.risk.In(lang)},
                            {"handling", a.handling.In(lang)},
                            {"cost", a.cost.In(lang)},
                            {"evidence", a.evidence.In(lang)},
                            {"source", a.source}});
  }
  const auto& e = v.evaluation;
  return {{"id", v.plan.id},
          {"patient_id", v.plan.patient_id},
          {"lot_id", v.plan.lot_id},
          {"status", v.plan.status},
          {"route", std::string(RouteName(v.request.route))},
          {"goals", v.request.goals},
          {"sites", v.request.sites},
          {"dose_particles", v.request.dose_particles},
          {"dose_ml", e.dose_ml ? json(*e.dose_ml) : json(nullptr)},
          {"infusion_minutes",
           v.request.infusion_minutes ? json(*v.request.infusion_minutes) : json(nullptr)},
          {"interval_days", v.request.interval_days},
          {"sessions", v.request.sessions},
          {"schedule", schedule},
          {"iv_endotoxin_eu_per_kg_per_h",
           e.iv_endotoxin_eu_per_kg_per_h ? json(*e.iv_endotoxin_eu_per_kg_per_h) : json(nullptr)},
          {"checks", checks},
          {"can_activate", e.CanActivate()},
          {"cost",
           {{"currency", e.cost.currency},
            {"per_session", e.cost.per_session},
            {"subtotal", e.cost.subtotal},
            {"consumption_tax_rate", e.cost.tax_rate},
            {"consumption_tax", e.cost.tax},
            {"total", e.cost.total}}},
          {"alternatives", alternatives},
          {"created_at", v.plan.created_at.ToIso8601()},
          {"created_by", v.plan.created_by},
          {"activated_at",
           v.plan.activated_at ? json(v.plan.activated_at->ToIso8601()) : json(nullptr)},
          {"activated_by", v.plan.activated_by}};
}

}  // namespace exo::app
