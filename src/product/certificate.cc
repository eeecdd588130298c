#include "product/certificate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_input.h"
#include "core/text.h"
#include "core/utf8.h"
#include "product/certificate_json.h"

namespace exo::product {

using nlohmann::json;

std::string_view TestOutcomeName(TestOutcome outcome) {
  switch (outcome) {
    case TestOutcome::kNegative:
      return "negative";
    case TestOutcome::kPositive:
      return "positive";
    case TestOutcome::kNotTested:
      return "not_tested";
  }
  return "not_tested";
}

bool Certificate::IsDisclosed(std::string_view json_pointer) const {
  return std::binary_search(disclosed_paths.begin(), disclosed_paths.end(), json_pointer);
}

namespace {

constexpr size_t kMaxString = 500;
constexpr size_t kMaxArray = 64;

// A short rendering of a received value for error messages.
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Reads typed members of a JSON object, recording errors, disclosed and unknown paths.
class Reader {
 public:
  std::vector<FieldError> errors;
  std::vector<std::string> disclosed;
  std::vector<std::string> unknown;

  // The member `key` of `obj` if it is present and not null, else nullptr.
  const json* Member(const json& obj, const std::string& path) {
    const std::string key = path.substr(path.rfind('/') + 1);
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }

  // An object member; nullptr when absent, or when it has the wrong type (error recorded).
  const json* Object(const json& obj, const std::string& path,
                     std::initializer_list<std::string_view> known) {
    const json* v = Member(obj, path);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      Fail(path, "err.expected_object", *v);
      return nullptr;
    }
    for (const auto& [key, value] : v->items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        unknown.push_back(path + "/");
        unknown.back() += key;
      }
    }
    return v;
  }

  std::optional<std::string> String(const json& obj, const std::string& path) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) return Fail(path, "err.expected_string", *v), std::nullopt;
    std::string s = v->get<std::string>();
    if (CodePoints(s) > kMaxString) {
      errors.push_back({path,
                        "err.string_too_long",
                        {std::to_string(CodePoints(s)), std::to_string(kMaxString)}});
      return std::nullopt;
    }
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
      errors.push_back({path, "err.empty_string", {}});
      return std::nullopt;
    }
    disclosed.push_back(path);
    return s;
  }

  enum class Sign { kAny, kNonNegative, kPositive };
  std::optional<double> Number(const json& obj, const std::string& path, Sign sign) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    const char* id = sign == Sign::kAny           ? "err.expected_number"
                     : sign == Sign::kNonNegative ? "err.expected_number_nonneg"
                                                  : "err.expected_number_positive";
    if (!v->is_number()) return Fail(path, id, *v), std::nullopt;
    const double d = v->get<double>();
    if (!std::isfinite(d) || (sign == Sign::kNonNegative && d < 0) ||
        (sign == Sign::kPositive && d <= 0))
      return Fail(path, id, *v), std::nullopt;
    disclosed.push_back(path);
    return d;
  }

  std::optional<double> Bounded(const json& obj, const std::string& path, double lo, double hi) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) return Fail(path, "err.expected_number", *v), std::nullopt;
    const double d = v->get<double>();
    if (!(d >= lo && d <= hi)) {
      errors.push_back({path, "err.out_of_range", {ShortJson(*v), Num(lo), Num(hi)}});
      return std::nullopt;
    }
    disclosed.push_back(path);
    return d;
  }

  std::optional<bool> Bool(const json& obj, const std::string& path) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) return Fail(path, "err.expected_bool", *v), std::nullopt;
    disclosed.push_back(path);
    return v->get<bool>();
  }

  std::optional<Date> DateField(const json& obj, const std::string& path) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    std::optional<Date> d;
    if (v->is_string()) d = Date::Parse(v->get<std::string>());
    if (!d) return Fail(path, "err.expected_date", *v), std::nullopt;
    disclosed.push_back(path);
    return d;
  }

  // An array of non-empty strings; a single string is accepted as a list of one when
  // `allow_single` is set. An empty array counts as not disclosed.
  std::optional<std::vector<std::string>> Strings(const json& obj, const std::string& path,
                                                  bool allow_single) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    if (allow_single && v->is_string()) {
      json arr = json::array({*v});
      return StringsOf(arr, path, false);
    }
    if (!v->is_array()) return Fail(path, "err.expected_array", *v), std::nullopt;
    return StringsOf(*v, path, true);
  }

  std::optional<TestOutcome> Outcome(const json& obj, const std::string& path) {
    const json* v = Member(obj, path);
    if (v == nullptr) return std::nullopt;
    static const std::set<std::string> kNegative = {"negative",     "pass",        "passed",
                                                    "conforms",     "complies",    "no growth",
                                                    "not detected", "non-reactive"};
    static const std::set<std::string> kPositive = {"positive", "fail",     "failed",
                                                    "growth",   "detected", "reactive"};
    if (v->is_string()) {
      const std::string s = Lower(v->get<std::string>());
      if (kNegative.count(s)) return Disclose(path), TestOutcome::kNegative;
      if (kPositive.count(s)) return Disclose(path), TestOutcome::kPositive;
      if (s == "not_tested" || s == "not tested") return TestOutcome::kNotTested;
    }
    errors.push_back(
        {path, "err.expected_one_of", {ShortJson(*v), "negative, positive, not_tested"}});
    return std::nullopt;
  }

  void Fail(const std::string& path, const char* id, const json& v) {
    errors.push_back({path, id, {ShortJson(v)}});
  }
  void Disclose(const std::string& path) { disclosed.push_back(path); }

 private:
  static std::string Num(double d) {
    json j = d;
    return j.dump();
  }

  std::optional<std::vector<std::string>> StringsOf(const json& arr, const std::string& path,
                                                    bool index_paths) {
    if (arr.size() > kMaxArray) {
      errors.push_back({path,
                        "err.out_of_range",
                        {std::to_string(arr.size()) + " items", "0", std::to_string(kMaxArray)}});
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string item_path = index_paths ? path + "/" + std::to_string(i) : path;
      const json& item = arr[i];
      if (!item.is_string() || item.get<std::string>().empty() ||
          CodePoints(item.get<std::string>()) > kMaxString) {
        Fail(item_path, "err.expected_string", item);
        ok = false;
        continue;
      }
      out.push_back(item.get<std::string>());
    }
    if (!ok) return std::nullopt;
    if (out.empty()) return std::nullopt;
    disclosed.push_back(path);
    return out;
  }
};

}  // namespace

Result<Certificate> ParseCertificate(std::string_view json_text) {
  auto doc = ParseJsonStrict(json_text);
  if (!doc) return doc.error();
  return ParseCertificateDocument(*doc);
}

Result<Certificate> ParseCertificateDocument(const json& doc) {
  if (!doc.is_object()) return Invalid("/", "err.expected_object", {ShortJson(doc)});

  Reader r;
  Certificate c;
  for (const auto& [key, value] : doc.items()) {
    static const std::set<std::string> kTop = {"schema", "product",       "lot",
                                               "donor",  "manufacturing", "tests"};
    if (!kTop.count(key)) r.unknown.push_back("/" + key);
  }
  const auto schema = doc.find("schema");
  if (schema == doc.end()) {
    r.errors.push_back({"/schema", "err.required", {}});
  } else if (!schema->is_string() || schema->get<std::string>() != kCertificateSchema) {
    r.errors.push_back(
        {"/schema", "err.schema", {ShortJson(*schema), std::string(kCertificateSchema)}});
  }

  if (const json* p = r.Object(doc, "/product",
                               {"name", "manufacturer", "origin", "form", "intended_routes"})) {
    c.product_name = r.String(*p, "/product/name");
    c.manufacturer = r.String(*p, "/product/manufacturer");
    c.form = r.String(*p, "/product/form");
    if (const json* o = r.Object(*p, "/product/origin", {"species", "tissue", "cell_type"})) {
      c.species = r.String(*o, "/product/origin/species");
      if (c.species) c.species = Lower(*c.species);
      c.tissue = r.String(*o, "/product/origin/tissue");
      c.cell_type = r.String(*o, "/product/origin/cell_type");
    }
    if (auto routes = r.Strings(*p, "/product/intended_routes", false)) {
      std::vector<Route> parsed;
      for (size_t i = 0; i < routes->size(); ++i) {
        if (auto route = ParseRoute((*routes)[i])) {
          parsed.push_back(*route);
        } else {
          r.errors.push_back({"/product/intended_routes/" + std::to_string(i),
                              "err.unknown_route",
                              {"\"" + (*routes)[i] + "\""}});
        }
      }
      c.intended_routes = parsed;
    }
  }

  if (const json* l =
          r.Object(doc, "/lot",
                   {"number", "manufactured_on", "expires_on", "storage_celsius", "volume_ml"})) {
    c.lot_number = r.String(*l, "/lot/number");
    c.manufactured_on = r.DateField(*l, "/lot/manufactured_on");
    c.expires_on = r.DateField(*l, "/lot/expires_on");
    c.storage_celsius = r.Bounded(*l, "/lot/storage_celsius", -273.15, 100);
    c.volume_ml = r.Number(*l, "/lot/volume_ml", Reader::Sign::kPositive);
    if (c.manufactured_on && c.expires_on && *c.expires_on < *c.manufactured_on) {
      r.errors.push_back({"/lot/expires_on",
                          "err.expiry_before_manufacture",
                          {c.expires_on->ToString(), c.manufactured_on->ToString()}});
    }
  }

  if (const json* d = r.Object(doc, "/donor", {"consented", "screening"})) {
    c.donor_consented = r.Bool(*d, "/donor/consented");
    if (const json* s = r.Member(*d, "/donor/screening")) {
      if (!s->is_object()) {
        r.Fail("/donor/screening", "err.expected_object", *s);
      } else {
        for (const auto& [key, value] : s->items()) {
          const std::string path = "/donor/screening/" + key;
          if (auto outcome = r.Outcome(*s, path)) c.donor_screening[key] = *outcome;
        }
      }
    }
  }

  if (const json* m =
          r.Object(doc, "/manufacturing",
                   {"gmp", "separation", "sterile_filtration_um", "viral_inactivation"})) {
    c.gmp = r.Bool(*m, "/manufacturing/gmp");
    c.separation = r.Strings(*m, "/manufacturing/separation", true);
    c.sterile_filtration_um =
        r.Number(*m, "/manufacturing/sterile_filtration_um", Reader::Sign::kPositive);
    c.viral_inactivation = r.String(*m, "/manufacturing/viral_inactivation");
  }

  if (const json* t =
          r.Object(doc, "/tests",
                   {"sterility", "mycoplasma", "endotoxin_eu_per_ml", "particles_per_ml",
                    "particle_method", "size_mode_nm", "size_d10_nm", "size_d90_nm",
                    "protein_ug_per_ml", "markers_positive", "markers_negative", "imaging"})) {
    using S = Reader::Sign;
    c.sterility = r.Outcome(*t, "/tests/sterility");
    c.mycoplasma = r.Outcome(*t, "/tests/mycoplasma");
    c.endotoxin_eu_per_ml = r.Number(*t, "/tests/endotoxin_eu_per_ml", S::kNonNegative);
    c.particles_per_ml = r.Number(*t, "/tests/particles_per_ml", S::kNonNegative);
    c.particle_method = r.String(*t, "/tests/particle_method");
    c.size_mode_nm = r.Number(*t, "/tests/size_mode_nm", S::kPositive);
    c.size_d10_nm = r.Number(*t, "/tests/size_d10_nm", S::kPositive);
    c.size_d90_nm = r.Number(*t, "/tests/size_d90_nm", S::kPositive);
    c.protein_ug_per_ml = r.Number(*t, "/tests/protein_ug_per_ml", S::kNonNegative);
    c.markers_positive = r.Strings(*t, "/tests/markers_positive", false);
    c.markers_negative = r.Strings(*t, "/tests/markers_negative", false);
    c.imaging = r.Strings(*t, "/tests/imaging", true);
    if (c.size_d10_nm && c.size_d90_nm && *c.size_d10_nm > *c.size_d90_nm) {
      r.errors.push_back({"/tests/size_d10_nm",
                          "err.d10_above_d90",
                          {json(*c.size_d10_nm).dump(), json(*c.size_d90_nm).dump()}});
    }
  }

  if (!r.errors.empty()) return InvalidFields(std::move(r.errors));
  std::sort(r.disclosed.begin(), r.disclosed.end());
  std::sort(r.unknown.begin(), r.unknown.end());
  c.disclosed_paths = std::move(r.disclosed);
  c.unknown_paths = std::move(r.unknown);
  return c;
}

}  // namespace exo::product
