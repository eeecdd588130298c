#include "screening/screen.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/format.h"

namespace exo::screening {

using nlohmann::json;

bool Screening::HasContraindicationFor(Route route) const {
  for (const auto& f : flags)
    if (f.rule->severity == Severity::kContraindicated && f.routes.Has(route)) return true;
  return false;
}

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Evaluates one rule; fills `matched` with what made it fire. All given conditions must hold.
bool Fires(const RuleWhen& w, const Intake& in, const ScreeningRules& rules,
           const std::vector<std::string>& unknown_meds,
           const std::vector<std::string>& unknown_conds, std::vector<std::string>& matched) {
  bool any_condition = false;
  const auto require = [&any_condition](bool holds) {
    any_condition = true;
    return holds;
  };
  if (!w.conditions_any.empty()) {
    std::vector<std::string> hit;
    for (const auto& c : in.conditions)
      if (Contains(w.conditions_any, c)) hit.push_back(c);
    if (!require(!hit.empty())) return false;
    matched.insert(matched.end(), hit.begin(), hit.end());
  }
  if (!w.medication_classes_any.empty()) {
    std::vector<std::string> hit;
    for (const auto& m : in.medications) {
      const Drug* d = rules.FindDrug(m);
      if (d == nullptr) continue;
      for (const auto& c : d->classes)
        if (Contains(w.medication_classes_any, c)) {
          hit.push_back(m);
          break;
        }
    }
    if (!require(!hit.empty())) return false;
    matched.insert(matched.end(), hit.begin(), hit.end());
  }
  if (!w.allergies_any.empty()) {
    std::vector<std::string> hit;
    for (const auto& a : in.allergies)
      for (const auto& component : w.allergies_any)
        if (a.find(component) != std::string::npos) {
          hit.push_back(a);
          break;
        }
    if (!require(!hit.empty())) return false;
    matched.insert(matched.end(), hit.begin(), hit.end());
  }
  if (w.allergy_count_at_least) {
    if (!require(static_cast<int>(in.allergies.size()) >= *w.allergy_count_at_least)) return false;
    matched.push_back(std::to_string(in.allergies.size()) + " allergies");
  }
  if (w.age_below) {
    if (!require(in.age && *in.age < *w.age_below)) return false;
    matched.push_back("age " + std::to_string(*in.age));
  }
  const Lifestyle& l = in.lifestyle;
  if (w.sleep_hours_below) {
    if (!require(l.sleep_hours && *l.sleep_hours < *w.sleep_hours_below)) return false;
    matched.push_back("sleep " + FormatNumber(*l.sleep_hours) + " h");
  }
  if (w.stress_pss10_at_least) {
    if (!require(l.stress_pss10 && *l.stress_pss10 >= *w.stress_pss10_at_least)) return false;
    matched.push_back("PSS-10 " + std::to_string(*l.stress_pss10));
  }
  if (w.smoker) {
    if (!require(l.smoker && *l.smoker == *w.smoker)) return false;
    matched.push_back("smoker");
  }
  if (w.alcohol_units_per_week_above) {
    if (!require(l.alcohol_units_per_week &&
                 *l.alcohol_units_per_week > *w.alcohol_units_per_week_above))
      return false;
    matched.push_back("alcohol " + FormatNumber(*l.alcohol_units_per_week) + " units/week");
  }
  const auto in_list = [&](const std::vector<std::string>& list,
                           const std::optional<std::string>& v, const char* label) {
    if (list.empty()) return true;
    if (!require(v && Contains(list, *v))) return false;
    matched.push_back(std::string(label) + " " + *v);
    return true;
  };
  if (!in_list(w.diet_in, l.diet, "diet")) return false;
  if (!in_list(w.uv_exposure_in, l.uv_exposure, "UV")) return false;
  if (!in_list(w.menopause_in, l.menopause, "menopause")) return false;
  if (w.weight_missing) {
    if (!require(!in.weight_kg)) return false;
    matched.push_back("/weight_kg");
  }
  if (w.unknown_medications) {
    if (!require(!unknown_meds.empty())) return false;
    matched.insert(matched.end(), unknown_meds.begin(), unknown_meds.end());
  }
  if (w.unknown_conditions) {
    if (!require(!unknown_conds.empty())) return false;
    matched.insert(matched.end(), unknown_conds.begin(), unknown_conds.end());
  }
  return any_condition;
}

std::string RoutesJoined(RouteSet routes) { return RouteSetToString(routes); }

}  // namespace

Screening Screen(const Intake& in, const ScreeningRules& rules) {
  Screening out;
  out.missing = in.missing;
  for (const auto& m : in.medications)
    if (rules.FindDrug(m) == nullptr) out.unknown_medications.push_back(m);
  for (const auto& c : in.conditions)
    if (!rules.conditions.count(c)) out.unknown_conditions.push_back(c);
  RouteSet planned;
  for (Route r : in.planned_routes) planned.Add(r);
  if (planned.empty()) planned = RouteSet::All();
  for (const auto& rule : rules.rules) {
    RouteSet routes;
    for (Route r : kAllRoutes)
      if (rule.routes.Has(r) && planned.Has(r)) routes.Add(r);
    if (routes.empty()) continue;
    Flag f;
    if (!Fires(rule.when, in, rules, out.unknown_medications, out.unknown_conditions, f.matched))
      continue;
    f.rule = &rule;
    f.routes = routes;
    out.flags.push_back(std::move(f));
  }
  std::stable_sort(out.flags.begin(), out.flags.end(), [](const Flag& a, const Flag& b) {
    return static_cast<int>(a.rule->severity) < static_cast<int>(b.rule->severity);
  });
  return out;
}

json ScreeningRecordJson(const Screening& s) {
  json flags = json::array();
  std::map<std::string, int> counts = {
      {"contraindicated", 0}, {"physician_review", 0}, {"caution", 0}, {"info", 0}};
  for (const auto& f : s.flags) {
    json routes = json::array();
    for (Route r : kAllRoutes)
      if (f.routes.Has(r)) routes.push_back(std::string(RouteName(r)));
    const std::string severity(SeverityName(f.rule->severity));
    ++counts[severity];
    flags.push_back({{"rule", f.rule->id},
                     {"severity", severity},
                     {"routes", routes},
                     {"reason", {{"ja", f.rule->reason.ja}, {"en", f.rule->reason.en}}},
                     {"matched", f.matched},
                     {"source", f.rule->source}});
  }
  return {{"schema", "exoclinic.screening/1"},
          {"flags", flags},
          {"summary", counts},
          {"unknown_medications", s.unknown_medications},
          {"unknown_conditions", s.unknown_conditions},
          {"missing", s.missing}};
}

json RenderScreeningJson(json stored, Lang lang) {
  if (!stored.is_object()) return stored;
  const std::string lang_name(LangName(lang));
  if (auto flags = stored.find("flags"); flags != stored.end() && flags->is_array()) {
    for (auto& f : *flags) {
      if (!f.is_object()) continue;
      const auto reason = f.find("reason");
      if (reason != f.end() && reason->is_object() && reason->contains(lang_name))
        f["text"] = (*reason)[lang_name];
      f["severity_label"] = Label("severity", f.value("severity", ""), lang);
    }
  }
  stored["lang"] = lang_name;
  stored["disclaimer"] = Message("screen.disclaimer", lang);
  return stored;
}

json ScreeningToJson(const Screening& s, const ScreeningRules&, Lang lang) {
  return RenderScreeningJson(ScreeningRecordJson(s), lang);
}

std::string ScreeningToText(const Screening& s, const ScreeningRules&, Lang lang) {
  std::ostringstream o;
  if (s.flags.empty()) o << Message("screen.no_flags", lang) << "\n";
  for (const auto& f : s.flags) {
    o << "[" << Label("severity", SeverityName(f.rule->severity), lang) << "] " << f.rule->id
      << " (" << RoutesJoined(f.routes) << ")\n    " << f.rule->reason.In(lang) << "\n";
    if (!f.matched.empty()) {
      o << "    " << Message("screen.matched", lang) << ": ";
      for (size_t i = 0; i < f.matched.size(); ++i) o << (i ? ", " : "") << f.matched[i];
      o << "\n";
    }
    o << "    " << Message("screen.source", lang) << ": " << f.rule->source << "\n";
  }
  if (!s.missing.empty()) {
    o << "\n" << Message("screen.missing", lang) << ": ";
    for (size_t i = 0; i < s.missing.size(); ++i) o << (i ? ", " : "") << s.missing[i];
    o << "\n";
  }
  o << "\n" << Message("screen.disclaimer", lang) << "\n";
  return o.str();
}

}  // namespace exo::screening
