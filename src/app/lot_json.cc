#include "app/lot_json.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/local_time.h"
#include "product/qc_report_format.h"

namespace exo::app {

using nlohmann::json;

namespace {

json Routes(RouteSet routes) {
  json arr = json::array();
  for (Route r : kAllRoutes)
    if (routes.Has(r)) arr.push_back(std::string(RouteName(r)));
  return arr;
}

// The criterion of the QC rules with this id, or null.
using CriterionLookup = std::function<const product::QcCriterion*(std::string_view)>;

// Each acknowledged criterion: its id, its title in `lang` (from the QC rules; the id when the
// rules no longer have it), the routes it blocked and the physician's reason.
json OverriddenJson(const product::LotEvent& e, const CriterionLookup& find, Lang lang) {
  json arr = json::array();
  for (const auto& o : e.overridden) {
    const product::QcCriterion* criterion = find(o.criterion);
    arr.push_back({{"criterion", o.criterion},
                   {"title", criterion != nullptr ? criterion->title.In(lang) : o.criterion},
                   {"routes", Routes(o.routes)},
                   {"reason", o.reason}});
  }
  return arr;
}

json HeadJson(const product::Lot& lot, const CriterionLookup& find, const StaffNames& staff,
              Lang lang) {
  json out = LotSummaryToJson(lot, lang);
  json events = json::array();
  for (const auto& e : lot.events) {
    events.push_back(
        {{"id", e.id},
         {"at", e.at.ToIso8601()},
         {"actor", e.actor},
         {"actor_name", ActorName(staff, e.actor, lang)},
         {"action", std::string(product::LotActionName(e.action))},
         {"from", e.from ? json(std::string(product::LotStateName(*e.from))) : json(nullptr)},
         {"to", std::string(product::LotStateName(e.to))},
         {"routes", Routes(e.routes)},
         {"reason", e.reason},
         {"reason_text", LotEventReason(lot, e, lang)},
         {"override", e.override},
         {"overridden", OverriddenJson(e, find, lang)}});
  }
  out["events"] = std::move(events);
  return out;
}

}  // namespace

std::string LotEventReason(const product::Lot& lot, const product::LotEvent& e, Lang lang) {
  if (e.action != product::LotAction::kExpire || e.actor != "system") return e.reason;
  std::optional<Date> day = lot.expires_on;
  if (const size_t at = e.reason.rfind(' '); at != std::string::npos)
    if (const auto stated = Date::Parse(e.reason.substr(at + 1))) day = stated;
  return Message("lot_reason.expired_on", lang, {day ? FormatDate(*day, lang) : "—"});
}

json LotSummaryToJson(const product::Lot& lot, Lang lang) {
  const std::string state(product::LotStateName(lot.state));
  return {{"id", lot.id},
          {"lot_number", lot.lot_number},
          {"product_name", lot.product_name},
          {"manufacturer", lot.manufacturer},
          {"expires_on", lot.expires_on ? json(lot.expires_on->ToString()) : json(nullptr)},
          {"state", state},
          {"state_label", Label("lot_state", state, lang)},
          {"released_routes", Routes(lot.released_routes)},
          {"vials_in_stock", lot.vials_in_stock ? json(*lot.vials_in_stock) : json(nullptr)},
          {"has_override", lot.has_override},
          {"imported_at", lot.imported_at.ToIso8601()},
          {"public_token", lot.public_token}};
}

json LotViewToJson(const LotView& view, Lang lang) {
  json out = HeadJson(
      view.lot,
      [&view](std::string_view id) {
        const product::CriterionResult* r = view.report.ResultFor(id);
        return r != nullptr ? r->criterion : nullptr;
      },
      view.staff, lang);
  json evaluation = LotEvaluationToJson(view, lang);
  out["certificate"] = std::move(evaluation["certificate"]);
  out["qc"] = std::move(evaluation["qc"]);
  return out;
}

json LotHeadToJson(const product::Lot& lot, const product::QcRules& rules, const StaffNames& staff,
                   Lang lang) {
  return HeadJson(
      lot, [&rules](std::string_view id) { return rules.Find(id); }, staff, lang);
}

json LotEvaluationToJson(const LotView& view, Lang lang) {
  json out = json::object();
  if (view.document) {
    out["certificate"] = *view.document;
  } else {
    json cert = json::parse(view.lot.certificate_json, nullptr, false);
    out["certificate"] = cert.is_discarded() ? json(nullptr) : cert;
  }
  out["qc"] = product::QcReportToJson(view.report, view.context, lang);
  return out;
}

}  // namespace exo::app
