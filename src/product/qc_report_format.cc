#include "product/qc_report_format.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/format.h"
#include "core/local_time.h"

namespace exo::product {

using nlohmann::json;

namespace {

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string StatusMark(CriterionStatus s) {
  switch (s) {
    case CriterionStatus::kPass:
      return "[ OK ]";
    case CriterionStatus::kFail:
      return "[FAIL]";
    case CriterionStatus::kNotDisclosed:
      return "[ ?? ]";
    case CriterionStatus::kNotApplicable:
      return "[ -- ]";
  }
  return "";
}

std::string Pct(double share) { return FormatNumber(share * 100.0, 3) + "%"; }

}  // namespace

json QcReportToJson(const QcReport& report, const QcContext& ctx, Lang lang) {
  json out;
  out["schema"] = "exoclinic.qc-report/1";
  out["evaluated_on"] = ctx.today.ToString();
  out["route"] = ctx.route ? json(std::string(RouteName(*ctx.route))) : json(nullptr);
  out["lang"] = std::string(LangName(lang));
  json verdict = json::object();
  json detail = json::object();
  for (const auto& v : report.verdicts) {
    const std::string route(RouteName(v.route));
    verdict[route] = v.releasable ? "releasable" : "not_releasable";
    json warnings = json::array();
    for (const auto& w : v.warning_ids) warnings.push_back({{"id", w}, {"text", Message(w, lang)}});
    detail[route] = {{"blocking", v.blocking},
                     {"final_blocking", v.final_blocking},
                     {"overridable", v.releasable ? true : v.overridable},
                     {"warnings", warnings}};
  }
  out["verdict"] = verdict;
  out["lot_state_blocks"] = ctx.unusable_state.empty() ? json(nullptr) : json(ctx.unusable_state);
  out["verdict_detail"] = detail;
  json criteria = json::array();
  for (const auto& r : report.criteria) {
    const QcCriterion& k = *r.criterion;
    criteria.push_back({{"id", k.id},
                        {"area", std::string(AreaName(k.area))},
                        {"status", std::string(StatusName(r.status))},
                        {"status_label", Label("criterion_status", StatusName(r.status), lang)},
                        {"title", k.title.In(lang)},
                        {"requirement", k.requirement.In(lang)},
                        {"detail", RenderDetail(r, lang)},
                        {"source", k.source.In(lang)}});
  }
  out["criteria"] = criteria;
  const QcDerived& d = report.derived;
  out["derived"] = {{"particles_per_ug_protein", Opt(d.particles_per_ug_protein)},
                    {"purity_grade", Opt(d.purity_grade)},
                    {"particles_per_vial", Opt(d.particles_per_vial)},
                    {"protein_ug_per_vial", Opt(d.protein_ug_per_vial)},
                    {"endotoxin_eu_per_vial", Opt(d.endotoxin_eu_per_vial)},
                    {"days_to_expiry", Opt(d.days_to_expiry)},
                    {"iv_dose_ml", Opt(d.iv_dose_ml)},
                    {"iv_endotoxin_eu_per_kg_per_h", Opt(d.iv_endotoxin_eu_per_kg_per_h)},
                    {"iv_endotoxin_limit_eu", Opt(d.iv_endotoxin_limit_eu)}};
  out["not_disclosed"] = report.not_disclosed;
  json disclosure = json::object();
  for (const auto& a : report.disclosure) {
    disclosure[std::string(AreaName(a.area))] = {
        {"disclosed", a.disclosed},
        {"total", a.total},
        {"share", a.Share()},
        {"label", Label("qc_area", AreaName(a.area), lang)}};
  }
  out["disclosure"] = disclosure;
  out["human_origin"] = report.human_origin;
  out["unknown_fields"] = report.unknown_fields;
  out["disclaimer"] = Message("word.disclaimer", lang);
  return out;
}

std::string QcReportToText(const QcReport& report, const QcContext& ctx, Lang lang) {
  std::ostringstream o;
  o << Message("word.verdict", lang) << " (" << FormatDate(ctx.today, lang) << ")\n";
  // A blocking criterion by its title in the reader's language; the lot's state by its label.
  const auto blocking_name = [&](const std::string& id) -> std::string {
    if (id == kLotStateBlocks)
      return Message("qc.lot_state_blocks", lang, {Label("lot_state", ctx.unusable_state, lang)});
    for (const auto& r : report.criteria)
      if (r.criterion->id == id) return r.criterion->title.In(lang);
    return id;
  };
  for (const auto& v : report.verdicts) {
    o << "  " << Label("route", RouteName(v.route), lang) << ": "
      << Message(v.releasable ? "word.releasable" : "word.not_releasable", lang);
    if (!v.releasable) {
      o << " — " << Message("word.blocking", lang) << ": ";
      for (size_t i = 0; i < v.blocking.size(); ++i)
        o << (i ? Message("word.list_separator", lang) : "") << blocking_name(v.blocking[i]);
      o << " ("
        << Message(v.overridable ? "word.override_possible" : "word.override_impossible", lang)
        << ")";
    }
    for (const auto& w : v.warning_ids) o << "\n    ! " << Message(w, lang);
    o << "\n";
  }
  o << "\n" << Message("word.criteria", lang) << "\n";
  for (const auto& r : report.criteria) {
    o << "  " << StatusMark(r.status) << " " << r.criterion->id << "  "
      << r.criterion->title.In(lang) << "\n         " << RenderDetail(r, lang) << "\n";
  }
  const QcDerived& d = report.derived;
  o << "\n" << Message("word.derived", lang) << "\n";
  // Each value by its name in the catalogue (qc_derived.<field>, as in the JSON's "derived").
  const auto line = [&](const char* key, const std::string& value) {
    o << "  " << Message(key, lang) << ": " << value << "\n";
  };
  const auto number = [&](const char* key, const std::optional<double>& v) {
    if (v) line(key, FormatNumber(*v));
  };
  number("qc_derived.particles_per_ug_protein", d.particles_per_ug_protein);
  if (d.purity_grade) line("qc_derived.purity_grade", Label("purity_grade", *d.purity_grade, lang));
  number("qc_derived.particles_per_vial", d.particles_per_vial);
  number("qc_derived.protein_ug_per_vial", d.protein_ug_per_vial);
  number("qc_derived.endotoxin_eu_per_vial", d.endotoxin_eu_per_vial);
  if (d.days_to_expiry) line("qc_derived.days_to_expiry", std::to_string(*d.days_to_expiry));
  number("qc_derived.iv_endotoxin_eu_per_kg_per_h", d.iv_endotoxin_eu_per_kg_per_h);
  number("qc_derived.iv_endotoxin_limit_eu", d.iv_endotoxin_limit_eu);
  o << "\n" << Message("word.disclosure", lang) << "\n";
  for (const auto& a : report.disclosure) {
    o << "  " << Label("qc_area", AreaName(a.area), lang) << ": " << a.disclosed << "/" << a.total
      << " (" << Pct(a.Share()) << ")\n";
  }
  if (!report.not_disclosed.empty()) {
    o << "  " << Label("criterion_status", "not_disclosed", lang) << ": ";
    for (size_t i = 0; i < report.not_disclosed.size(); ++i)
      o << (i ? Message("word.list_separator", lang) : "")
        << Label("cert_value", report.not_disclosed[i], lang);
    o << "\n";
  }
  if (!report.unknown_fields.empty()) {
    o << "\n" << Message("word.unknown_fields", lang) << ": ";
    for (size_t i = 0; i < report.unknown_fields.size(); ++i)
      o << (i ? ", " : "") << report.unknown_fields[i];
    o << "\n";
  }
  o << "\n" << Message("word.disclaimer", lang) << "\n";
  return o.str();
}

}  // namespace exo::product
