#include "server/server.h"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <thread>

#include "app/analysis.h"
#include "app/audit.h"
#include "app/audit_tools.h"
#include "app/lot_json.h"
#include "app/rule_files.h"
#include "app/timeline.h"
#include "auth/crypto.h"
#include "core/text.h"
#include "outcome/questionnaire.h"
#include "product/qc_report_format.h"
#include "report/qr.h"
#include "screening/screen.h"
#include "stats/summary.h"

namespace exo::server {

using nlohmann::json;

using auth::Permission;

namespace {

struct Reply {
  int status = 200;
  json body;
  std::string raw_body;  // sent instead of `body` when content_type is set
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  bool reload_rules = false;  // a rule file changed: load the rules again before replying
};

// What a handler knows about its caller.
struct Caller {
  app::Actor actor;
  std::optional<app::Authenticated> auth;  // empty for public endpoints without credentials
};

using Handler = std::function<Result<Reply>(const httplib::Request&, const Caller&, Lang)>;

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Lang RequestLang(const httplib::Request& req) {
  if (req.has_param("lang")) {
    if (auto l = ParseLang(req.get_param_value("lang"))) return *l;
  }
  const std::string accept = req.get_header_value("Accept-Language");
  return accept.rfind("ja", 0) == 0 ? Lang::kJa : Lang::kEn;
}

void SecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cache-Control", "no-store");
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& error, Lang lang) {
  SendJson(res, HttpStatus(error.code), app::ErrorToJson(error, lang));
}

Result<int64_t> PathId(const httplib::Request& req) {
  const std::string& text = req.matches[1].str();
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0)
    return Invalid("id", "err.not_an_id", {text});
  return id;
}

// Parses a JSON object body; errors name the body.
Result<json> ObjectBody(const httplib::Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return Invalid("body", "err.json_syntax", {"not valid JSON"});
  if (!body.is_object()) return Invalid("body", "err.expected_object", {body.dump().substr(0, 40)});
  return body;
}

// An optional string member; absent or null gives "".
Result<std::string> OptionalString(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Invalid(name, "err.expected_string", {it->dump().substr(0, 40)});
  if (it->get<std::string>().size() > 2000)
    return Invalid(name, "err.string_too_long",
                   {std::to_string(it->get<std::string>().size()), "2000"});
  return it->get<std::string>();
}

Result<std::optional<double>> QueryNumber(const httplib::Request& req, const char* name,
                                          bool positive) {
  if (!req.has_param(name)) return std::optional<double>();
  const std::string text = req.get_param_value(name);
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !(positive ? v > 0 : v >= 0))
    return Invalid(name, positive ? "err.expected_number_positive" : "err.expected_number_nonneg",
                   {text});
  return std::optional<double>(v);
}

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const size_t end = header.find(';', pos);
    const std::string part =
        header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    const size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

const char* kLandingPage = R"html(<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>exoclinic</title></head>
<body>
<main>
<h1>exoclinic</h1>
<p lang="ja">エクソソーム（細胞外小胞）治療を行うクリニックのための記録・品質管理システムです。効果を約束するものではありません。使用の判断は医師が行います。</p>
<p lang="en">Records and quality control for clinics offering exosome (extracellular vesicle) treatments. It never promises an effect; the physician decides.</p>
<ul>
<li><a href="/api/v1/lots">/api/v1/lots</a> — ロット一覧 / lot register (JSON)</li>
<li><a href="/api/v1/qc/criteria">/api/v1/qc/criteria</a> — 品質基準 / QC criteria (JSON)</li>
<li><a href="/api/v1/health">/api/v1/health</a></li>
</ul>
</main>
</body></html>
)html";

}  // namespace

struct Server::Impl {
  ServerServices services;
  ServerOptions options;
  std::unique_ptr<httplib::Server> http;
  int bound_port = -1;
  // Requests share the rule objects; a rule reload takes them alone.
  std::shared_mutex rules_mu;
  std::mutex setup_mu;      // the one-time setup token is used at most once
  bool setup_used = false;  // guarded by setup_mu

  Impl(const ServerServices& s, ServerOptions o) : services(s), options(std::move(o)) {
    if (!options.tls_cert.empty() && !options.tls_key.empty()) {
      http =
          std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    } else {
      http = std::make_unique<httplib::Server>();
    }
  }
  bool tls() const { return !options.tls_cert.empty() && !options.tls_key.empty(); }

  void Deny(const app::Actor& actor, const std::string& action, const std::string& object,
            const std::string& why) {
    app::RecordAudit(services.lots.audit, services.lots.clock, actor, action, object,
                     store::AuditOutcome::kDenied, why);
  }

  // The single entry for every API endpoint.
  void Route(const char* method, const std::string& pattern, Permission permission,
             const std::string& action, Handler handler) {
    auto wrapped = [this, method = std::string(method), permission, action, handler](
                       const httplib::Request& req, httplib::Response& res) {
      const Lang lang = RequestLang(req);
      RequestInfo info;
      info.remote_addr = req.remote_addr;
      info.session_cookie = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
      const std::string authz = req.get_header_value("Authorization");
      if (authz.rfind("Bearer ", 0) == 0) info.bearer_token = authz.substr(7);
      Caller caller;
      caller.actor = app::Actor{"anonymous", "anonymous", 0, 0};
      auto who = services.authenticator.Authenticate(info);
      if (!who) {
        SendError(res, who.error(), lang);
        return;
      }
      caller.auth = *who;
      if (caller.auth) caller.actor = caller.auth->actor;
      if (permission != Permission::kPublic) {
        if (!caller.auth) {
          SendError(res, MakeError(ErrorCode::kUnauthorized, "err.unauthorized"), lang);
          return;
        }
        if (method == "POST" && caller.auth->via_session &&
            !auth::EqualConstantTime(req.get_header_value("X-CSRF-Token"),
                                     caller.auth->csrf_token)) {
          Deny(caller.actor, action, req.path, "csrf");
          SendError(res, MakeError(ErrorCode::kForbidden, "err.csrf"), lang);
          return;
        }
        const auto role = auth::ParseRole(caller.actor.role);
        if (!role || !auth::RoleAllows(*role, permission)) {
          Deny(caller.actor, action, req.path, std::string(auth::PermissionName(permission)));
          SendError(res, MakeError(ErrorCode::kForbidden, "err.forbidden"), lang);
          return;
        }
      }
      if (!req.body.empty() && JsonDepth(req.body) > options.max_json_depth) {
        SendError(res,
                  Invalid("body", "err.json_too_deep", {std::to_string(options.max_json_depth)}),
                  lang);
        return;
      }
      Result<Reply> reply = Internal("no reply");
      try {
        std::shared_lock rules_lock(rules_mu);
        reply = handler(req, caller, lang);
      } catch (const std::exception& e) {
        reply = Internal(e.what());
      }
      if (reply && reply->reload_rules) {
        reply->body["applies"] = "next_start";
        if (options.reload_rules) {
          std::unique_lock rules_lock(rules_mu);
          const Status reloaded = options.reload_rules();
          if (reloaded)
            reply->body["applies"] = "now";
          else
            reply->body["reload_error"] =
                Message(reloaded.error().message_id, lang, reloaded.error().args);
        }
      }
      if (!reply) {
        // Probing for ids (another clinic's, or guessed) is recorded.
        if (reply.error().code == ErrorCode::kNotFound && caller.auth)
          Deny(caller.actor, action, req.path, "not found");
        SendError(res, reply.error(), lang);
        return;
      }
      for (const auto& [k, v] : reply->headers) res.set_header(k, v);
      if (!reply->content_type.empty()) {
        res.status = reply->status;
        res.set_content(reply->raw_body, reply->content_type.c_str());
      } else {
        SendJson(res, reply->status, reply->body);
      }
    };
    if (std::string_view(method) == "GET")
      http->Get(pattern, wrapped);
    else
      http->Post(pattern, wrapped);
  }

  void Setup();
  void LotRoutes();
  void AccountRoutes();
  void PatientRoutes();
  void OutcomeRoutes();
};

void Server::Impl::Setup() {
  http->set_tcp_nodelay(true);  // PITFALLS.md: ~60x slower without it
  http->set_payload_max_length(options.max_body_bytes);
  http->set_read_timeout(10, 0);
  http->set_write_timeout(10, 0);
  http->set_keep_alive_max_count(1000);
  http->set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { SecurityHeaders(res); });
  http->set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already rendered its JSON error
    const Lang lang = RequestLang(req);
    // Security headers come from the post-routing handler, which runs for errors too.
    if (res.status == 400) {
      SendError(res, MakeError(ErrorCode::kInvalid, "err.bad_request"), lang);
    } else if (res.status == 413) {
      SendError(res,
                MakeError(ErrorCode::kTooLarge, "err.too_large",
                          {std::to_string(options.max_body_bytes)}),
                lang);
    } else if (res.status == 404) {
      SendError(res, MakeError(ErrorCode::kNotFound, "err.unknown_endpoint"), lang);
    } else if (res.status == 405) {
      SendError(res, MakeError(ErrorCode::kInvalid, "err.method_not_allowed"), lang);
    } else {
      SendJson(res, res.status,
               {{"error",
                 {{"code", "http_" + std::to_string(res.status)},
                  {"message", "HTTP error " + std::to_string(res.status)},
                  {"fields", json::array()}}}});
    }
  });
  http->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        SendError(res, Internal("unhandled exception"), RequestLang(req));
      });

  // The web application (web/dist, built by Vite) lives under /app/; without it, a static
  // bilingual landing page.
  const bool has_app = !options.web_dir.empty();
  http->Get("/", [has_app](const httplib::Request&, httplib::Response& res) {
    if (has_app) {
      res.set_redirect("/app/");
      return;
    }
    res.set_content(kLandingPage, "text/html; charset=utf-8");
  });
  if (has_app) http->set_mount_point("/app", options.web_dir);

  Route("GET", "/api/v1/health", Permission::kPublic, "health",
        [](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
          return Reply{200, {{"status", "ok"}, {"version", "0.1.0"}}};
        });
  LotRoutes();
  AccountRoutes();
  PatientRoutes();
  OutcomeRoutes();
  const auto& screening_rules = services.patients.rules;
  // Screening an intake stores nothing: public, for the self-check and for staff.
  Route("POST", "/api/v1/screening/evaluate", Permission::kPublic, "screening.evaluate",
        [&screening_rules](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          auto intake = screening::ParseIntake(req.body);
          if (!intake) return intake.error();
          const auto result = screening::Screen(*intake, screening_rules);
          return Reply{200, screening::ScreeningToJson(result, screening_rules, lang)};
        });
  // The condition vocabulary of rules/screening.toml, for intake and self-check forms.
  Route("GET", "/api/v1/screening/conditions", Permission::kPublic, "screening.conditions",
        [&screening_rules](const httplib::Request&, const Caller&, Lang lang) -> Result<Reply> {
          json out = json::array();
          for (const auto& [id, label] : screening_rules.conditions)
            out.push_back({{"id", id}, {"label", label.In(lang)}});
          return Reply{200, {{"conditions", out}}};
        });
}

namespace {

json SessionJson(const store::StoredSession& x) {
  json vitals = json::parse(x.vitals_json, nullptr, false);
  return {{"id", x.id},
          {"patient_id", x.patient_id},
          {"plan_id", x.plan_id},
          {"lot_id", x.lot_id},
          {"performed_at", x.performed_at.ToIso8601()},
          {"operator", x.operator_name},
          {"route", x.route},
          {"sites", x.sites},
          {"dose_particles", x.dose_particles},
          {"volume_ml", x.volume_ml},
          {"vials_used", x.vials_used},
          {"vitals", vitals.is_discarded() ? json(nullptr) : vitals},
          {"reactions", x.reactions},
          {"notes", x.notes},
          {"recorded_by", x.recorded_by}};
}

json TraceJson(const std::vector<store::TraceRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    json j = SessionJson(r.session);
    j["patient"] = {{"id", r.session.patient_id}, {"patient_number", r.patient_number},
                    {"name_kanji", r.name_kanji}, {"name_kana", r.name_kana},
                    {"phone", r.phone},           {"email", r.email}};
    out.push_back(j);
  }
  return out;
}

}  // namespace

void Server::Impl::LotRoutes() {
  const auto& s = services.lots;
  Route(
      "GET", "/api/v1/qc/criteria", Permission::kPublic, "qc.criteria",
      [&s](const httplib::Request&, const Caller&, Lang lang) -> Result<Reply> {
        json list = json::array();
        for (const auto& c : s.rules.criteria) {
          list.push_back({{"id", c.id},
                          {"area", std::string(product::AreaName(c.area))},
                          {"title", c.title.In(lang)},
                          {"requirement", c.requirement.In(lang)},
                          {"routes", RouteSetToString(c.routes)},
                          {"blocks_if_fail", RouteSetToString(c.blocks_if_fail)},
                          {"blocks_if_not_disclosed", RouteSetToString(c.blocks_if_not_disclosed)},
                          {"source", c.source}});
        }
        return Reply{200, {{"criteria", list}}};
      });

  Route("POST", "/api/v1/qc/evaluate", Permission::kEvaluateQc, "qc.evaluate",
        [&s](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          product::QcContext ctx;
          ctx.today = s.clock.Today();
          if (req.has_param("route")) {
            const auto route = ParseRoute(req.get_param_value("route"));
            if (!route)
              return Invalid("route", "err.unknown_route", {req.get_param_value("route")});
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
          auto eval = app::EvaluateCertificate(s.rules, req.body, ctx);
          if (!eval) return eval.error();
          return Reply{200, product::QcReportToJson(eval->report, ctx, lang)};
        });

  Route("GET", "/api/v1/lots", Permission::kReadLots, "lot.list",
        [&s](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          store::LotFilter filter;
          if (req.has_param("state")) {
            filter.state = product::ParseLotState(req.get_param_value("state"));
            if (!filter.state)
              return Invalid("state", "err.expected_one_of",
                             {req.get_param_value("state"),
                              "quarantined, released, expired, recalled, destroyed"});
          }
          auto lots = app::ListLotViews(s, caller.actor, filter);
          if (!lots) return lots.error();
          json list = json::array();
          for (const auto& v : *lots) {
            json j = app::LotSummaryToJson(v.lot, lang);
            // Today's verdict per route, for the register's chips.
            j["verdict"] = product::QcReportToJson(v.report, v.context, lang)["verdict"];
            list.push_back(std::move(j));
          }
          return Reply{200, {{"lots", list}}};
        });

  Route("POST", "/api/v1/lots", Permission::kImportLots, "lot.import",
        [&s](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          std::optional<int> vials;
          if (req.has_param("vials")) {
            const std::string text = req.get_param_value("vials");
            int v = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || p != text.data() + text.size() || v < 0)
              return Invalid("vials", "err.expected_number_nonneg", {text});
            vials = v;
          }
          auto view = app::ImportLot(s, caller.actor, req.body, vials);
          if (!view) return view.error();
          return Reply{201, app::LotViewToJson(*view, lang)};
        });

  Route("GET", R"(/api/v1/lots/([^/]+))", Permission::kReadLots, "lot.show",
        [&s](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto view = app::ShowLot(s, caller.actor, *id);
          if (!view) return view.error();
          return Reply{200, app::LotViewToJson(*view, lang)};
        });

  Route("POST", R"(/api/v1/lots/([^/]+)/release)", Permission::kReleaseLots, "lot.release",
        [&s](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto body = ObjectBody(req);
          if (!body) return body.error();
          const auto routes_it = body->find("routes");
          if (routes_it == body->end() || routes_it->is_null())
            return Invalid("routes", "err.routes_required");
          if (!routes_it->is_array())
            return Invalid("routes", "err.expected_array", {routes_it->dump().substr(0, 40)});
          RouteSet routes;
          for (size_t i = 0; i < routes_it->size(); ++i) {
            const json& r = (*routes_it)[i];
            const auto route = r.is_string() ? ParseRoute(r.get<std::string>()) : std::nullopt;
            if (!route)
              return Invalid("routes/" + std::to_string(i), "err.unknown_route",
                             {r.dump().substr(0, 40)});
            routes.Add(*route);
          }
          auto reason = OptionalString(*body, "override_reason");
          if (!reason) return reason.error();
          auto view = app::ReleaseLot(s, caller.actor, *id, routes, *reason);
          if (!view) return view.error();
          return Reply{200, app::LotViewToJson(*view, lang)};
        });

  const auto transition = [this, &s](const char* path, product::LotAction action,
                                     Permission permission) {
    const std::string action_name = "lot." + std::string(product::LotActionName(action));
    Route("POST", std::string(R"(/api/v1/lots/([^/]+)/)") + path, permission, action_name,
          [&s, action](const httplib::Request& req, const Caller& caller,
                       Lang lang) -> Result<Reply> {
            auto id = PathId(req);
            if (!id) return id.error();
            std::string reason;
            if (!req.body.empty()) {
              auto body = ObjectBody(req);
              if (!body) return body.error();
              auto r = OptionalString(*body, "reason");
              if (!r) return r.error();
              reason = *r;
            }
            auto view = app::TransitionLot(s, caller.actor, *id, action, reason);
            if (!view) return view.error();
            return Reply{200, app::LotViewToJson(*view, lang)};
          });
  };
  transition("quarantine", product::LotAction::kQuarantine, Permission::kReleaseLots);
  Route("POST", R"(/api/v1/lots/([^/]+)/recall)", Permission::kRecallLots, "lot.recall",
        [this](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          const auto& s = services.lots;
          const auto& ss = services.sessions;
          auto id = PathId(req);
          if (!id) return id.error();
          std::string reason;
          if (!req.body.empty()) {
            auto body = ObjectBody(req);
            if (!body) return body.error();
            auto r = OptionalString(*body, "reason");
            if (!r) return r.error();
            reason = *r;
          }
          auto result = app::RecallLot(ss, s, caller.actor, *id, reason);
          if (!result) return result.error();
          return Reply{200,
                       {{"lot", app::LotViewToJson(result->lot, lang)},
                        {"affected", TraceJson(result->affected)},
                        {"followups_created", result->followups_created}}};
        });
  Route("GET", R"(/api/v1/lots/([^/]+)/trace)", Permission::kReadClinical, "lot.trace",
        [this](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          const auto& ss = services.sessions;
          auto id = PathId(req);
          if (!id) return id.error();
          auto rows = app::TraceLot(ss, caller.actor, *id);
          if (!rows) return rows.error();
          if (req.get_param_value("format") == "csv") {
            Reply r;
            r.raw_body = app::TraceCsv(*rows);
            r.content_type = "text/csv; charset=utf-8";
            return r;
          }
          return Reply{200, {{"lot_id", *id}, {"sessions", TraceJson(*rows)}}};
        });
  transition("destroy", product::LotAction::kDestroy, Permission::kRecallLots);
}

namespace {

json UserJson(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"role", std::string(auth::RoleName(u.role))},
          {"clinic_id", u.clinic_id},
          {"disabled", u.disabled},
          {"created_at", u.created_at.ToIso8601()}};
}

json TokenJson(const store::ApiToken& t) {
  return {
      {"id", t.id},
      {"name", t.name},
      {"role", std::string(auth::RoleName(t.role))},
      {"created_at", Timestamp{t.created_at}.ToIso8601()},
      {"revoked_at", t.revoked_at ? json(Timestamp{*t.revoked_at}.ToIso8601()) : json(nullptr)}};
}

// A required string member of at most `max` bytes.
Result<std::string> RequiredString(const json& body, const char* name, size_t max) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return Invalid(name, "err.required");
  if (!it->is_string()) return Invalid(name, "err.expected_string", {it->dump().substr(0, 40)});
  const std::string v = it->get<std::string>();
  if (v.size() > max)
    return Invalid(name, "err.string_too_long", {std::to_string(v.size()), std::to_string(max)});
  return v;
}

Result<std::string> PathName(const httplib::Request& req) {
  const std::string name = req.matches[1].str();
  if (name.empty() || name.size() > 64) return Invalid("username", "err.username_format", {name});
  return name;
}

Result<int64_t> ParseDay(const httplib::Request& req, const char* name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const auto d = Date::Parse(req.get_param_value(name));
  if (!d) return Invalid(name, "err.expected_date", {req.get_param_value(name)});
  return static_cast<int64_t>(d->days_since_epoch()) * 86400;
}

}  // namespace

void Server::Impl::AccountRoutes() {
  const auto& a = services.accounts;
  const bool secure = tls();

  Route("POST", "/api/v1/setup", Permission::kPublic, "setup",
        [this, &a](const httplib::Request& req, const Caller&, Lang) -> Result<Reply> {
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto token = RequiredString(*body, "setup_token", 200);
          if (!token) return token.error();
          auto username = RequiredString(*body, "username", 64);
          if (!username) return username.error();
          auto password = RequiredString(*body, "password", 256);
          if (!password) return password.error();
          std::lock_guard lock(setup_mu);
          if (setup_used || options.setup_token.empty()) return Conflict("err.setup_done");
          if (!auth::EqualConstantTime(*token, options.setup_token))
            return MakeError(ErrorCode::kForbidden, "err.setup_token");
          auto user = app::SetupFirstAdmin(a, *username, *password);
          if (!user) return user.error();
          setup_used = true;
          return Reply{201, {{"user", UserJson(*user)}}};
        });

  Route("POST", "/api/v1/login", Permission::kPublic, "login",
        [&a, secure](const httplib::Request& req, const Caller&, Lang) -> Result<Reply> {
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto username = RequiredString(*body, "username", 64);
          if (!username) return username.error();
          auto password = RequiredString(*body, "password", 256);
          if (!password) return password.error();
          auto login = app::Login(a, *username, *password, req.remote_addr);
          if (!login) return login.error();
          Reply r{200, {{"user", UserJson(login->user)}, {"csrf_token", login->csrf_token}}};
          r.headers.push_back({"Set-Cookie", std::string(kSessionCookie) + "=" +
                                                 login->session_token +
                                                 "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                 std::to_string(a.policy.absolute_timeout_seconds) +
                                                 (secure ? "; Secure" : "")});
          return r;
        });

  Route(
      "POST", "/api/v1/logout", Permission::kOwnAccount, "logout",
      [&a](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
        if (auto st = app::Logout(a, *caller.auth); !st) return st.error();
        Reply r{200, {{"status", "logged_out"}}};
        r.headers.push_back({"Set-Cookie", std::string(kSessionCookie) +
                                               "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"});
        return r;
      });

  Route("GET", "/api/v1/me", Permission::kOwnAccount, "me",
        [](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
          json permissions = json::array();
          const auto role = auth::ParseRole(caller.actor.role);
          for (auth::Permission p : auth::kAllPermissions)
            if (role && auth::RoleAllows(*role, p))
              permissions.push_back(std::string(auth::PermissionName(p)));
          return Reply{200,
                       {{"username", caller.actor.name},
                        {"role", caller.actor.role},
                        {"clinic_id", caller.actor.clinic_id},
                        {"permissions", permissions},
                        {"csrf_token", caller.auth->csrf_token}}};
        });

  Route("GET", "/api/v1/users", Permission::kManageUsers, "user.list",
        [&a](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
          auto users = app::ListUsers(a, caller.actor);
          if (!users) return users.error();
          json list = json::array();
          for (const auto& u : *users) list.push_back(UserJson(u));
          return Reply{200, {{"users", list}}};
        });

  Route("POST", "/api/v1/users", Permission::kManageUsers, "user.add",
        [&a](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto username = RequiredString(*body, "username", 200);
          if (!username) return username.error();
          auto role = RequiredString(*body, "role", 40);
          if (!role) return role.error();
          auto password = RequiredString(*body, "password", 256);
          if (!password) return password.error();
          auto user =
              app::AddUser(a, caller.actor, *username, *role, caller.actor.clinic_id, *password);
          if (!user) return user.error();
          return Reply{201, {{"user", UserJson(*user)}}};
        });

  for (const bool disable : {true, false}) {
    Route("POST", std::string(R"(/api/v1/users/([^/]+)/)") + (disable ? "disable" : "enable"),
          Permission::kManageUsers, disable ? "user.disable" : "user.enable",
          [&a, disable](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
            auto name = PathName(req);
            if (!name) return name.error();
            if (auto st = app::SetUserDisabled(a, caller.actor, *name, disable); !st)
              return st.error();
            return Reply{200, {{"username", *name}, {"disabled", disable}}};
          });
  }

  Route("POST", R"(/api/v1/users/([^/]+)/password)", Permission::kOwnAccount, "user.passwd",
        [&a](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto name = PathName(req);
          if (!name) return name.error();
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto password = RequiredString(*body, "password", 256);
          if (!password) return password.error();
          if (auto st = app::ChangePassword(a, caller.actor, *name, *password); !st)
            return st.error();
          return Reply{200, {{"username", *name}, {"password_changed", true}}};
        });

  Route("GET", "/api/v1/tokens", Permission::kOwnAccount, "token.list",
        [&a](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
          auto tokens = app::ListApiTokens(a, caller.actor, caller.actor.name);
          if (!tokens) return tokens.error();
          json list = json::array();
          for (const auto& t : *tokens) list.push_back(TokenJson(t));
          return Reply{200, {{"tokens", list}}};
        });

  Route("POST", "/api/v1/tokens", Permission::kOwnAccount, "token.create",
        [&a](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          if (!caller.auth->via_session)  // a token cannot mint tokens
            return MakeError(ErrorCode::kForbidden, "err.forbidden");
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto name = RequiredString(*body, "name", 100);
          if (!name) return name.error();
          auto role = OptionalString(*body, "role");
          if (!role) return role.error();
          auto token =
              app::CreateApiToken(a, caller.actor, caller.actor.name, *name,
                                  role->empty() ? std::nullopt : std::optional<std::string>(*role));
          if (!token) return token.error();
          json out = TokenJson(token->token);
          out["token"] = token->secret;
          return Reply{201, out};
        });

  Route("POST", R"(/api/v1/tokens/([^/]+)/revoke)", Permission::kOwnAccount, "token.revoke",
        [&a](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          if (auto st = app::RevokeApiToken(a, caller.actor, *id); !st) return st.error();
          return Reply{200, {{"id", *id}, {"revoked", true}}};
        });

  const auto& audit_reader = services.audit_reader;
  Route("GET", "/api/v1/audit/verify", Permission::kReadAudit, "audit.verify",
        [&audit_reader](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
          auto v = app::VerifyAudit(audit_reader);
          if (!v) return v.error();
          json out = {{"entries", v->entries}, {"head_hash", v->head_hash}, {"ok", !v->problem}};
          if (v->problem)
            out["first_bad_entry"] = {{"id", v->problem->entry_id}, {"reason", v->problem->reason}};
          return Reply{200, out};
        });

  Route("GET", "/api/v1/audit/export", Permission::kReadAudit, "audit.export",
        [&audit_reader](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto from = ParseDay(req, "from", 0);
          if (!from) return from.error();
          auto to = ParseDay(req, "to", int64_t{1} << 40);
          if (!to) return to.error();
          if (req.has_param("to")) *to += 86400;  // inclusive end day
          auto csv = app::ExportAuditCsv(audit_reader, *from, *to, caller.actor.clinic_id);
          if (!csv) return csv.error();
          Reply r;
          r.raw_body = *csv;
          r.content_type = "text/csv; charset=utf-8";
          return r;
        });
}

namespace {

json PatientJson(const treatment::Patient& p, Date today) {
  return {{"id", p.id},
          {"patient_number", p.patient_number},
          {"name_kanji", p.name_kanji},
          {"name_kana", p.name_kana},
          {"birth_date", p.birth_date.ToString()},
          {"age", p.AgeOn(today)},
          {"sex", p.sex},
          {"phone", p.phone},
          {"email", p.email},
          {"address", p.address},
          {"weight_kg", p.weight_kg ? json(*p.weight_kg) : json(nullptr)},
          {"created_at", p.created_at.ToIso8601()}};
}

json ScreeningJson(const store::StoredScreening& r) {
  json result = json::parse(r.result_json, nullptr, false);
  json intake = json::parse(r.intake_json, nullptr, false);
  return {{"id", r.id},
          {"patient_id", r.patient_id},
          {"created_at", r.created_at.ToIso8601()},
          {"created_by", r.created_by},
          {"contraindicated_routes", r.contraindicated_routes},
          {"signed_off", r.signed_off_at.has_value()},
          {"signed_off_at", r.signed_off_at ? json(r.signed_off_at->ToIso8601()) : json(nullptr)},
          {"signed_off_by", r.signed_off_by},
          {"sign_off_note", r.sign_off_note},
          {"intake", intake.is_discarded() ? json(nullptr) : intake},
          {"result", result.is_discarded() ? json(nullptr) : result}};
}

}  // namespace

namespace {

json ConsentJson(const store::StoredConsent& c) {
  return {{"id", c.id},
          {"plan_id", c.plan_id},
          {"patient_id", c.patient_id},
          {"lang", c.lang},
          {"sha256", c.sha256},
          {"typed_name", c.typed_name},
          {"has_signature_image", c.has_signature_image},
          {"signed_at", c.signed_at.ToIso8601()},
          {"recorded_by", c.recorded_by},
          {"valid", c.Valid()},
          {"withdrawn_at", c.withdrawn_at ? json(c.withdrawn_at->ToIso8601()) : json(nullptr)},
          {"withdrawn_reason", c.withdrawn_reason}};
}

Reply PdfReply(std::string pdf) {
  Reply r;
  r.raw_body = std::move(pdf);
  r.content_type = "application/pdf";
  return r;
}

}  // namespace

json PublicLotJson(const app::LotView& v, Lang lang) {
  return {
      {"product_name", v.lot.product_name},
      {"manufacturer", v.lot.manufacturer},
      {"lot_number", v.lot.lot_number},
      {"expires_on", v.lot.expires_on ? json(v.lot.expires_on->ToString()) : json(nullptr)},
      {"state", std::string(product::LotStateName(v.lot.state))},
      {"state_label",
       Message("word.state." + std::string(product::LotStateName(v.lot.state)), lang)},
      {"released_routes", RouteSetToString(v.lot.released_routes)},
      {"origin",
       {{"species", v.certificate.species ? json(*v.certificate.species) : json(nullptr)},
        {"tissue", v.certificate.tissue ? json(*v.certificate.tissue) : json(nullptr)},
        {"cell_type", v.certificate.cell_type ? json(*v.certificate.cell_type) : json(nullptr)}}},
      {"qc", product::QcReportToJson(v.report, v.context, lang)}};
}

std::string PublicLotHtml(const app::LotView& v, Lang lang) {
  const json j = PublicLotJson(v, lang);
  std::string h = "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  XmlEscape(v.lot.product_name) + " — " + XmlEscape(v.lot.lot_number) +
                  "</title></head><body><main>";
  h += "<h1>" + XmlEscape(Message("public.lot_title", lang)) + "</h1>";
  h += "<dl><dt>" + XmlEscape(Message("public.product", lang)) + "</dt><dd>" +
       XmlEscape(v.lot.product_name) + "</dd><dt>" +
       XmlEscape(Message("public.manufacturer", lang)) + "</dt><dd>" +
       XmlEscape(v.lot.manufacturer) + "</dd><dt>" + XmlEscape(Message("public.lot", lang)) +
       "</dt><dd>" + XmlEscape(v.lot.lot_number) + "</dd><dt>" +
       XmlEscape(Message("public.origin", lang)) + "</dt><dd>" +
       XmlEscape(v.certificate.species.value_or("?") + " / " + v.certificate.tissue.value_or("?") +
                 " / " + v.certificate.cell_type.value_or("?")) +
       "</dd><dt>" + XmlEscape(Message("public.expires", lang)) + "</dt><dd>" +
       XmlEscape(v.lot.expires_on ? v.lot.expires_on->ToString() : "?") + "</dd><dt>" +
       XmlEscape(Message("public.state", lang)) + "</dt><dd>" +
       XmlEscape(j["state_label"].get<std::string>()) + "</dd></dl>";
  h += "<h2>" + XmlEscape(Message("word.disclosure", lang)) + "</h2><ul>";
  for (const auto& [area, d] : j["qc"]["disclosure"].items())
    h += "<li>" + XmlEscape(d["label"].get<std::string>()) + ": " +
         std::to_string(d["disclosed"].get<int>()) + "/" + std::to_string(d["total"].get<int>()) +
         "</li>";
  h += "</ul><h2>" + XmlEscape(Message("word.criteria", lang)) + "</h2><table><thead><tr><th>" +
       XmlEscape(Message("public.criterion", lang)) + "</th><th>" +
       XmlEscape(Message("public.status", lang)) + "</th><th>" +
       XmlEscape(Message("public.detail", lang)) + "</th></tr></thead><tbody>";
  for (const auto& c : j["qc"]["criteria"])
    h += "<tr><td>" + XmlEscape(c["title"].get<std::string>()) + "</td><td>" +
         XmlEscape(Message("word." + c["status"].get<std::string>(), lang)) + "</td><td>" +
         XmlEscape(c["detail"].get<std::string>()) + "</td></tr>";
  h += "</tbody></table><p>" + XmlEscape(Message("word.disclaimer", lang)) +
       "</p></main></body></html>";
  return h;
}

json MeasurementJson(const store::StoredMeasurement& m) {
  json detail = json::parse(m.entry.detail_json, nullptr, false);
  if (detail.is_discarded()) detail = json::object();
  return {{"id", m.id},
          {"patient_id", m.entry.patient_id},
          {"measure", m.entry.measure_id},
          {"value", m.entry.value},
          {"measured_on", m.entry.measured_on.ToString()},
          {"time_point", m.baseline ? "baseline" : "follow_up"},
          {"days_since_first", m.days_since_first ? json(*m.days_since_first) : json(nullptr)},
          {"session_id", m.entry.session_id ? json(*m.entry.session_id) : json(nullptr)},
          {"photo", m.entry.photo},
          {"note", m.entry.note},
          {"detail", detail},
          {"supersedes", m.supersedes ? json(*m.supersedes) : json(nullptr)},
          {"superseded_by", m.superseded_by ? json(*m.superseded_by) : json(nullptr)},
          {"current", !m.superseded_by.has_value()},
          {"correction_reason", m.correction_reason},
          {"source", m.source},
          {"recorded_by", m.recorded_by},
          {"recorded_at", m.recorded_at.ToIso8601()}};
}

json AdverseEventJson(const store::StoredAdverseEvent& a) {
  const auto& e = a.event;
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"onset_date", e.onset_date.ToString()},
          {"description", e.description},
          {"term", e.term},
          {"term_coded", e.term_coded},
          {"ctcae_grade", e.ctcae_grade},
          {"serious", e.serious},
          {"seriousness_criteria", e.seriousness_criteria},
          {"causality", e.causality},
          {"action_taken", e.action_taken},
          {"outcome", e.outcome},
          {"session_ids", e.session_ids},
          {"alert", e.Alert()},
          {"recorded_by", a.recorded_by},
          {"recorded_at", a.recorded_at.ToIso8601()}};
}

void Server::Impl::PatientRoutes() {
  const auto& safety = services.safety;
  Route("POST", "/api/v1/adverse-events", Permission::kRecordClinical, "adverse_event.create",
        [&safety](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto a = app::RecordAdverseEvent(safety, caller.actor, req.body);
          if (!a) return a.error();
          return Reply{201, AdverseEventJson(*a)};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/adverse-events)", Permission::kReadClinical,
        "adverse_event.read",
        [&safety](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto list = app::PatientAdverseEvents(safety, caller.actor, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& a : *list) out.push_back(AdverseEventJson(a));
          return Reply{200, {{"adverse_events", out}}};
        });
  Route("GET", "/api/v1/adverse-event-terms", Permission::kReadClinical, "adverse_event.terms",
        [&safety](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
          return Reply{200, {{"terms", safety.known_terms}}};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/timeline)", Permission::kReadClinical, "timeline.read",
        [this](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto entries = app::PatientTimeline(services.sessions, services.safety,
                                              services.outcomes.outcomes, caller.actor, *id, lang);
          if (!entries) return entries.error();
          json out = json::array();
          for (const auto& e : *entries)
            out.push_back({{"at", e.at}, {"kind", e.kind}, {"id", e.id}, {"summary", e.summary}});
          return Reply{200, {{"patient_id", *id}, {"timeline", out}}};
        });
  Route("GET", "/api/v1/alerts", Permission::kReadClinical, "adverse_event.read",
        [this](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
          auto list = app::Alerts(services.safety, caller.actor);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& a : *list) out.push_back(AdverseEventJson(a));
          auto questionnaires = app::QuestionnaireAlerts(services.outcomes, caller.actor);
          if (!questionnaires) return questionnaires.error();
          json q = json::array();
          for (const auto& m : *questionnaires) q.push_back(MeasurementJson(m));
          return Reply{200, {{"alerts", out}, {"questionnaire_alerts", q}}};
        });
  Route(
      "GET", "/api/v1/signals", Permission::kReadClinical, "signal.read",
      [&safety](const httplib::Request&, const Caller& caller, Lang) -> Result<Reply> {
        auto list = app::LotSignals(safety, caller.actor);
        if (!list) return list.error();
        json out = json::array();
        for (const auto& x : *list)
          out.push_back({{"lot_id", x.counts.lot_id},
                         {"lot_number", x.counts.lot_number},
                         {"route", x.counts.route},
                         {"sessions", x.counts.sessions},
                         {"events", x.counts.events},
                         {"rate", x.signal.lot_rate},
                         {"reference_rate",
                          x.signal.reference_rate ? json(*x.signal.reference_rate) : json(nullptr)},
                         {"p_value", x.signal.p_value ? json(*x.signal.p_value) : json(nullptr)},
                         {"flagged", x.signal.flagged},
                         {"test", "one-sided exact binomial, alpha 0.05"}});
        return Reply{200, {{"signals", out}}};
      });
  const auto& aftercare = services.aftercare;
  Route(
      "GET", R"(/api/v1/sessions/([^/]+)/aftercare\.pdf)", Permission::kReadClinical,
      "aftercare.print",
      [&aftercare](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
        auto id = PathId(req);
        if (!id) return id.error();
        auto pdf = app::AftercarePdf(aftercare, caller.actor, *id, lang);
        if (!pdf) return pdf.error();
        return PdfReply(std::move(*pdf));
      });
  const auto& lot_services = services.lots;
  Route("GET", R"(/api/v1/public/lots/([0-9a-f]+))", Permission::kPublic, "lot.public",
        [&lot_services](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          auto v = app::PublicLot(lot_services, req.matches[1].str());
          if (!v) return v.error();
          return Reply{200, PublicLotJson(*v, lang)};
        });
  // The QR code's target: the web application's lot page when it is served, else (or with
  // ?plain) a plain HTML page that needs no script.
  const bool web_app = !options.web_dir.empty();
  Route("GET", R"(/lots/public/([0-9a-f]+))", Permission::kPublic, "lot.public",
        [&lot_services, web_app](const httplib::Request& req, const Caller&,
                                 Lang lang) -> Result<Reply> {
          // An unknown token is redirected too: the app's page says so in the reader's language.
          if (web_app && !req.has_param("plain")) {
            Reply r{302, json()};
            r.headers.emplace_back("Location", "/app/#/lot/" + req.matches[1].str());
            r.content_type = "text/plain; charset=utf-8";
            return r;
          }
          auto v = app::PublicLot(lot_services, req.matches[1].str());
          if (!v) return v.error();
          Reply r;
          r.raw_body = PublicLotHtml(*v, lang);
          r.content_type = "text/html; charset=utf-8";
          return r;
        });
  const auto& sessions = services.sessions;
  Route("POST", "/api/v1/sessions", Permission::kRecordClinical, "session.create",
        [&sessions](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto r = app::RecordSession(sessions, caller.actor, req.body);
          if (!r) return r.error();
          return Reply{201, SessionJson(*r)};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/sessions)", Permission::kReadClinical, "session.read",
        [&sessions](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto list = app::PatientSessions(sessions, caller.actor, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& x : *list) out.push_back(SessionJson(x));
          return Reply{200, {{"sessions", out}}};
        });
  Route("GET", "/api/v1/followups", Permission::kReadClinical, "followup.read",
        [&sessions](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          std::optional<Date> due;
          if (req.has_param("due")) {
            due = Date::Parse(req.get_param_value("due"));
            if (!due) return Invalid("due", "err.expected_date", {req.get_param_value("due")});
          }
          auto list = app::DueFollowUps(sessions, caller.actor, due);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& f : *list)
            out.push_back({{"id", f.id},
                           {"patient_id", f.patient_id},
                           {"due_on", f.due_on.ToString()},
                           {"kind", f.kind},
                           {"note", f.note},
                           {"text", app::FollowUpText(f, lang)},
                           {"days_after", f.days_after ? json(*f.days_after) : json(nullptr)},
                           {"session_id", f.session_id ? json(*f.session_id) : json(nullptr)},
                           {"lot_id", f.lot_id ? json(*f.lot_id) : json(nullptr)}});
          return Reply{200, {{"followups", out}}};
        });
  Route("POST", R"(/api/v1/followups/([^/]+)/done)", Permission::kRecordClinical, "followup.done",
        [&sessions](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          if (auto st = app::CompleteFollowUp(sessions, caller.actor, *id); !st) return st.error();
          return Reply{200, {{"id", *id}, {"done", true}}};
        });
  // The day list is the schedule (patients.read: reception keeps it); lot and session ids only
  // for roles that read clinical records.
  Route("GET", "/api/v1/schedule", Permission::kReadPatients, "schedule.read",
        [&sessions](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          const auto role = auth::ParseRole(caller.actor.role);
          const bool clinical = role && auth::RoleAllows(*role, Permission::kReadClinical);
          Date day = sessions.plans.clock.Today();
          if (req.has_param("date")) {
            auto d = Date::Parse(req.get_param_value("date"));
            if (!d) return Invalid("date", "err.expected_date", {req.get_param_value("date")});
            day = *d;
          }
          auto list = app::DaySchedule(sessions, caller.actor, day);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& e : *list) {
            json j = {{"plan_id", e.plan.id},
                      {"patient_id", e.plan.patient_id},
                      {"patient_number", e.patient_number},
                      {"name_kanji", e.name_kanji},
                      {"name_kana", e.name_kana},
                      {"route", RouteName(e.route)},
                      {"session_number", e.session_number},
                      {"sessions", e.sessions},
                      {"planned", e.planned},
                      {"done", e.recorded.has_value()},
                      {"performed_at",
                       e.recorded ? json(e.recorded->performed_at.ToIso8601()) : json(nullptr)}};
            if (clinical) {
              j["lot_id"] = e.plan.lot_id;
              j["lot_number"] = e.lot_number;
              j["session_id"] = e.recorded ? json(e.recorded->id) : json(nullptr);
            }
            out.push_back(std::move(j));
          }
          return Reply{200, {{"date", day.ToString()}, {"entries", out}}};
        });
  const auto& cs = services.consents;
  Route("GET", R"(/api/v1/plans/([^/]+)/consent\.pdf)", Permission::kReadClinical,
        "consent.preview",
        [&cs](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto pdf = app::PreviewConsentPdf(cs, caller.actor, *id, lang);
          if (!pdf) return pdf.error();
          return PdfReply(std::move(*pdf));
        });
  Route("POST", R"(/api/v1/plans/([^/]+)/consents)", Permission::kRecordClinical, "consent.sign",
        [&cs](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto doc_lang = OptionalString(*body, "lang");
          if (!doc_lang) return doc_lang.error();
          Lang l = lang;
          if (!doc_lang->empty()) {
            const auto parsed = ParseLang(*doc_lang);
            if (!parsed) return Invalid("lang", "err.unknown_lang", {*doc_lang});
            l = *parsed;
          }
          auto name = OptionalString(*body, "typed_name");
          if (!name) return name.error();
          std::string png;
          if (const auto it = body->find("signature_png_base64");
              it != body->end() && !it->is_null()) {
            if (!it->is_string())
              return Invalid("signature_png_base64", "err.expected_string", {"?"});
            png = it->get<std::string>();
          }
          auto c = app::SignConsent(cs, caller.actor, *id, l, *name, png);
          if (!c) return c.error();
          return Reply{201, ConsentJson(*c)};
        });
  Route("GET", R"(/api/v1/plans/([^/]+)/consents)", Permission::kReadClinical, "consent.read",
        [&cs](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          if (auto v = app::ShowPlan(cs.plans, caller.actor, *id); !v) return v.error();
          auto list = cs.consents.ListConsents(caller.actor.clinic_id, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& c : *list) out.push_back(ConsentJson(c));
          return Reply{200, {{"consents", out}}};
        });
  Route("GET", R"(/api/v1/consents/([^/]+)/document\.pdf)", Permission::kReadClinical,
        "consent.read",
        [&cs](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto c = app::GetConsent(cs, caller.actor, *id);
          if (!c) return c.error();
          return PdfReply(std::move(c->pdf));
        });
  Route("POST", R"(/api/v1/consents/([^/]+)/withdraw)", Permission::kRecordClinical,
        "consent.withdraw",
        [&cs](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          std::string reason;
          if (!req.body.empty()) {
            auto body = ObjectBody(req);
            if (!body) return body.error();
            auto r = OptionalString(*body, "reason");
            if (!r) return r.error();
            reason = *r;
          }
          auto c = app::WithdrawConsent(cs, caller.actor, *id, reason);
          if (!c) return c.error();
          return Reply{200, ConsentJson(*c)};
        });
  const auto& plans = services.plans;
  Route("POST", R"(/api/v1/patients/([^/]+)/plans)", Permission::kSignOff, "plan.create",
        [&plans](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto v = app::CreatePlan(plans, caller.actor, *id, req.body);
          if (!v) return v.error();
          return Reply{201, app::PlanViewToJson(*v, plans, lang)};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/plans)", Permission::kReadClinical, "plan.read",
        [&plans](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto list = app::ListPlans(plans, caller.actor, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& v : *list) out.push_back(app::PlanViewToJson(v, plans, lang));
          return Reply{200, {{"plans", out}}};
        });
  Route("GET", R"(/api/v1/plans/([^/]+))", Permission::kReadClinical, "plan.read",
        [&plans](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto v = app::ShowPlan(plans, caller.actor, *id);
          if (!v) return v.error();
          return Reply{200, app::PlanViewToJson(*v, plans, lang)};
        });
  Route("POST", R"(/api/v1/plans/([^/]+)/activate)", Permission::kSignOff, "plan.activate",
        [&plans](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto v = app::ActivatePlan(plans, caller.actor, *id);
          if (!v) return v.error();
          return Reply{200, app::PlanViewToJson(*v, plans, lang)};
        });
  Route("GET", R"(/api/v1/plans/([^/]+)/schedule\.ics)", Permission::kReadPatients, "plan.ical",
        [&plans](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto ics = app::PlanICalendar(plans, caller.actor, *id, lang);
          if (!ics) return ics.error();
          Reply r;
          r.raw_body = *ics;
          r.content_type = "text/calendar; charset=utf-8";
          return r;
        });
  const auto& p = services.patients;
  Route("GET", "/api/v1/patients", Permission::kReadPatients, "patient.search",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto found = app::SearchPatients(p, caller.actor, req.get_param_value("q"));
          if (!found) return found.error();
          json list = json::array();
          for (const auto& x : *found) list.push_back(PatientJson(x, p.clock.Today()));
          return Reply{200, {{"patients", list}}};
        });
  Route("POST", "/api/v1/patients", Permission::kWritePatients, "patient.create",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto patient = app::RegisterPatient(p, caller.actor, req.body);
          if (!patient) return patient.error();
          return Reply{201, PatientJson(*patient, p.clock.Today())};
        });
  Route("GET", R"(/api/v1/patients/([^/]+))", Permission::kReadPatients, "patient.read",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto patient = app::ShowPatient(p, caller.actor, *id);
          if (!patient) return patient.error();
          return Reply{200, PatientJson(*patient, p.clock.Today())};
        });
  Route("POST", R"(/api/v1/patients/([^/]+)/screenings)", Permission::kRecordClinical,
        "screening.create",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto r = app::RecordScreening(p, caller.actor, *id, req.body);
          if (!r) return r.error();
          return Reply{201, ScreeningJson(*r)};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/screenings)", Permission::kReadClinical,
        "screening.read",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto list = app::ListScreenings(p, caller.actor, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& r : *list) out.push_back(ScreeningJson(r));
          return Reply{200, {{"screenings", out}}};
        });
  Route("POST", R"(/api/v1/screenings/([^/]+)/sign-off)", Permission::kSignOff,
        "screening.sign_off",
        [&p](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto body = ObjectBody(req);
          if (!body) return body.error();
          auto note = OptionalString(*body, "note");
          if (!note) return note.error();
          auto r = app::SignOffScreening(p, caller.actor, *id, *note);
          if (!r) return r.error();
          return Reply{200, ScreeningJson(*r)};
        });
}

Server::Server(const ServerServices& services, ServerOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {
  impl_->Setup();
}

Server::~Server() { Stop(); }

bool Server::Valid() const { return impl_->http->is_valid(); }

bool Server::Bind() {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http->bind_to_any_port(impl_->options.host);
  } else {
    impl_->bound_port = impl_->http->bind_to_port(impl_->options.host, impl_->options.port)
                            ? impl_->options.port
                            : -1;
  }
  return impl_->bound_port > 0;
}

int Server::port() const { return impl_->bound_port; }
void Server::Run() { impl_->http->listen_after_bind(); }
void Server::Stop() {
  if (impl_->http->is_running()) impl_->http->stop();
}
void Server::WaitUntilReady() const {
  while (!impl_->http->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      deepest = std::max(deepest, ++depth);
    else if (c == '}' || c == ']')
      --depth;
  }
  return deepest;
}

namespace {

json MeasureJson(const outcome::Measure& m, Lang lang) {
  return {{"id", m.id},
          {"domain", m.domain},
          {"name", m.name.In(lang)},
          {"unit", m.unit},
          {"min", m.min},
          {"max", m.max},
          {"integer", m.integer},
          {"direction", m.direction},
          {"recorded_by", m.recorded_by},
          {"computed", m.computed},
          {"questionnaire", m.questionnaire},
          {"source", m.source}};
}

int ItemCount(const outcome::Measure& m) {
  const auto q = outcome::ParseQuestionnaire(m.questionnaire);
  return q ? outcome::QuestionnaireItems(*q) : 0;
}

// The answers of a portal form (a1=..&a2=..) or a JSON body, as the JSON the scorer reads.
std::string PortalAnswers(const httplib::Request& req, const outcome::Measure& m) {
  if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0)
    return req.body;
  json answers = json::array();
  for (int i = 1; i <= ItemCount(m); ++i) {
    const std::string v = req.get_param_value("a" + std::to_string(i));
    int n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty())
      answers.push_back(nullptr);
    else if (ec != std::errc() || p != v.data() + v.size())
      answers.push_back(v);
    else
      answers.push_back(n);
  }
  return json{{"answers", answers}}.dump();
}

std::string PortalHtml(const app::PortalView& v, const std::string& token, Lang lang,
                       const std::string& message) {
  std::string h = "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>" +
                  XmlEscape(Message("portal.title", lang)) + "</title></head><body><main><h1>" +
                  XmlEscape(Message("portal.title", lang)) + "</h1><p>" +
                  XmlEscape(Message("portal.intro", lang, {v.link.expires_at.ToIso8601()})) +
                  "</p>";
  if (!message.empty()) h += "<p role=\"status\"><strong>" + XmlEscape(message) + "</strong></p>";
  for (const auto* m : v.measures) {
    const bool done = std::find(v.done.begin(), v.done.end(), m->id) != v.done.end();
    h += "<section><h2>" + XmlEscape(m->name.In(lang)) + "</h2>";
    if (done) {
      h += "<p>" + XmlEscape(Message("portal.done", lang)) + "</p></section>";
      continue;
    }
    h += "<form method=\"post\" action=\"/portal/" + token + "/" + m->id +
         "?lang=" + std::string(LangName(lang)) + "\">";
    h += "<p><small>" + XmlEscape(Message("portal.scale." + m->id, lang)) + "</small></p>";
    const int items = ItemCount(*m);
    for (int i = 1; i <= items; ++i) {
      const std::string label = Message("portal.q." + m->id + "." + std::to_string(i), lang);
      h += "<p><label>" + std::to_string(i) + ". " +
           XmlEscape(label.rfind("portal.q.", 0) == 0 ? Message("portal.item", lang) : label) +
           " <input name=\"a" + std::to_string(i) +
           "\" inputmode=\"numeric\" size=\"5\"></label></p>";
    }
    h += "<p><button type=\"submit\">" + XmlEscape(Message("portal.submit", lang)) +
         "</button></p></form></section>";
  }
  h += "<p><small>" + XmlEscape(Message("portal.privacy", lang)) +
       "</small></p></main></body></html>";
  return h;
}

}  // namespace

void Server::Impl::OutcomeRoutes() {
  const auto& o = services.outcomes;
  Route("GET", "/api/v1/measures", Permission::kPublic, "measure.catalogue",
        [&o](const httplib::Request&, const Caller&, Lang lang) -> Result<Reply> {
          json out = json::array();
          for (const auto& m : o.catalogue) out.push_back(MeasureJson(m, lang));
          return Reply{200, {{"measures", out}}};
        });
  Route("POST", "/api/v1/measurements", Permission::kRecordClinical, "measurement.create",
        [&o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto m = app::RecordMeasurement(o, caller.actor, req.body);
          if (!m) return m.error();
          return Reply{201, MeasurementJson(*m)};
        });
  Route("POST", R"(/api/v1/measurements/([^/]+)/corrections)", Permission::kRecordClinical,
        "measurement.correct",
        [&o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto m = app::CorrectMeasurement(o, caller.actor, *id, req.body);
          if (!m) return m.error();
          return Reply{201, MeasurementJson(*m)};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/measurements)", Permission::kReadClinical,
        "measurement.read",
        [&o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto list = app::PatientMeasurements(o, caller.actor, *id);
          if (!list) return list.error();
          json out = json::array();
          for (const auto& m : *list) out.push_back(MeasurementJson(m));
          return Reply{200, {{"patient_id", *id}, {"measurements", out}}};
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/charts/([a-z0-9_]+)\.svg)", Permission::kReadClinical,
        "measurement.chart",
        [&o](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto svg = app::MeasureChartSvg(o, caller.actor, *id, req.matches[2].str(), lang);
          if (!svg) return svg.error();
          Reply r;
          r.raw_body = std::move(*svg);
          r.content_type = "image/svg+xml";
          return r;
        });
  Route("GET", R"(/api/v1/patients/([^/]+)/outcome-report\.pdf)", Permission::kReadClinical,
        "outcome_report.create",
        [&o](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto pdf = app::OutcomeReportPdf(o, caller.actor, *id, lang);
          if (!pdf) return pdf.error();
          return PdfReply(std::move(*pdf));
        });
  Route("POST", R"(/api/v1/patients/([^/]+)/portal-links)", Permission::kRecordClinical,
        "portal_link.create",
        [this, &o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto link = app::CreatePortalLink(o, caller.actor, *id, req.body);
          if (!link) return link.error();
          // The address as the staff member's browser reached this server, for the QR code the
          // patient scans in the clinic.
          const std::string url = std::string(tls() ? "https://" : "http://") +
                                  req.get_header_value("Host") + link->path;
          auto qr = report::QrPng(url);
          if (!qr) return qr.error();
          return Reply{201,
                       {{"id", link->link.id},
                        {"patient_id", link->link.patient_id},
                        {"measures", link->link.measures},
                        {"expires_at", link->link.expires_at.ToIso8601()},
                        {"path", link->path},
                        {"url", url},
                        {"qr_png_base64", auth::Base64(*qr)},
                        {"token", link->token}}};
        });
  Route("POST", R"(/api/v1/portal-links/([^/]+)/revoke)", Permission::kRecordClinical,
        "portal_link.revoke",
        [&o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          if (auto ok = app::RevokePortalLink(o, caller.actor, *id); !ok) return ok.error();
          return Reply{200, {{"id", *id}, {"revoked", true}}};
        });
  Route("GET", "/api/v1/exports/outcomes.csv", Permission::kExportDeidentified, "outcomes.export",
        [&o](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
          app::ExportOptions options;
          options.age_bands = req.get_param_value("age_bands") == "1";
          auto csv = app::ExportOutcomesCsv(o, caller.actor, options);
          if (!csv) return csv.error();
          Reply r;
          r.raw_body = std::move(*csv);
          r.content_type = "text/csv; charset=utf-8";
          return r;
        });
  Route("POST", "/api/v1/analyses", Permission::kExportDeidentified, "analysis.run",
        [&o](const httplib::Request& req, const Caller& caller, Lang lang) -> Result<Reply> {
          auto body = ObjectBody(req);
          if (!body) return body.error();
          app::OutcomeAnalysisRequest request;
          auto measure = OptionalString(*body, "measure");
          if (!measure) return measure.error();
          if (measure->empty()) return Invalid("/measure", "err.required");
          request.measure = *measure;
          if (const auto f = body->find("factors"); f != body->end() && !f->is_null()) {
            if (!f->is_array()) return Invalid("/factors", "err.expected_array", {f->dump()});
            for (size_t i = 0; i < f->size(); ++i) {
              if (!(*f)[i].is_string())
                return Invalid("/factors/" + std::to_string(i), "err.expected_string",
                               {(*f)[i].dump()});
              request.factors.push_back((*f)[i].get<std::string>());
            }
          }
          if (const auto ml = body->find("ml"); ml != body->end() && ml->is_boolean())
            request.ml = ml->get<bool>();
          auto result = app::AnalyzeOutcomes(o, caller.actor, request, lang);
          if (!result) return result.error();
          return Reply{
              200, {{"fit", stats::SummaryJson(result->fit)}, {"figures", result->figures_svg}}};
        });
  // Rule files (settings): read, and save after the program's own loader accepts the text.
  const auto& acc = services.accounts;
  const std::string rules_dir = options.rules_dir;
  Route("GET", "/api/v1/settings/rules", Permission::kManageSettings, "rules.list",
        [](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
          json files = json::array();
          for (const auto& f : app::EditableRuleFiles())
            files.push_back({{"id", f.id}, {"path", "rules/" + f.path}});
          return Reply{200, {{"files", files}}};
        });
  Route("GET", R"(/api/v1/settings/rules/([a-z_-]+))", Permission::kManageSettings, "rules.read",
        [rules_dir](const httplib::Request& req, const Caller&, Lang) -> Result<Reply> {
          auto text = app::ReadRuleFile(rules_dir, req.matches[1].str());
          if (!text) return text.error();
          return Reply{200, {{"id", req.matches[1].str()}, {"text", *text}}};
        });
  Route(
      "POST", R"(/api/v1/settings/rules/([a-z_-]+))", Permission::kManageSettings, "rules.save",
      [rules_dir, &acc](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
        auto body = ObjectBody(req);
        if (!body) return body.error();
        const auto text = body->find("text");
        if (text == body->end() || !text->is_string()) return Invalid("/text", "err.required");
        if (auto ok = app::SaveRuleFile(rules_dir, acc.audit, acc.clock, caller.actor,
                                        req.matches[1].str(), text->get<std::string>());
            !ok)
          return ok.error();
        Reply r{200, {{"id", req.matches[1].str()}, {"saved", true}}};
        r.reload_rules = true;
        return r;
      });
  // The clinic settings (closed days, prices, follow-up days) as a form edits them.
  Route("GET", "/api/v1/settings/clinic", Permission::kManageSettings, "rules.read",
        [rules_dir](const httplib::Request&, const Caller&, Lang) -> Result<Reply> {
          auto j = app::ReadClinicSettingsJson(rules_dir);
          if (!j) return j.error();
          return Reply{200, *j};
        });
  Route(
      "POST", "/api/v1/settings/clinic", Permission::kManageSettings, "rules.save",
      [rules_dir, &acc](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
        auto body = ObjectBody(req);
        if (!body) return body.error();
        if (auto ok =
                app::SaveClinicSettingsJson(rules_dir, acc.audit, acc.clock, caller.actor, *body);
            !ok)
          return ok.error();
        Reply r{200, {{"id", "clinic"}, {"saved", true}}};
        r.reload_rules = true;
        return r;
      });
  // The patient portal: the token in the path is the only credential; it opens that patient's
  // listed questionnaires until it expires or is revoked.
  Route("GET", R"(/api/v1/portal/([0-9a-z]+))", Permission::kPublic, "portal.open",
        [&o](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          auto v = app::OpenPortal(o, req.matches[1].str());
          if (!v) return v.error();
          json ms = json::array();
          for (const auto* m : v->measures) {
            json j = MeasureJson(*m, lang);
            j["items"] = ItemCount(*m);
            j["done"] = std::find(v->done.begin(), v->done.end(), m->id) != v->done.end();
            ms.push_back(j);
          }
          return Reply{200, {{"expires_at", v->link.expires_at.ToIso8601()}, {"measures", ms}}};
        });
  Route("POST", R"(/api/v1/portal/([0-9a-z]+)/([a-z0-9_]+))", Permission::kPublic, "portal.submit",
        [&o](const httplib::Request& req, const Caller&, Lang) -> Result<Reply> {
          auto m = app::SubmitPortal(o, req.matches[1].str(), req.matches[2].str(), req.body);
          if (!m) return m.error();
          json detail = json::parse(m->entry.detail_json, nullptr, false);
          return Reply{201,
                       {{"id", m->id},
                        {"measure", m->entry.measure_id},
                        {"score", m->entry.value},
                        {"band", detail.is_object() ? detail.value("band", "") : ""}}};
        });
  Route("GET", R"(/portal/([0-9a-z]+))", Permission::kPublic, "portal.open",
        [&o](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          auto v = app::OpenPortal(o, req.matches[1].str());
          if (!v) return v.error();
          Reply r;
          r.raw_body = PortalHtml(*v, req.matches[1].str(), lang, "");
          r.content_type = "text/html; charset=utf-8";
          return r;
        });
  Route("POST", R"(/portal/([0-9a-z]+)/([a-z0-9_]+))", Permission::kPublic, "portal.submit",
        [&o](const httplib::Request& req, const Caller&, Lang lang) -> Result<Reply> {
          const std::string token = req.matches[1].str();
          const outcome::Measure* m = outcome::FindMeasure(o.catalogue, req.matches[2].str());
          std::string message;
          if (m == nullptr) return NotFound("measure", req.matches[2].str());
          auto saved = app::SubmitPortal(o, token, m->id, PortalAnswers(req, *m));
          if (saved) {
            message = Message("portal.thanks", lang);
          } else if (saved.error().code == ErrorCode::kInvalid) {
            message = RenderError(saved.error(), lang);
          } else {
            return saved.error();
          }
          auto v = app::OpenPortal(o, token);
          if (!v) return v.error();
          Reply r;
          r.status = saved ? 200 : 422;
          r.raw_body = PortalHtml(*v, token, lang, message);
          r.content_type = "text/html; charset=utf-8";
          return r;
        });
}

}  // namespace exo::server
