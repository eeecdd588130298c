#include "product/qc_rules.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "rulefile/toml.h"

namespace exo::product {

namespace {

struct KindInfo {
  CheckKind kind;
  std::string_view name;
  std::vector<std::string_view> numbers;  // required numeric parameters
  std::vector<std::string_view> lists;    // required list parameters
};

const std::vector<KindInfo>& Kinds() {
  static const auto* kinds = new std::vector<KindInfo>{
      {CheckKind::kOriginDisclosed, "origin_disclosed", {}, {}},
      {CheckKind::kHumanOrigin, "human_origin", {}, {"human_species"}},
      {CheckKind::kLotNumber, "lot_number", {}, {}},
      {CheckKind::kLotDates, "lot_dates", {}, {}},
      {CheckKind::kNotExpired, "not_expired", {}, {}},
      {CheckKind::kStorage, "storage", {"max_celsius_liquid", "max_celsius_dry"}, {"dry_forms"}},
      {CheckKind::kDonorConsent, "donor_consent", {}, {}},
      {CheckKind::kDonorScreening, "donor_screening", {}, {"required_tests"}},
      {CheckKind::kGmp, "gmp", {}, {}},
      {CheckKind::kSterileFiltration, "sterile_filtration", {"max_pore_um"}, {}},
      {CheckKind::kSterility, "sterility", {}, {}},
      {CheckKind::kMycoplasma, "mycoplasma", {}, {}},
      {CheckKind::kEndotoxinPerMl, "endotoxin_per_ml", {"max_eu_per_ml"}, {}},
      {CheckKind::kEndotoxinPerDoseIv, "endotoxin_per_dose_iv", {"k_eu_per_kg_per_h"}, {}},
      {CheckKind::kParticles, "particles", {}, {"accepted_methods"}},
      {CheckKind::kSize, "size", {"min_nm", "max_nm"}, {}},
      {CheckKind::kProtein, "protein", {}, {}},
      {CheckKind::kPurity, "purity", {"high_min_particles_per_ug", "low_min_particles_per_ug"}, {}},
      {CheckKind::kMarkersPositive, "markers_positive", {}, {"transmembrane", "cytosolic"}},
      {CheckKind::kMarkersNegative, "markers_negative", {}, {"contaminant"}},
      {CheckKind::kImaging, "imaging", {}, {"accepted_methods"}},
  };
  return *kinds;
}

const KindInfo* FindKind(std::string_view name) {
  for (const auto& k : Kinds())
    if (k.name == name) return &k;
  return nullptr;
}

const KindInfo& InfoOf(CheckKind kind) {
  for (const auto& k : Kinds())
    if (k.kind == kind) return k;
  EXO_CHECK(false, "every CheckKind is in Kinds()");
}

RouteSet Critical() {
  RouteSet s;
  s.Add(Route::kIv);
  s.Add(Route::kInjection);
  s.Add(Route::kMicroneedle);
  return s;
}

bool Contains(RouteSet outer, RouteSet inner) {
  for (Route r : kAllRoutes)
    if (inner.Has(r) && !outer.Has(r)) return false;
  return true;
}

std::string RoutesText(RouteSet s) {
  std::string out;
  for (Route r : kAllRoutes) {
    if (!s.Has(r)) continue;
    if (!out.empty()) out += ", ";
    out += RouteName(r);
  }
  return out.empty() ? "—" : out;
}

class Loader {
 public:
  std::vector<FieldError> errors;

  RouteSet Routes(const toml::table& t, const std::string& path, const char* key) {
    RouteSet s;
    const auto* arr = t[key].as_array();
    if (arr == nullptr) {
      if (t.contains(key)) errors.push_back({path + "." + key, "err.expected_array", {}});
      return s;
    }
    for (const auto& v : *arr) {
      const auto name = v.value<std::string>();
      const auto route = name ? ParseRoute(*name) : std::nullopt;
      if (!route) {
        errors.push_back({path + "." + key, "err.unknown_route", {name.value_or("?")}});
        continue;
      }
      s.Add(*route);
    }
    return s;
  }

  Text TextOf(const toml::table& t, const std::string& path, const char* key) {
    return rulefile::ReadText(toml::node_view<const toml::node>(t[key].node()), path + "." + key,
                              errors);
  }

  void Floor(bool ok, const std::string& what) {
    if (!ok) errors.push_back({"criterion", "err.rules_safety_floor", {what}});
  }
};

}  // namespace

std::string_view AreaName(QcArea area) {
  switch (area) {
    case QcArea::kOriginLot:
      return "origin_lot";
    case QcArea::kManufacturingQc:
      return "manufacturing_qc";
    case QcArea::kContentPurity:
      return "content_purity";
  }
  return "origin_lot";
}

std::string_view CheckKindName(CheckKind kind) { return InfoOf(kind).name; }

double QcCriterion::Number(std::string_view name) const {
  const auto it = numbers.find(name);
  EXO_CHECK(it != numbers.end(), "parameter validated by the loader");
  return it->second;
}

const std::vector<std::string>& QcCriterion::List(std::string_view name) const {
  const auto it = lists.find(name);
  EXO_CHECK(it != lists.end(), "parameter validated by the loader");
  return it->second;
}

const QcCriterion* QcRules::Find(std::string_view id) const {
  for (const auto& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

Result<QcRules> ParseQcRules(std::string_view toml_text) {
  auto parsed = rulefile::Parse(toml_text, "qc.toml");
  if (!parsed) return parsed.error();
  const toml::table& doc = *parsed;

  Loader l;
  QcRules rules;
  const auto* list = doc["criterion"].as_array();
  if (list == nullptr || list->empty()) return Invalid("criterion", "err.required");

  for (size_t i = 0; i < list->size(); ++i) {
    const auto* t = (*list)[i].as_table();
    const std::string path = "criterion[" + std::to_string(i) + "]";
    if (t == nullptr) {
      l.errors.push_back({path, "err.expected_object", {}});
      continue;
    }
    QcCriterion c;
    c.id = (*t)["id"].value<std::string>().value_or("");
    if (c.id.empty()) l.errors.push_back({path + ".id", "err.required", {}});
    const std::string cpath = c.id.empty() ? path : c.id;
    if (rules.Find(c.id) != nullptr) l.errors.push_back({cpath + ".id", "err.duplicate", {c.id}});

    const auto check = (*t)["check"].value<std::string>().value_or("");
    const KindInfo* kind = FindKind(check);
    if (kind == nullptr) {
      l.errors.push_back({cpath + ".check", "err.rules_unknown_check", {check}});
      continue;
    }
    c.check = kind->kind;

    const auto area = (*t)["area"].value<std::string>().value_or("");
    bool area_ok = false;
    for (QcArea a : kAllAreas) {
      if (AreaName(a) == area) c.area = a, area_ok = true;
    }
    if (!area_ok) {
      l.errors.push_back({cpath + ".area",
                          "err.expected_one_of",
                          {area, "origin_lot, manufacturing_qc, content_purity"}});
    }
    c.routes = l.Routes(*t, cpath, "routes");
    if (c.routes.empty()) l.errors.push_back({cpath + ".routes", "err.routes_required", {}});
    c.blocks_if_fail = l.Routes(*t, cpath, "blocks_if_fail");
    c.blocks_if_not_disclosed = l.Routes(*t, cpath, "blocks_if_not_disclosed");
    c.final_if_fail = (*t)["final_if_fail"].value<bool>().value_or(false);
    c.final_if_not_disclosed = (*t)["final_if_not_disclosed"].value<bool>().value_or(false);
    c.title = l.TextOf(*t, cpath, "title");
    c.requirement = l.TextOf(*t, cpath, "requirement");
    if (const auto citation = (*t)["source"].value<std::string>()) {
      c.source = Text{*citation, *citation};
      if (citation->empty()) l.errors.push_back({cpath + ".source", "err.required", {}});
    } else {
      c.source = l.TextOf(*t, cpath, "source");
    }

    for (auto name : kind->numbers) {
      const std::string key(name);
      const auto v = (*t)[key].value<double>();
      if (!v) {
        std::string field = cpath;
        field.append(".").append(key);
        l.errors.push_back({std::move(field), "err.expected_number", {"(missing)"}});
        continue;
      }
      c.numbers[key] = *v;
    }
    for (auto name : kind->lists) {
      const std::string key(name);
      const auto* arr = (*t)[key].as_array();
      if (arr == nullptr || arr->empty()) {
        std::string field = cpath;
        field.append(".").append(key);
        l.errors.push_back({std::move(field), "err.expected_array", {"(missing)"}});
        continue;
      }
      auto& out = c.lists[key];
      for (const auto& v : *arr) out.push_back(v.value<std::string>().value_or(""));
    }
    rules.criteria.push_back(std::move(c));
  }

  if (const auto* disclosure = doc["disclosure"].as_table()) {
    for (QcArea a : kAllAreas) {
      const auto* arr = (*disclosure)[AreaName(a)].as_array();
      if (arr == nullptr || arr->empty()) {
        l.errors.push_back({"disclosure." + std::string(AreaName(a)), "err.required", {}});
        continue;
      }
      for (const auto& v : *arr) {
        const auto p = v.value<std::string>();
        if (!p || p->empty() || (*p)[0] != '/') {
          l.errors.push_back(
              {"disclosure." + std::string(AreaName(a)), "err.expected_string", {p.value_or("?")}});
          continue;
        }
        rules.disclosure_fields[a].push_back(*p);
      }
    }
  } else {
    l.errors.push_back({"disclosure", "err.required", {}});
  }

  // Safety floor: a clinic may make the rules stricter, never weaker than this.
  const auto floor = [&](CheckKind kind, RouteSet fail, RouteSet not_disclosed, bool final_fail,
                         bool final_nd) {
    bool found = false;
    for (const auto& c : rules.criteria) {
      if (c.check != kind) continue;
      found = true;
      const std::string what = c.id + " (" + std::string(CheckKindName(kind)) + ")";
      l.Floor(Contains(c.routes, fail) && Contains(c.routes, not_disclosed),
              what + ": routes must include " + RoutesText(fail));
      l.Floor(Contains(c.blocks_if_fail, fail),
              what + ": blocks_if_fail must include " + RoutesText(fail));
      l.Floor(Contains(c.blocks_if_not_disclosed, not_disclosed),
              what + ": blocks_if_not_disclosed must include " + RoutesText(not_disclosed));
      l.Floor(!final_fail || c.final_if_fail, what + ": final_if_fail must be true");
      l.Floor(!final_nd || c.final_if_not_disclosed,
              what + ": final_if_not_disclosed must be true");
    }
    if (!found)
      l.errors.push_back(
          {"criterion", "err.rules_missing_criterion", {std::string(CheckKindName(kind))}});
  };
  RouteSet iv_inj;
  iv_inj.Add(Route::kIv);
  iv_inj.Add(Route::kInjection);
  RouteSet iv;
  iv.Add(Route::kIv);
  if (l.errors.empty()) {
    floor(CheckKind::kSterility, RouteSet::All(), Critical(), true, false);
    floor(CheckKind::kMycoplasma, Critical(), Critical(), false, false);
    floor(CheckKind::kEndotoxinPerMl, Critical(), Critical(), false, false);
    floor(CheckKind::kNotExpired, RouteSet::All(), RouteSet::All(), true, true);
    floor(CheckKind::kHumanOrigin, iv_inj, RouteSet(), true, false);
    floor(CheckKind::kEndotoxinPerDoseIv, iv, RouteSet(), false, false);
    for (const auto& c : rules.criteria) {
      if (c.check == CheckKind::kEndotoxinPerDoseIv)
        l.Floor(c.Number("k_eu_per_kg_per_h") <= 5.0,
                c.id + ": k_eu_per_kg_per_h must be at most 5 (USP <85>)");
    }
  }

  if (!l.errors.empty()) return InvalidFields(std::move(l.errors));
  for (const auto& [area, fields] : rules.disclosure_fields)
    rules.disclosure_sorted.insert(rules.disclosure_sorted.end(), fields.begin(), fields.end());
  std::sort(rules.disclosure_sorted.begin(), rules.disclosure_sorted.end());
  rules.disclosure_sorted.erase(
      std::unique(rules.disclosure_sorted.begin(), rules.disclosure_sorted.end()),
      rules.disclosure_sorted.end());
  for (const auto& [area, fields] : rules.disclosure_fields) {
    for (const auto& f : fields) {
      const auto it =
          std::lower_bound(rules.disclosure_sorted.begin(), rules.disclosure_sorted.end(), f);
      rules.disclosure_pos[area].push_back(
          static_cast<size_t>(it - rules.disclosure_sorted.begin()));
    }
  }
  return rules;
}

std::string QcRulesToMarkdown(const QcRules& rules) {
  std::ostringstream md;
  md << "| id | area | applies to | blocks if fail | blocks if not disclosed | override | "
        "requirement (en) | 基準 (ja) | source |\n";
  md << "|---|---|---|---|---|---|---|---|---|\n";
  const auto cell = [](const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch == '|')
        out += "\\|";
      else if (ch == '\n')
        out += ' ';
      else
        out += ch;
    }
    return out;
  };
  for (const auto& c : rules.criteria) {
    std::string override_text = "allowed";
    if (c.final_if_fail && c.final_if_not_disclosed)
      override_text = "never";
    else if (c.final_if_fail)
      override_text = "not for fail";
    else if (c.final_if_not_disclosed)
      override_text = "not for not disclosed";
    md << "| `" << c.id << "` | " << AreaName(c.area) << " | " << RoutesText(c.routes) << " | "
       << RoutesText(c.blocks_if_fail) << " | " << RoutesText(c.blocks_if_not_disclosed) << " | "
       << override_text << " | " << cell(c.title.en + ": " + c.requirement.en) << " | "
       << cell(c.title.ja + ": " + c.requirement.ja) << " | "
       << cell(c.source.en == c.source.ja ? c.source.en : c.source.en + " / " + c.source.ja)
       << " |\n";
  }
  md << "\nDisclosure score fields (share disclosed per area):\n\n";
  for (QcArea a : kAllAreas) {
    md << "- **" << AreaName(a) << "**: ";
    const auto it = rules.disclosure_fields.find(a);
    if (it != rules.disclosure_fields.end()) {
      for (size_t i = 0; i < it->second.size(); ++i)
        md << (i ? ", " : "") << "`" << it->second[i] << "`";
    }
    md << "\n";
  }
  return md.str();
}

}  // namespace exo::product
