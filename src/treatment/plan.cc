#include "treatment/plan.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "core/json_input.h"
#include "core/text.h"

namespace exo::treatment {

using nlohmann::json;

namespace {

const std::vector<std::string> kGoals = {"skin", "hair", "systemic"};
const std::vector<std::string> kSites = {"face",  "neck",  "decollete",
                                         "hands", "scalp", "whole_body"};

}  // namespace

Result<PlanRequest> ParsePlanRequest(std::string_view json_text, std::optional<Date> today) {
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(doc, "",
                       {"goals", "sites", "route", "lot_id", "dose_particles", "interval_days",
                        "sessions", "infusion_minutes", "start_date"},
                       errors);
  PlanRequest p;
  const auto list = [&](const char* key, const std::vector<std::string>& allowed) {
    std::vector<std::string> out;
    const std::string path = std::string("/") + key;
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_array() || it->empty()) {
      const bool empty = it != doc.end() && it->is_array();
      errors.push_back({path,
                        it == doc.end() ? "err.required"
                        : empty         ? "err.choose_at_least_one"
                                        : "err.expected_array",
                        {it == doc.end() || empty ? "" : ShortJson(*it)}});
      return out;
    }
    std::string joined;
    for (const auto& a : allowed) joined += (joined.empty() ? "" : ", ") + a;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string() ||
          std::find(allowed.begin(), allowed.end(), v.get<std::string>()) == allowed.end()) {
        errors.push_back(
            {path + "/" + std::to_string(i), "err.expected_one_of", {ShortJson(v), joined}});
        continue;
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  };
  p.goals = list("goals", kGoals);
  p.sites = list("sites", kSites);
  const auto route = doc.find("route");
  if (route == doc.end()) {
    errors.push_back({"/route", "err.required", {}});
  } else if (!route->is_string() || !ParseRoute(route->get<std::string>())) {
    errors.push_back({"/route", "err.unknown_route", {ShortJson(*route)}});
  } else {
    p.route = *ParseRoute(route->get<std::string>());
  }
  const auto number = [&](const char* key, double lo, double hi,
                          bool integer) -> std::optional<double> {
    const std::string path = std::string("/") + key;
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
      errors.push_back({path, "err.required", {}});
      return std::nullopt;
    }
    if (!it->is_number() || (integer && !it->is_number_integer())) {
      errors.push_back({path,
                        integer ? "err.expected_integer_range" : "err.expected_number",
                        {ShortJson(*it), FormatNumber(lo), FormatNumber(hi)}});
      return std::nullopt;
    }
    const double v = it->get<double>();
    if (!(v >= lo && v <= hi)) {
      errors.push_back(
          {path, "err.out_of_range", {ShortJson(*it), FormatNumber(lo), FormatNumber(hi)}});
      return std::nullopt;
    }
    return v;
  };
  if (auto v = number("lot_id", 1, 9e15, true)) p.lot_id = static_cast<int64_t>(*v);
  if (auto v = number("dose_particles", 1, 1e15, false)) p.dose_particles = *v;
  if (auto v = number("interval_days", 1, 365, true)) p.interval_days = static_cast<int>(*v);
  if (auto v = number("sessions", 1, 52, true)) p.sessions = static_cast<int>(*v);
  if (doc.contains("infusion_minutes") && !doc["infusion_minutes"].is_null()) {
    if (auto v = number("infusion_minutes", 1, 24 * 60, false)) p.infusion_minutes = *v;
  }
  const auto start = doc.find("start_date");
  if (start == doc.end()) {
    errors.push_back({"/start_date", "err.required", {}});
  } else {
    const auto d = start->is_string() ? Date::Parse(start->get<std::string>()) : std::nullopt;
    if (!d)
      errors.push_back({"/start_date", "err.expected_date", {ShortJson(*start)}});
    else if (today && *d < *today)
      errors.push_back({"/start_date", "err.date_in_past", {d->ToString()}});
    else
      p.start_date = *d;
  }
  // The route decides the sites (a drip goes to the whole body, the other routes to named
  // areas) and whether an infusion time is needed: the physician states it, nothing assumes it.
  if (route != doc.end() && ParseRoute(route->is_string() ? route->get<std::string>() : "")) {
    for (size_t i = 0; i < p.sites.size(); ++i)
      if (!SiteFitsRoute(p.sites[i], p.route))
        errors.push_back({"/sites/" + std::to_string(i), "err.site_not_for_route", {p.sites[i]}});
    if (p.route == Route::kIv && !p.infusion_minutes &&
        std::none_of(errors.begin(), errors.end(),
                     [](const FieldError& e) { return e.field == "/infusion_minutes"; }))
      errors.push_back({"/infusion_minutes", "err.required", {}});
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return p;
}

bool SiteFitsRoute(const std::string& site, Route route) {
  return (route == Route::kIv) == (site == "whole_body");
}

bool PlanEvaluation::HasError() const {
  return std::any_of(checks.begin(), checks.end(),
                     [](const PlanCheck& c) { return c.level == CheckLevel::kError; });
}
bool PlanEvaluation::CanActivate() const { return !HasError(); }

std::vector<Date> BuildSchedule(Date start, int interval_days, int sessions,
                                const ClinicSettings& clinic) {
  std::vector<Date> out;
  Date next = start;
  for (int i = 0; i < sessions; ++i) {
    int guard = 0;
    while (clinic.IsClosed(next) && guard++ < 366) next = next.AddDays(1);
    out.push_back(next);
    next = next.AddDays(interval_days);
  }
  return out;
}

PlanEvaluation EvaluatePlan(const PlanRequest& plan, const PlanFacts& f,
                            const ClinicSettings& clinic) {
  PlanEvaluation e;
  e.schedule = BuildSchedule(plan.start_date, plan.interval_days, plan.sessions, clinic);
  const std::string route(RouteName(plan.route));
  const auto add = [&e](CheckLevel level, std::string id, std::string message_id,
                        std::vector<std::string> args) {
    e.checks.push_back({level, std::move(id), std::move(message_id), std::move(args), false});
  };
  if (!f.lot_released_for_route)
    add(CheckLevel::kError, "lot_not_released", "plan.lot_not_released", {route, f.lot_state});
  if (!f.lot_expires_on) {
    add(CheckLevel::kError, "lot_expiry_unknown", "plan.lot_expiry_unknown", {});
  } else if (!e.schedule.empty() && *f.lot_expires_on < e.schedule.back()) {
    add(CheckLevel::kError, "lot_expires_before_last_session", "plan.lot_expires",
        {f.lot_expires_on->ToString(), e.schedule.back().ToString()});
  }
  if (!f.particles_per_ml || *f.particles_per_ml <= 0) {
    add(CheckLevel::kError, "dose_volume_unknown", "plan.dose_volume_unknown", {});
  } else {
    e.dose_ml = plan.dose_particles / *f.particles_per_ml;
    if (f.vials_in_stock && f.vial_volume_ml) {
      const double stock_particles = *f.vials_in_stock * *f.vial_volume_ml * *f.particles_per_ml;
      const double needed = plan.dose_particles * plan.sessions;
      if (needed > stock_particles)
        add(CheckLevel::kWarning, "stock_short", "plan.stock_short",
            {FormatNumber(needed), FormatNumber(stock_particles),
             std::to_string(*f.vials_in_stock)});
    }
  }
  if (plan.route == Route::kIv) {
    if (!f.patient_weight_kg) {
      add(CheckLevel::kError, "iv_weight_missing", "plan.iv_weight_missing", {});
    } else if (!f.endotoxin_eu_per_ml) {
      add(CheckLevel::kError, "iv_endotoxin_unknown", "plan.iv_endotoxin_unknown", {});
    } else if (e.dose_ml) {
      const double hours = std::max(1.0, plan.infusion_minutes.value_or(0) / 60.0);
      e.iv_endotoxin_eu_per_kg_per_h =
          *f.endotoxin_eu_per_ml * *e.dose_ml / (*f.patient_weight_kg * hours);
      if (*e.iv_endotoxin_eu_per_kg_per_h > f.k_eu_per_kg_per_h)
        add(CheckLevel::kError, "iv_endotoxin_over_k", "plan.iv_endotoxin_over_k",
            {FormatNumber(*e.iv_endotoxin_eu_per_kg_per_h), FormatNumber(f.k_eu_per_kg_per_h)});
    }
  }
  if (f.screening_exists && f.screening_misses_route) {
    std::string screened;
    for (const auto& r : f.screened_routes) screened += (screened.empty() ? "" : ", ") + r;
    if (f.unscreened_contraindications.empty()) {
      add(CheckLevel::kError, "screening_misses_route", "plan.screening_misses_route",
          {route, screened});
    } else {
      add(CheckLevel::kError, "screening_misses_route",
          "plan.screening_misses_route_contraindicated",
          {route, screened, std::to_string(f.unscreened_contraindications.size())});
    }
  }
  if (!f.screening_exists) {
    add(CheckLevel::kError, "screening_missing", "plan.screening_missing", {});
  } else if (!f.screening_signed_off) {
    add(CheckLevel::kError, "screening_not_signed_off",
        f.screening_contraindicates_route ? "plan.contraindicated_unsigned"
                                          : "plan.screening_not_signed_off",
        {route});
  }
  e.cost.currency = clinic.currency;
  e.cost.tax_rate = clinic.consumption_tax_rate;
  const auto price = clinic.price_per_session.find(plan.route);
  e.cost.per_session = price == clinic.price_per_session.end() ? 0 : price->second;
  e.cost.subtotal = e.cost.per_session * plan.sessions;
  e.cost.tax = static_cast<long long>(std::floor(e.cost.subtotal * clinic.consumption_tax_rate));
  e.cost.total = e.cost.subtotal + e.cost.tax;
  return e;
}

}  // namespace exo::treatment
