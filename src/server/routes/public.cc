// What anyone may call without an account: the health check, a lot's public page (the QR
// code's target) and the non-diagnostic self-check (screening an intake without storing it).
#include "screening/screen.h"
#include "server/pages/public_lot.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

Result<Reply> Health(const httplib::Request&, const Caller&, Lang) {
  return Reply{200, {{"status", "ok"}, {"version", "0.1.0"}}};
}

Result<Reply> PublicLot(const app::LotServices& lots, const httplib::Request& req, const Caller&,
                        Lang lang) {
  return JsonReply(200, app::PublicLot(lots, req.matches[1].str()),
                   [lang](const app::LotView& v) { return PublicLotJson(v, lang); });
}

// The web application's lot page when it is served, else (or with ?plain) a plain HTML page
// that needs no script. An unknown token is redirected too: the app's page says so in the
// reader's language.
Result<Reply> PublicLotPage(const app::LotServices& lots, bool web_app, const httplib::Request& req,
                            Lang lang) {
  if (web_app && !req.has_param("plain")) {
    Reply r = RawReply("", "text/plain; charset=utf-8", 302);
    r.headers.emplace_back("Location", "/app/#/lot/" + req.matches[1].str());
    return r;
  }
  auto v = app::PublicLot(lots, req.matches[1].str());
  if (!v) return v.error();
  return RawReply(PublicLotHtml(*v, lang), kHtml);
}

// Screening an intake stores nothing: public, for the self-check and for staff.
Result<Reply> EvaluateScreening(const screening::ScreeningRules& rules, const httplib::Request& req,
                                const Caller&, Lang lang) {
  auto intake = screening::ParseIntake(req.body);
  if (!intake) return intake.error();
  const auto result = screening::Screen(*intake, rules);
  return Reply{200, screening::ScreeningToJson(result, rules, lang)};
}

// The condition vocabulary of rules/screening.toml, for intake and self-check forms.
Result<Reply> ScreeningConditions(const screening::ScreeningRules& rules, const httplib::Request&,
                                  const Caller&, Lang lang) {
  json out = json::array();
  for (const auto& [id, label] : rules.conditions)
    out.push_back({{"id", id}, {"label", label.In(lang)}});
  return Reply{200, {{"conditions", out}}};
}

}  // namespace

std::vector<Route> PublicRoutes(const app::LotServices& lots,
                                const screening::ScreeningRules& screening_rules, bool web_app) {
  using P = Permission;
  const auto& rules = screening_rules;
  return {
      {"GET", "/api/v1/health", P::kPublic, "health", Health},
      {"GET", R"(/api/v1/public/lots/([0-9a-f]+))", P::kPublic, "lot.public",
       Bind(PublicLot, lots)},
      {"GET", R"(/lots/public/([0-9a-f]+))", P::kPublic, "lot.public",
       [&lots, web_app](const httplib::Request& req, const Caller&, Lang lang) {
         return PublicLotPage(lots, web_app, req, lang);
       }},
      {"POST", "/api/v1/screening/evaluate", P::kPublic, "screening.evaluate",
       Bind(EvaluateScreening, rules)},
      {"GET", "/api/v1/screening/conditions", P::kPublic, "screening.conditions",
       Bind(ScreeningConditions, rules)},
  };
}

}  // namespace exo::server
