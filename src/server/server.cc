#include "server/server.h"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/audit.h"
#include "app/lot_json.h"
#include "product/qc_report_format.h"

namespace exo::server {

using nlohmann::json;

namespace {

struct Reply {
  int status = 200;
  json body;
};

using Handler = std::function<Result<Reply>(const httplib::Request&, const app::Actor&, Lang)>;

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
  const app::LotServices& services;
  const Authenticator& auth;
  ServerOptions options;
  httplib::Server http;
  int bound_port = -1;

  Impl(const app::LotServices& s, const Authenticator& a, ServerOptions o)
      : services(s), auth(a), options(std::move(o)) {}

  // The single entry for every API endpoint.
  void Route(const char* method, const std::string& pattern, Permission permission,
             const std::string& action, Handler handler) {
    auto wrapped = [this, permission, action, handler](const httplib::Request& req,
                                                       httplib::Response& res) {
      const Lang lang = RequestLang(req);
      RequestInfo info;
      info.remote_addr = req.remote_addr;
      for (const auto& [k, v] : req.headers) {
        std::string name = k;
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        info.headers[name] = v;
      }
      std::optional<app::Actor> actor;
      if (permission == Permission::kPublic) {
        actor = app::Actor{"anonymous", "public", 1};
      } else {
        actor = auth.Authenticate(info);
        if (!actor) {
          SendError(res, MakeError(ErrorCode::kUnauthorized, "err.unauthorized"), lang);
          return;
        }
        if (!RoleAllows(actor->role, permission)) {
          app::RecordAudit(services.audit, services.clock, *actor, action, req.path,
                           store::AuditOutcome::kDenied, std::string(PermissionName(permission)));
          SendError(res, MakeError(ErrorCode::kForbidden, "err.forbidden"), lang);
          return;
        }
      }
      Result<Reply> reply = Internal("no reply");
      try {
        reply = handler(req, *actor, lang);
      } catch (const std::exception& e) {
        reply = Internal(e.what());
      }
      if (!reply) {
        SendError(res, reply.error(), lang);
        return;
      }
      SendJson(res, reply->status, reply->body);
    };
    if (std::string_view(method) == "GET")
      http.Get(pattern, wrapped);
    else
      http.Post(pattern, wrapped);
  }

  void Setup();
};

void Server::Impl::Setup() {
  http.set_tcp_nodelay(true);  // PITFALLS.md: ~60x slower without it
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_max_count(1000);
  http.set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { SecurityHeaders(res); });
  http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already rendered its JSON error
    const Lang lang = RequestLang(req);
    SecurityHeaders(res);
    if (res.status == 413) {
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
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        SendError(res, Internal("unhandled exception"), RequestLang(req));
      });

  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kLandingPage, "text/html; charset=utf-8");
  });
  if (!options.web_dir.empty()) http.set_mount_point("/app", options.web_dir);

  const auto& s = services;
  Route("GET", "/api/v1/health", Permission::kPublic, "health",
        [](const httplib::Request&, const app::Actor&, Lang) -> Result<Reply> {
          return Reply{200, {{"status", "ok"}, {"version", "0.1.0"}}};
        });

  Route(
      "GET", "/api/v1/qc/criteria", Permission::kPublic, "qc.criteria",
      [&s](const httplib::Request&, const app::Actor&, Lang lang) -> Result<Reply> {
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
        [&s](const httplib::Request& req, const app::Actor&, Lang lang) -> Result<Reply> {
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
        [&s](const httplib::Request& req, const app::Actor& actor, Lang lang) -> Result<Reply> {
          store::LotFilter filter;
          if (req.has_param("state")) {
            filter.state = product::ParseLotState(req.get_param_value("state"));
            if (!filter.state)
              return Invalid("state", "err.expected_one_of",
                             {req.get_param_value("state"),
                              "quarantined, released, expired, recalled, destroyed"});
          }
          auto lots = app::ListLots(s, actor, filter);
          if (!lots) return lots.error();
          json list = json::array();
          for (const auto& lot : *lots) list.push_back(app::LotSummaryToJson(lot, lang));
          return Reply{200, {{"lots", list}}};
        });

  Route("POST", "/api/v1/lots", Permission::kImportLots, "lot.import",
        [&s](const httplib::Request& req, const app::Actor& actor, Lang lang) -> Result<Reply> {
          std::optional<int> vials;
          if (req.has_param("vials")) {
            const std::string text = req.get_param_value("vials");
            int v = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || p != text.data() + text.size() || v < 0)
              return Invalid("vials", "err.expected_number_nonneg", {text});
            vials = v;
          }
          auto view = app::ImportLot(s, actor, req.body, vials);
          if (!view) return view.error();
          return Reply{201, app::LotViewToJson(*view, lang)};
        });

  Route("GET", R"(/api/v1/lots/([^/]+))", Permission::kReadLots, "lot.show",
        [&s](const httplib::Request& req, const app::Actor& actor, Lang lang) -> Result<Reply> {
          auto id = PathId(req);
          if (!id) return id.error();
          auto view = app::ShowLot(s, actor, *id);
          if (!view) return view.error();
          return Reply{200, app::LotViewToJson(*view, lang)};
        });

  Route("POST", R"(/api/v1/lots/([^/]+)/release)", Permission::kReleaseLots, "lot.release",
        [&s](const httplib::Request& req, const app::Actor& actor, Lang lang) -> Result<Reply> {
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
          auto view = app::ReleaseLot(s, actor, *id, routes, *reason);
          if (!view) return view.error();
          return Reply{200, app::LotViewToJson(*view, lang)};
        });

  const auto transition = [this, &s](const char* path, product::LotAction action,
                                     Permission permission) {
    const std::string action_name = "lot." + std::string(product::LotActionName(action));
    Route("POST", std::string(R"(/api/v1/lots/([^/]+)/)") + path, permission, action_name,
          [&s, action](const httplib::Request& req, const app::Actor& actor,
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
            auto view = app::TransitionLot(s, actor, *id, action, reason);
            if (!view) return view.error();
            return Reply{200, app::LotViewToJson(*view, lang)};
          });
  };
  transition("quarantine", product::LotAction::kQuarantine, Permission::kReleaseLots);
  transition("recall", product::LotAction::kRecall, Permission::kRecallLots);
  transition("destroy", product::LotAction::kDestroy, Permission::kRecallLots);
}

Server::Server(const app::LotServices& services, const Authenticator& auth, ServerOptions options)
    : impl_(std::make_unique<Impl>(services, auth, std::move(options))) {
  impl_->Setup();
}

Server::~Server() { Stop(); }

bool Server::Bind() {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(impl_->options.host);
  } else {
    impl_->bound_port = impl_->http.bind_to_port(impl_->options.host, impl_->options.port)
                            ? impl_->options.port
                            : -1;
  }
  return impl_->bound_port > 0;
}

int Server::port() const { return impl_->bound_port; }
void Server::Run() { impl_->http.listen_after_bind(); }
void Server::Stop() {
  if (impl_->http.is_running()) impl_->http.stop();
}
void Server::WaitUntilReady() const {
  while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

}  // namespace exo::server
