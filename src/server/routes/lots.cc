// Lots: the QC criteria and the evaluation of a certificate, the lot register, import,
// release, quarantine, recall and destruction.
#include <charconv>

#include "app/lot_json.h"
#include "core/json_input.h"
#include "product/qc_report_format.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

const std::string kLot = R"(/api/v1/lots/([^/]+))";

Result<Reply> QcCriteria(const app::LotServices& s, const httplib::Request&, const Caller&,
                         Lang lang) {
  return Reply{
      200, {{"criteria", JsonArray(s.rules.criteria, [lang](const auto& c) {
               return json{{"id", c.id},
                           {"area", std::string(product::AreaName(c.area))},
                           {"title", c.title.In(lang)},
                           {"requirement", c.requirement.In(lang)},
                           {"routes", RouteSetToString(c.routes)},
                           {"blocks_if_fail", RouteSetToString(c.blocks_if_fail)},
                           {"blocks_if_not_disclosed", RouteSetToString(c.blocks_if_not_disclosed)},
                           {"source", c.source.In(lang)}};
             })}}};
}

// ?route, ?weight_kg, ?dose_ml, ?infusion_minutes: the patient and dose to evaluate for.
Result<product::QcContext> EvaluationContext(const app::LotServices& s,
                                             const httplib::Request& req) {
  product::QcContext ctx;
  ctx.today = s.clock.Today();
  if (req.has_param("route")) {
    const auto route = ParseRoute(req.get_param_value("route"));
    if (!route) return Invalid("route", "err.unknown_route", {req.get_param_value("route")});
    ctx.route = route;
  }
  auto weight = QueryNumber(req, "weight_kg", true);
  if (!weight) return weight.error();
  auto dose = QueryNumber(req, "dose_ml", true);
  if (!dose) return dose.error();
  auto minutes = QueryNumber(req, "infusion_minutes", false);
  if (!minutes) return minutes.error();
  ctx.patient_weight_kg = *weight;
  ctx.dose_ml = *dose;
  ctx.infusion_minutes = *minutes;
  return ctx;
}

Result<Reply> EvaluateQc(const app::LotServices& s, const httplib::Request& req, const Caller&,
                         Lang lang) {
  auto ctx = EvaluationContext(s, req);
  if (!ctx) return ctx.error();
  auto eval = app::EvaluateCertificate(s.rules, req.body, *ctx);
  if (!eval) return eval.error();
  return Reply{200, product::QcReportToJson(eval->report, *ctx, lang)};
}

Result<Reply> ListLots(const app::LotServices& s, const httplib::Request& req, const Caller& caller,
                       Lang lang) {
  store::LotFilter filter;
  if (req.has_param("state")) {
    filter.state = product::ParseLotState(req.get_param_value("state"));
    if (!filter.state)
      return Invalid(
          "state", "err.expected_one_of",
          {req.get_param_value("state"), "quarantined, released, expired, recalled, destroyed"});
  }
  return JsonReply(200, app::ListLotViews(s, caller.actor, filter), [lang](const auto& lots) {
    return json{{"lots", JsonArray(lots, [lang](const app::LotView& v) {
                   json j = app::LotSummaryToJson(v.lot, lang);
                   // Today's verdict per route, for the register's chips.
                   j["verdict"] = product::QcReportToJson(v.report, v.context, lang)["verdict"];
                   return j;
                 })}};
  });
}

// ?vials: how many vials arrived (a count, >= 0); absent: not given.
Result<std::optional<int>> QueryVials(const httplib::Request& req) {
  if (!req.has_param("vials")) return std::optional<int>();
  const std::string text = req.get_param_value("vials");
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0)
    return Invalid("vials", "err.expected_number_nonneg", {text});
  return std::optional<int>(v);
}

// Renders a lot with its history and today's QC report.
auto LotJson(Lang lang) {
  return [lang](const app::LotView& v) { return app::LotViewToJson(v, lang); };
}

Result<Reply> ImportLot(const app::LotServices& s, const httplib::Request& req,
                        const Caller& caller, Lang lang) {
  auto vials = QueryVials(req);
  if (!vials) return vials.error();
  return JsonReply(201, app::ImportLot(s, caller.actor, req.body, *vials), LotJson(lang));
}

Result<Reply> ShowLot(const app::LotServices& s, int64_t id, const httplib::Request&,
                      const Caller& caller, Lang lang) {
  return RawReply(app::ShowLotJson(s, caller.actor, id, lang), kJson);
}

// {"routes": [...]}: the routes to release the lot for, each by name.
Result<RouteSet> ReleaseRoutes(const json& body) {
  const auto routes_it = body.find("routes");
  if (routes_it == body.end() || routes_it->is_null())
    return Invalid("routes", "err.routes_required");
  if (!routes_it->is_array())
    return Invalid("routes", "err.expected_array", {routes_it->dump().substr(0, 40)});
  RouteSet routes;
  for (size_t i = 0; i < routes_it->size(); ++i) {
    const json& r = (*routes_it)[i];
    const auto route = r.is_string() ? ParseRoute(r.get<std::string>()) : std::nullopt;
    if (!route)
      return Invalid("routes/" + std::to_string(i), "err.unknown_route", {r.dump().substr(0, 40)});
    routes.Add(*route);
  }
  return routes;
}

// {"overrides": {"<criterion id>": "reason", ...}}: a physician's reason for each criterion that
// blocks a chosen route. The single "override_reason" of before #13 is refused, saying so.
Result<product::OverrideReasons> ReleaseOverrides(const json& body) {
  product::OverrideReasons out;
  if (body.contains("override_reason"))
    return Invalid("/override_reason", "err.override_reason_replaced");
  const auto it = body.find("overrides");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_object())
    return Invalid("/overrides", "err.expected_object", {it->dump().substr(0, 40)});
  std::vector<FieldError> errors;
  for (const auto& item : it->items()) {
    const std::string& criterion = item.key();
    auto text = OptionalString(*it, criterion.c_str());
    if (!text) {
      for (const auto& f : text.error().fields)
        errors.push_back({"/overrides/" + JsonPointerToken(criterion), f.message_id, f.args});
      continue;
    }
    out[criterion] = *text;
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return out;
}

Result<Reply> ReleaseLot(const app::LotServices& s, int64_t id, const httplib::Request& req,
                         const Caller& caller, Lang lang) {
  auto body = ObjectBody(req, {"routes", "overrides", "override_reason"});
  if (!body) return body.error();
  auto overrides = ReleaseOverrides(*body);
  if (!overrides) return overrides.error();
  auto routes = ReleaseRoutes(*body);
  if (!routes) return routes.error();
  return JsonReply(200, app::ReleaseLot(s, caller.actor, id, *routes, *overrides), LotJson(lang));
}

// POST /api/v1/lots/{id}/<action> with an optional {"reason"}.
Route Transition(const app::LotServices& s, product::LotAction action, Permission permission) {
  const std::string name(product::LotActionName(action));
  return {
      "POST", kLot + "/" + name, permission, "lot." + name,
      [&s, action](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
        auto id = PathId(req);
        if (!id) return id.error();
        auto reason = OptionalReason(req);
        if (!reason) return reason.error();
        return JsonReply(200, app::TransitionLot(s, caller.actor, *id, action, *reason),
                         LotJson(lang));
      }};
}

// A recall also lists who received the lot and opens a follow-up for each of them.
Result<Reply> RecallLot(const app::LotServices& s, const app::SessionServices& sessions, int64_t id,
                        const httplib::Request& req, const Caller& caller, Lang lang) {
  auto reason = OptionalReason(req);
  if (!reason) return reason.error();
  return JsonReply(200, app::RecallLot(sessions, s, caller.actor, id, *reason),
                   [lang](const app::RecallResult& r) {
                     return json{{"lot", app::LotViewToJson(r.lot, lang)},
                                 {"affected", TraceJson(r.affected)},
                                 {"followups_created", r.followups_created}};
                   });
}

}  // namespace

std::vector<Route> LotRoutes(const app::LotServices& lots, const app::SessionServices& sessions) {
  using P = Permission;
  return {
      {"GET", "/api/v1/qc/criteria", P::kPublic, "qc.criteria", Bind(QcCriteria, lots)},
      {"POST", "/api/v1/qc/evaluate", P::kEvaluateQc, "qc.evaluate", Bind(EvaluateQc, lots)},
      {"GET", "/api/v1/lots", P::kReadLots, "lot.list", Bind(ListLots, lots)},
      {"POST", "/api/v1/lots", P::kImportLots, "lot.import", Bind(ImportLot, lots)},
      {"GET", kLot, P::kReadLots, "lot.show", BindId(ShowLot, lots), /*read_only=*/true,
       /*reply_before_read_entry_stored=*/true},
      {"POST", kLot + "/release", P::kReleaseLots, "lot.release", BindId(ReleaseLot, lots)},
      Transition(lots, product::LotAction::kQuarantine, P::kReleaseLots),
      {"POST", kLot + "/recall", P::kRecallLots, "lot.recall", BindId(RecallLot, lots, sessions)},
      Transition(lots, product::LotAction::kDestroy, P::kRecallLots),
  };
}

}  // namespace exo::server
