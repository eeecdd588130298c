#include "screening/intake.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/format.h"
#include "core/json_input.h"
#include "core/text.h"
#include "core/utf8.h"

namespace exo::screening {

using nlohmann::json;

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

class Reader {
 public:
  std::vector<FieldError> errors;
  std::vector<std::string> missing;

  const json* Get(const json& obj, const std::string& path) {
    const std::string key = path.substr(path.rfind('/') + 1);
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      missing.push_back(path);
      return nullptr;
    }
    return &*it;
  }

  std::optional<double> Number(const json& obj, const std::string& path, double lo, double hi,
                               bool integer, bool lo_exclusive = false) {
    const json* v = Get(obj, path);
    if (v == nullptr) return std::nullopt;
    const bool whole = v->is_number_integer() ||
                       (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
    if (!v->is_number() || (integer && !whole)) {
      errors.push_back({path,
                        integer ? "err.expected_integer_range" : "err.expected_number",
                        {ShortJson(*v), Num(lo), Num(hi)}});
      return std::nullopt;
    }
    const double d = v->get<double>();
    if (d < lo || d > hi || (lo_exclusive && d <= lo)) {
      errors.push_back({path, "err.out_of_range", {ShortJson(*v), Num(lo), Num(hi)}});
      return std::nullopt;
    }
    return d;
  }

  std::optional<bool> Bool(const json& obj, const std::string& path) {
    const json* v = Get(obj, path);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) {
      errors.push_back({path, "err.expected_bool", {ShortJson(*v)}});
      return std::nullopt;
    }
    return v->get<bool>();
  }

  std::optional<std::string> OneOf(const json& obj, const std::string& path,
                                   const std::vector<std::string>& allowed) {
    const json* v = Get(obj, path);
    if (v == nullptr) return std::nullopt;
    std::string joined;
    for (const auto& a : allowed) joined += (joined.empty() ? "" : ", ") + a;
    if (!v->is_string() ||
        std::find(allowed.begin(), allowed.end(), Lower(v->get<std::string>())) == allowed.end()) {
      errors.push_back({path, "err.expected_one_of", {ShortJson(*v), joined}});
      return std::nullopt;
    }
    return Lower(v->get<std::string>());
  }

  std::vector<std::string> Strings(const json& obj, const std::string& path) {
    std::vector<std::string> out;
    const json* v = Get(obj, path);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      errors.push_back({path, "err.expected_array", {ShortJson(*v)}});
      return out;
    }
    if (v->size() > 100) {
      errors.push_back(
          {path, "err.out_of_range", {std::to_string(v->size()) + " items", "0", "100"}});
      return out;
    }
    for (size_t i = 0; i < v->size(); ++i) {
      const json& item = (*v)[i];
      if (!item.is_string() || Lower(item.get<std::string>()).empty() ||
          CodePoints(item.get<std::string>()) > 200) {
        errors.push_back(
            {path + "/" + std::to_string(i), "err.expected_string", {ShortJson(item)}});
        continue;
      }
      const std::string s = Lower(item.get<std::string>());
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
  }

 private:
  static std::string Num(double d) { return FormatNumber(d); }
};

}  // namespace

Result<Intake> ParseIntake(std::string_view json_text) {
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  Reader r;
  Intake in;
  RefuseUnknownMembers(doc, "",
                       {"schema", "age", "sex", "weight_kg", "goals", "planned_routes",
                        "conditions", "medications", "allergies", "lifestyle"},
                       r.errors);
  const auto schema = doc.find("schema");
  if (schema == doc.end()) {
    r.errors.push_back({"/schema", "err.required", {}});
  } else if (!schema->is_string() || schema->get<std::string>() != kIntakeSchema) {
    r.errors.push_back({"/schema", "err.schema", {ShortJson(*schema), std::string(kIntakeSchema)}});
  }
  if (auto age = r.Number(doc, "/age", 0, 120, true)) in.age = static_cast<int>(*age);
  in.sex = r.OneOf(doc, "/sex", {"female", "male", "other", "unknown"});
  in.weight_kg = r.Number(doc, "/weight_kg", 0, 400, false, true);
  in.goals = r.Strings(doc, "/goals");
  for (size_t i = 0; i < in.goals.size(); ++i) {
    if (in.goals[i] != "skin" && in.goals[i] != "hair" && in.goals[i] != "systemic")
      r.errors.push_back({"/goals/" + std::to_string(i),
                          "err.expected_one_of",
                          {"\"" + in.goals[i] + "\"", "skin, hair, systemic"}});
  }
  const auto routes = r.Strings(doc, "/planned_routes");
  for (size_t i = 0; i < routes.size(); ++i) {
    if (auto route = ParseRoute(routes[i])) {
      in.planned_routes.push_back(*route);
    } else {
      r.errors.push_back(
          {"/planned_routes/" + std::to_string(i), "err.unknown_route", {"\"" + routes[i] + "\""}});
    }
  }
  in.conditions = r.Strings(doc, "/conditions");
  in.medications = r.Strings(doc, "/medications");
  in.allergies = r.Strings(doc, "/allergies");
  if (const json* l = r.Get(doc, "/lifestyle")) {
    if (!l->is_object()) {
      r.errors.push_back({"/lifestyle", "err.expected_object", {ShortJson(*l)}});
    } else {
      RefuseUnknownMembers(*l, "/lifestyle",
                           {"sleep_hours", "stress_pss10", "smoker", "alcohol_units_per_week",
                            "diet", "uv_exposure", "menopause"},
                           r.errors);
      Lifestyle& ls = in.lifestyle;
      ls.sleep_hours = r.Number(*l, "/lifestyle/sleep_hours", 0, 24, false);
      if (auto pss = r.Number(*l, "/lifestyle/stress_pss10", 0, 40, true))
        ls.stress_pss10 = static_cast<int>(*pss);
      ls.smoker = r.Bool(*l, "/lifestyle/smoker");
      ls.alcohol_units_per_week = r.Number(*l, "/lifestyle/alcohol_units_per_week", 0, 200, false);
      ls.diet = r.OneOf(*l, "/lifestyle/diet",
                        {"balanced", "irregular", "poor", "vegetarian", "vegan", "other"});
      ls.uv_exposure = r.OneOf(*l, "/lifestyle/uv_exposure", {"low", "moderate", "high"});
      ls.menopause = r.OneOf(*l, "/lifestyle/menopause", {"pre", "peri", "post", "not_applicable"});
    }
  }
  if (!r.errors.empty()) return InvalidFields(std::move(r.errors));
  in.missing = std::move(r.missing);
  return in;
}

}  // namespace exo::screening
