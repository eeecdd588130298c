#include "product/qc_evaluation.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/format.h"
#include "core/local_time.h"

namespace exo::product {

std::string_view StatusName(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::kPass:
      return "pass";
    case CriterionStatus::kFail:
      return "fail";
    case CriterionStatus::kNotDisclosed:
      return "not_disclosed";
    case CriterionStatus::kNotApplicable:
      return "not_applicable";
  }
  return "not_applicable";
}

const RouteVerdict* QcReport::VerdictFor(Route route) const {
  for (const auto& v : verdicts)
    if (v.route == route) return &v;
  return nullptr;
}

std::string DetailArg::Render(Lang lang) const {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* d = std::get_if<double>(&value)) return FormatNumber(*d);
  if (const auto* i = std::get_if<int>(&value)) return std::to_string(*i);
  if (const auto* r = std::get_if<Route>(&value)) return Label("route", RouteName(*r), lang);
  return FormatDate(std::get<Date>(value), lang);
}

std::string RenderDetail(const CriterionResult& result, Lang lang) {
  std::vector<std::string> args;
  args.reserve(result.detail_args.size());
  for (const auto& a : result.detail_args) args.push_back(a.Render(lang));
  return Message(result.detail_id, lang, args);
}

const CriterionResult* QcReport::ResultFor(std::string_view criterion_id) const {
  for (const auto& r : criteria)
    if (r.criterion->id == criterion_id) return &r;
  return nullptr;
}

namespace {

using S = CriterionStatus;
using Args = std::vector<DetailArg>;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// True if `value` matches a list entry: case-insensitive, "RAB*" matches any prefix.
bool Matches(std::string_view value, const std::vector<std::string>& accepted) {
  for (const auto& a : accepted) {
    if (!a.empty() && a.back() == '*') {
      const std::string_view prefix(a.data(), a.size() - 1);
      if (value.size() >= prefix.size() && EqualsIgnoreCase(value.substr(0, prefix.size()), prefix))
        return true;
    } else if (EqualsIgnoreCase(value, a)) {
      return true;
    }
  }
  return false;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "—" : out;
}

DetailArg Num(double d) { return DetailArg(d); }

struct Outcome {
  S status;
  std::string_view detail_id;
  Args args;
};

Outcome TestResultOutcome(const std::optional<TestOutcome>& t, const char* field) {
  if (!t) return {S::kNotDisclosed, "qc.d.not_disclosed", {field}};
  switch (*t) {
    case TestOutcome::kNegative:
      return {S::kPass, "qc.d.test_negative", {}};
    case TestOutcome::kPositive:
      return {S::kFail, "qc.d.test_positive", {}};
    case TestOutcome::kNotTested:
      return {S::kNotDisclosed, "qc.d.test_not_tested", {}};
  }
  return {S::kNotDisclosed, "qc.d.not_disclosed", {field}};
}

bool IsHuman(const Certificate& c, const QcRules& rules) {
  if (!c.species) return false;
  for (const auto& crit : rules.criteria)
    if (crit.check == CheckKind::kHumanOrigin)
      return Matches(*c.species, crit.List("human_species"));
  return *c.species == "human";
}

Outcome Check(const QcCriterion& k, const Certificate& c, const QcContext& ctx, const QcDerived& d,
              bool human) {
  switch (k.check) {
    case CheckKind::kOriginDisclosed: {
      std::vector<std::string> missing;
      if (!c.species) missing.push_back("/product/origin/species");
      if (!c.tissue) missing.push_back("/product/origin/tissue");
      if (!c.cell_type) missing.push_back("/product/origin/cell_type");
      if (!missing.empty()) return {S::kNotDisclosed, "qc.d.not_disclosed", {Join(missing)}};
      return {S::kPass, "qc.d.origin", {*c.species, *c.tissue, *c.cell_type}};
    }
    case CheckKind::kHumanOrigin:
      if (!c.species) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/product/origin/species"}};
      if (human) return {S::kPass, "qc.d.human", {}};
      return {S::kFail, "qc.d.non_human", {*c.species}};
    case CheckKind::kLotNumber:
      if (!c.lot_number) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/lot/number"}};
      return {S::kPass, "qc.d.lot_number", {*c.lot_number}};
    case CheckKind::kLotDates: {
      std::vector<std::string> missing;
      if (!c.manufactured_on) missing.push_back("/lot/manufactured_on");
      if (!c.expires_on) missing.push_back("/lot/expires_on");
      if (!missing.empty()) return {S::kNotDisclosed, "qc.d.not_disclosed", {Join(missing)}};
      return {S::kPass, "qc.d.dates", {*c.manufactured_on, *c.expires_on}};
    }
    case CheckKind::kNotExpired:
      if (!c.expires_on) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/lot/expires_on"}};
      if (*d.days_to_expiry < 0)
        return {S::kFail, "qc.d.expired", {*c.expires_on, -*d.days_to_expiry}};
      return {S::kPass, "qc.d.expires_in", {*c.expires_on, *d.days_to_expiry}};
    case CheckKind::kStorage: {
      if (!c.storage_celsius)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/lot/storage_celsius"}};
      const bool dry = c.form && Matches(*c.form, k.List("dry_forms"));
      const double limit = k.Number(dry ? "max_celsius_dry" : "max_celsius_liquid");
      const std::string form = dry ? *c.form : c.form.value_or("liquid");
      if (*c.storage_celsius <= limit)
        return {S::kPass, "qc.d.storage_ok", {Num(*c.storage_celsius), Num(limit), form}};
      return {S::kFail, "qc.d.storage_warm", {Num(*c.storage_celsius), Num(limit), form}};
    }
    case CheckKind::kDonorConsent:
      if (c.species && !human) return {S::kNotApplicable, "qc.d.non_human_na", {}};
      if (!c.donor_consented) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/donor/consented"}};
      if (*c.donor_consented) return {S::kPass, "qc.d.donor_consented", {}};
      return {S::kFail, "qc.d.donor_not_consented", {}};
    case CheckKind::kDonorScreening: {
      if (c.species && !human) return {S::kNotApplicable, "qc.d.non_human_na", {}};
      std::vector<std::string> positive, missing, negative;
      for (const auto& [name, outcome] : c.donor_screening)
        if (outcome == TestOutcome::kPositive) positive.push_back(name);
      for (const auto& name : k.List("required_tests")) {
        const auto it = c.donor_screening.find(name);
        if (it == c.donor_screening.end() || it->second == TestOutcome::kNotTested)
          missing.push_back(name);
        else if (it->second == TestOutcome::kNegative)
          negative.push_back(name);
      }
      if (!positive.empty()) return {S::kFail, "qc.d.donor_positive", {Join(positive)}};
      if (!missing.empty()) return {S::kNotDisclosed, "qc.d.donor_missing", {Join(missing)}};
      return {S::kPass, "qc.d.donor_all_negative", {Join(negative)}};
    }
    case CheckKind::kGmp:
      if (!c.gmp) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/manufacturing/gmp"}};
      return *c.gmp ? Outcome{S::kPass, "qc.d.gmp_yes", {}} : Outcome{S::kFail, "qc.d.gmp_no", {}};
    case CheckKind::kSterileFiltration: {
      if (!c.sterile_filtration_um)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/manufacturing/sterile_filtration_um"}};
      const double limit = k.Number("max_pore_um");
      const Args a = {Num(*c.sterile_filtration_um), Num(limit)};
      if (*c.sterile_filtration_um <= limit) return {S::kPass, "qc.d.filtration_ok", a};
      return {S::kFail, "qc.d.filtration_wide", a};
    }
    case CheckKind::kSterility:
      return TestResultOutcome(c.sterility, "/tests/sterility");
    case CheckKind::kMycoplasma:
      return TestResultOutcome(c.mycoplasma, "/tests/mycoplasma");
    case CheckKind::kEndotoxinPerMl: {
      if (!c.endotoxin_eu_per_ml)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/endotoxin_eu_per_ml"}};
      const double limit = k.Number("max_eu_per_ml");
      const Args a = {Num(*c.endotoxin_eu_per_ml), Num(limit)};
      if (*c.endotoxin_eu_per_ml <= limit) return {S::kPass, "qc.d.endotoxin_ok", a};
      return {S::kFail, "qc.d.endotoxin_high", a};
    }
    case CheckKind::kEndotoxinPerDoseIv: {
      if (!c.endotoxin_eu_per_ml)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/endotoxin_eu_per_ml"}};
      if (!d.iv_endotoxin_eu_per_kg_per_h) return {S::kNotApplicable, "qc.d.dose_iv_needs", {}};
      const double k_limit = k.Number("k_eu_per_kg_per_h");
      const double minutes = ctx.infusion_minutes.value_or(0);
      const Args a = {Num(*c.endotoxin_eu_per_ml * *d.iv_dose_ml),
                      Num(*d.iv_dose_ml),
                      Num(minutes),
                      Num(*ctx.patient_weight_kg),
                      Num(*d.iv_endotoxin_eu_per_kg_per_h),
                      Num(k_limit)};
      if (*d.iv_endotoxin_eu_per_kg_per_h <= k_limit) return {S::kPass, "qc.d.dose_iv_ok", a};
      return {S::kFail, "qc.d.dose_iv_high", a};
    }
    case CheckKind::kParticles: {
      std::vector<std::string> missing;
      if (!c.particles_per_ml) missing.push_back("/tests/particles_per_ml");
      if (!c.particle_method) missing.push_back("/tests/particle_method");
      if (!missing.empty()) return {S::kNotDisclosed, "qc.d.not_disclosed", {Join(missing)}};
      const auto& methods = k.List("accepted_methods");
      if (!Matches(*c.particle_method, methods))
        return {S::kFail, "qc.d.particle_method", {*c.particle_method, Join(methods)}};
      if (*c.particles_per_ml <= 0) return {S::kFail, "qc.d.particles_zero", {}};
      return {S::kPass, "qc.d.particles_ok", {Num(*c.particles_per_ml), *c.particle_method}};
    }
    case CheckKind::kSize: {
      std::vector<std::string> missing;
      if (!c.size_mode_nm) missing.push_back("/tests/size_mode_nm");
      if (!c.size_d10_nm) missing.push_back("/tests/size_d10_nm");
      if (!c.size_d90_nm) missing.push_back("/tests/size_d90_nm");
      if (!missing.empty()) return {S::kNotDisclosed, "qc.d.not_disclosed", {Join(missing)}};
      const double lo = k.Number("min_nm"), hi = k.Number("max_nm");
      const Args a = {Num(*c.size_mode_nm), Num(*c.size_d10_nm), Num(*c.size_d90_nm), Num(lo),
                      Num(hi)};
      const bool inside = *c.size_mode_nm >= lo && *c.size_mode_nm <= hi && *c.size_d10_nm >= lo &&
                          *c.size_d90_nm <= hi;
      return {inside ? S::kPass : S::kFail, inside ? "qc.d.size_ok" : "qc.d.size_outside", a};
    }
    case CheckKind::kProtein:
      if (!c.protein_ug_per_ml)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/protein_ug_per_ml"}};
      return {S::kPass, "qc.d.protein", {Num(*c.protein_ug_per_ml)}};
    case CheckKind::kPurity: {
      if (!d.particles_per_ug_protein) {
        std::vector<std::string> missing;
        if (!c.particles_per_ml) missing.push_back("/tests/particles_per_ml");
        if (!c.protein_ug_per_ml || *c.protein_ug_per_ml <= 0)
          missing.push_back("/tests/protein_ug_per_ml");
        return {S::kNotDisclosed, "qc.d.not_disclosed", {Join(missing)}};
      }
      const Args a = {Num(*d.particles_per_ug_protein), Num(k.Number("high_min_particles_per_ug")),
                      Num(k.Number("low_min_particles_per_ug"))};
      if (*d.purity_grade == "high") return {S::kPass, "qc.d.purity_high", a};
      if (*d.purity_grade == "low") return {S::kPass, "qc.d.purity_low", a};
      return {S::kFail, "qc.d.purity_impure", a};
    }
    case CheckKind::kMarkersPositive: {
      if (!c.markers_positive)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/markers_positive"}};
      std::vector<std::string> tm, cyto;
      for (const auto& m : *c.markers_positive) {
        if (Matches(m, k.List("transmembrane"))) tm.push_back(m);
        if (Matches(m, k.List("cytosolic"))) cyto.push_back(m);
      }
      if (tm.empty()) return {S::kFail, "qc.d.markers_no_tm", {Join(*c.markers_positive)}};
      if (cyto.empty()) return {S::kFail, "qc.d.markers_no_cyto", {Join(*c.markers_positive)}};
      return {S::kPass, "qc.d.markers_pos", {Join(tm), Join(cyto)}};
    }
    case CheckKind::kMarkersNegative: {
      if (!c.markers_negative)
        return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/markers_negative"}};
      std::vector<std::string> found;
      for (const auto& m : *c.markers_negative)
        if (Matches(m, k.List("contaminant"))) found.push_back(m);
      if (found.empty()) return {S::kFail, "qc.d.markers_neg_none", {Join(*c.markers_negative)}};
      return {S::kPass, "qc.d.markers_neg_ok", {Join(found)}};
    }
    case CheckKind::kImaging: {
      if (!c.imaging) return {S::kNotDisclosed, "qc.d.not_disclosed", {"/tests/imaging"}};
      std::vector<std::string> ok;
      for (const auto& m : *c.imaging)
        if (Matches(m, k.List("accepted_methods"))) ok.push_back(m);
      if (ok.empty()) return {S::kFail, "qc.d.imaging_bad", {Join(*c.imaging)}};
      return {S::kPass, "qc.d.imaging_ok", {Join(ok)}};
    }
  }
  return {S::kNotApplicable, "qc.d.not_disclosed", {}};
}

QcDerived Derive(const Certificate& c, const QcRules& rules, const QcContext& ctx) {
  QcDerived d;
  if (c.particles_per_ml && c.protein_ug_per_ml && *c.protein_ug_per_ml > 0) {
    d.particles_per_ug_protein = *c.particles_per_ml / *c.protein_ug_per_ml;
    double high = 3e10, low = 1.5e9;
    for (const auto& k : rules.criteria) {
      if (k.check == CheckKind::kPurity) {
        high = k.Number("high_min_particles_per_ug");
        low = k.Number("low_min_particles_per_ug");
      }
    }
    d.purity_grade = *d.particles_per_ug_protein >= high  ? "high"
                     : *d.particles_per_ug_protein >= low ? "low"
                                                          : "impure";
  }
  if (c.volume_ml) {
    if (c.particles_per_ml) d.particles_per_vial = *c.particles_per_ml * *c.volume_ml;
    if (c.protein_ug_per_ml) d.protein_ug_per_vial = *c.protein_ug_per_ml * *c.volume_ml;
    if (c.endotoxin_eu_per_ml) d.endotoxin_eu_per_vial = *c.endotoxin_eu_per_ml * *c.volume_ml;
  }
  if (c.expires_on) d.days_to_expiry = DaysBetween(ctx.today, *c.expires_on);
  const std::optional<double> dose_ml = ctx.dose_ml ? ctx.dose_ml : c.volume_ml;
  if (ctx.patient_weight_kg && *ctx.patient_weight_kg > 0 && dose_ml && c.endotoxin_eu_per_ml) {
    double k = 5.0;
    for (const auto& crit : rules.criteria)
      if (crit.check == CheckKind::kEndotoxinPerDoseIv) k = crit.Number("k_eu_per_kg_per_h");
    // USP <85>: the limit applies to the dose given within one hour; a slower infusion
    // spreads the endotoxin over its hours.
    const double hours = std::max(1.0, ctx.infusion_minutes.value_or(0) / 60.0);
    d.iv_dose_ml = *dose_ml;
    d.iv_endotoxin_eu_per_kg_per_h =
        *c.endotoxin_eu_per_ml * *dose_ml / (*ctx.patient_weight_kg * hours);
    d.iv_endotoxin_limit_eu = k * *ctx.patient_weight_kg * hours;
  }
  return d;
}

}  // namespace

QcReport EvaluateCoa(const Certificate& c, const QcRules& rules, const QcContext& ctx) {
  QcReport report;
  report.human_origin = IsHuman(c, rules);
  report.derived = Derive(c, rules, ctx);
  report.unknown_fields = c.unknown_paths;
  const bool non_human = c.species && !report.human_origin;

  report.criteria.reserve(rules.criteria.size());
  for (const auto& k : rules.criteria) {
    CriterionResult r;
    r.criterion = &k;
    if (ctx.route && !k.routes.Has(*ctx.route)) {
      r.status = S::kNotApplicable;
      r.detail_id = "qc.d.route_not_applicable";
      r.detail_args = {*ctx.route};
    } else {
      Outcome o = Check(k, c, ctx, report.derived, report.human_origin);
      r.status = o.status;
      r.detail_id = o.detail_id;
      r.detail_args = std::move(o.args);
    }
    report.criteria.push_back(std::move(r));
  }

  for (Route route : kAllRoutes) {
    if (ctx.route && *ctx.route != route) continue;
    RouteVerdict v;
    v.route = route;
    for (const auto& r : report.criteria) {
      const QcCriterion& k = *r.criterion;
      if (!k.routes.Has(route)) continue;
      const bool blocks = (r.status == S::kFail && k.blocks_if_fail.Has(route)) ||
                          (r.status == S::kNotDisclosed && k.blocks_if_not_disclosed.Has(route));
      if (!blocks) continue;
      v.blocking.push_back(k.id);
      if ((r.status == S::kFail && k.final_if_fail) ||
          (r.status == S::kNotDisclosed && k.final_if_not_disclosed)) {
        v.overridable = false;
        v.final_blocking.push_back(k.id);
      }
    }
    if (!ctx.unusable_state.empty()) {
      v.blocking.insert(v.blocking.begin(), kLotStateBlocks);
      v.final_blocking.insert(v.final_blocking.begin(), kLotStateBlocks);
      v.overridable = false;
    }
    v.releasable = v.blocking.empty();
    if (c.intended_routes && std::find(c.intended_routes->begin(), c.intended_routes->end(),
                                       route) == c.intended_routes->end())
      v.warning_ids.push_back("qc.w.route_not_intended");
    report.verdicts.push_back(std::move(v));
  }

  // Which disclosure fields are present: one merge of two sorted lists.
  std::vector<bool> present(rules.disclosure_sorted.size(), false);
  for (size_t i = 0, j = 0; i < rules.disclosure_sorted.size() && j < c.disclosed_paths.size();) {
    const int cmp = rules.disclosure_sorted[i].compare(c.disclosed_paths[j]);
    if (cmp == 0)
      present[i++] = true, ++j;
    else if (cmp < 0)
      ++i;
    else
      ++j;
  }
  for (QcArea area : kAllAreas) {
    AreaDisclosure a;
    a.area = area;
    const auto it = rules.disclosure_fields.find(area);
    if (it != rules.disclosure_fields.end()) {
      const auto& pos = rules.disclosure_pos.at(area);
      for (size_t k = 0; k < it->second.size(); ++k) {
        const std::string& path = it->second[k];
        if (non_human && path.rfind("/donor/", 0) == 0) continue;  // not applicable
        ++a.total;
        if (present[pos[k]]) {
          ++a.disclosed;
        } else {
          report.not_disclosed.push_back(path);
        }
      }
    }
    report.disclosure.push_back(a);
  }
  return report;
}

}  // namespace exo::product
