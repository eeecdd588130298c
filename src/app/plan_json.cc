// The JSON view of a plan (docs/api.md), with the clinic's alternatives for its goals.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/plans.h"

namespace exo::app {

using nlohmann::json;

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
          {"status", std::string(store::PlanStatusName(v.plan.status))},
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
          {"activated_by", v.plan.activated_by},
          {"activation_override", v.plan.activation_override}};
}

}  // namespace exo::app
