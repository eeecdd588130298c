#include "screening/screening_rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "rulefile/toml.h"

namespace exo::screening {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> StringList(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const auto* arr = node.as_array())
    for (const auto& v : *arr)
      if (auto s = v.value<std::string>()) out.push_back(Lower(*s));
  return out;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kContraindicated:
      return "contraindicated";
    case Severity::kPhysicianReview:
      return "physician_review";
    case Severity::kCaution:
      return "caution";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kContraindicated, Severity::kPhysicianReview, Severity::kCaution,
                     Severity::kInfo})
    if (SeverityName(s) == name) return s;
  return std::nullopt;
}

const Drug* ScreeningRules::FindDrug(std::string_view name) const {
  const std::string n = Lower(std::string(name));
  for (const auto& d : drugs) {
    if (d.name == n) return &d;
    for (const auto& a : d.aliases)
      if (a == n) return &d;
  }
  return nullptr;
}

Result<ScreeningRules> ParseScreeningRules(std::string_view screening_toml,
                                           std::string_view medications_toml) {
  auto sdoc = rulefile::Parse(screening_toml, "screening.toml");
  if (!sdoc) return sdoc.error();
  auto mdoc = rulefile::Parse(medications_toml, "medications.toml");
  if (!mdoc) return mdoc.error();
  std::vector<FieldError> errors;
  ScreeningRules out;

  const auto text = [&errors](const toml::node_view<const toml::node>& n, const std::string& path) {
    return rulefile::ReadText(n, path, errors);
  };

  const toml::table& s = *sdoc;
  if (const auto* conds = s["conditions"].as_table()) {
    for (const auto& [key, value] : *conds) {
      const std::string id(key.str());
      out.conditions[id] = text(toml::node_view<const toml::node>(&value), "conditions." + id);
    }
  } else {
    errors.push_back({"conditions", "err.required", {}});
  }

  const toml::table& m = *mdoc;
  if (const auto* classes = m["classes"].as_table()) {
    for (const auto& [key, value] : *classes) {
      const std::string id(key.str());
      out.medication_classes[id] = text(toml::node_view<const toml::node>(&value), "classes." + id);
    }
  } else {
    errors.push_back({"classes", "err.required", {}});
  }
  if (const auto* drugs = m["drug"].as_array()) {
    for (size_t i = 0; i < drugs->size(); ++i) {
      const auto* t = (*drugs)[i].as_table();
      if (t == nullptr) continue;
      Drug d;
      d.name = Lower((*t)["name"].value<std::string>().value_or(""));
      const std::string path = "drug[" + (d.name.empty() ? std::to_string(i) : d.name) + "]";
      if (d.name.empty()) errors.push_back({path + ".name", "err.required", {}});
      d.aliases = StringList(toml::node_view<const toml::node>((*t)["aliases"].node()));
      d.classes = StringList(toml::node_view<const toml::node>((*t)["classes"].node()));
      for (const auto& c : d.classes)
        if (!out.medication_classes.count(c))
          errors.push_back({path + ".classes", "err.expected_one_of", {c, "a class in [classes]"}});
      out.drugs.push_back(std::move(d));
    }
  }

  const auto* rules = s["rule"].as_array();
  if (rules == nullptr || rules->empty()) errors.push_back({"rule", "err.required", {}});
  for (size_t i = 0; rules != nullptr && i < rules->size(); ++i) {
    const auto* t = (*rules)[i].as_table();
    if (t == nullptr) continue;
    ScreeningRule r;
    r.id = (*t)["id"].value<std::string>().value_or("");
    const std::string path = r.id.empty() ? "rule[" + std::to_string(i) + "]" : r.id;
    if (r.id.empty()) errors.push_back({path + ".id", "err.required", {}});
    const auto sev = ParseSeverity((*t)["severity"].value<std::string>().value_or(""));
    if (!sev)
      errors.push_back({path + ".severity",
                        "err.expected_one_of",
                        {(*t)["severity"].value<std::string>().value_or(""),
                         "contraindicated, physician_review, caution, info"}});
    else
      r.severity = *sev;
    for (const auto& name : StringList(toml::node_view<const toml::node>((*t)["routes"].node()))) {
      if (auto route = ParseRoute(name))
        r.routes.Add(*route);
      else
        errors.push_back({path + ".routes", "err.unknown_route", {name}});
    }
    if (r.routes.empty()) errors.push_back({path + ".routes", "err.routes_required", {}});
    r.reason = text(toml::node_view<const toml::node>((*t)["reason"].node()), path + ".reason");
    r.source = (*t)["source"].value<std::string>().value_or("");
    if (r.source.empty()) errors.push_back({path + ".source", "err.required", {}});
    const auto* w = (*t)["when"].as_table();
    if (w == nullptr) {
      errors.push_back({path + ".when", "err.required", {}});
      continue;
    }
    static const std::vector<std::string> kKnown = {"conditions_any",
                                                    "medication_classes_any",
                                                    "allergies_any",
                                                    "allergy_count_at_least",
                                                    "age_below",
                                                    "sleep_hours_below",
                                                    "stress_pss10_at_least",
                                                    "smoker",
                                                    "alcohol_units_per_week_above",
                                                    "diet_in",
                                                    "uv_exposure_in",
                                                    "menopause_in",
                                                    "weight_missing",
                                                    "unknown_medications",
                                                    "unknown_conditions"};
    for (const auto& [key, value] : *w)
      if (std::find(kKnown.begin(), kKnown.end(), std::string(key.str())) == kKnown.end())
        errors.push_back({path + ".when." + std::string(key.str()),
                          "err.rules_unknown_check",
                          {std::string(key.str())}});
    RuleWhen& when = r.when;
    const toml::node_view<const toml::node> wv(w);
    when.conditions_any = StringList(wv["conditions_any"]);
    for (const auto& c : when.conditions_any)
      if (!out.conditions.count(c))
        errors.push_back({path + ".when.conditions_any",
                          "err.expected_one_of",
                          {c, "a condition in [conditions]"}});
    when.medication_classes_any = StringList(wv["medication_classes_any"]);
    for (const auto& c : when.medication_classes_any)
      if (!out.medication_classes.count(c))
        errors.push_back({path + ".when.medication_classes_any",
                          "err.expected_one_of",
                          {c, "a class in medications.toml"}});
    when.allergies_any = StringList(wv["allergies_any"]);
    if (auto v = wv["allergy_count_at_least"].value<int>()) when.allergy_count_at_least = *v;
    if (auto v = wv["age_below"].value<int>()) when.age_below = *v;
    if (auto v = wv["sleep_hours_below"].value<double>()) when.sleep_hours_below = *v;
    if (auto v = wv["stress_pss10_at_least"].value<int>()) when.stress_pss10_at_least = *v;
    if (auto v = wv["smoker"].value<bool>()) when.smoker = *v;
    if (auto v = wv["alcohol_units_per_week_above"].value<double>())
      when.alcohol_units_per_week_above = *v;
    when.diet_in = StringList(wv["diet_in"]);
    when.uv_exposure_in = StringList(wv["uv_exposure_in"]);
    when.menopause_in = StringList(wv["menopause_in"]);
    when.weight_missing = wv["weight_missing"].value<bool>().value_or(false);
    when.unknown_medications = wv["unknown_medications"].value<bool>().value_or(false);
    when.unknown_conditions = wv["unknown_conditions"].value<bool>().value_or(false);
    out.rules.push_back(std::move(r));
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return out;
}

}  // namespace exo::screening
