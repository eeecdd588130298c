#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/demo.h"
#include "app/lot_json.h"
#include "app/lots.h"
#include "app/rules.h"
#include "core/format.h"
#include "product/qc_report_format.h"
#include "server/server.h"
#include "store/sqlite/sqlite_store.h"

namespace exo::cli {

namespace {

using nlohmann::json;

struct Options {
  std::string db;
  std::string rules_dir = EXO_RULES_DIR;
  std::string lang;
  std::string format = "text";
};

Lang ResolveLang(const std::string& flag) {
  if (auto l = ParseLang(flag)) return *l;
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0')
      return std::string_view(v).rfind("ja", 0) == 0 ? Lang::kJa : Lang::kEn;
  }
  return Lang::kEn;
}

std::string DefaultDbPath() {
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    dir = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dir = std::filesystem::path(home) / ".local" / "share";
  } else {
    dir = ".";
  }
  dir /= "exoclinic";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return (dir / "exoclinic.db").string();
}

std::string CliActorName() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "local");
}

int ExitCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 1;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kConflict:
      return 4;
    default:
      return 5;
  }
}

int Fail(const Error& error, Lang lang, const std::string& format) {
  if (format == "json") {
    std::cout << app::ErrorToJson(error, lang).dump(2) << "\n";
  } else {
    std::cerr << "exoclinic: " << Message(error.message_id, lang, error.args) << "\n";
    for (const auto& f : error.fields) std::cerr << "  " << RenderFieldError(f, lang) << "\n";
  }
  return ExitCode(error.code);
}

// Opens the store and rules that the lot commands need.
struct Env {
  std::unique_ptr<store::SqliteStore> store;
  product::QcRules rules;
  app::SystemClock clock;
  std::unique_ptr<app::LotServices> services;
};

Result<std::unique_ptr<Env>> OpenEnv(const Options& o) {
  auto env = std::make_unique<Env>();
  auto rules = app::LoadQcRules(o.rules_dir);
  if (!rules) return rules.error();
  env->rules = std::move(*rules);
  auto store = store::SqliteStore::Open(o.db.empty() ? DefaultDbPath() : o.db);
  if (!store) return store.error();
  env->store = std::move(*store);
  env->services = std::make_unique<app::LotServices>(
      app::LotServices{*env->store, *env->store, *env->store, env->clock, env->rules});
  return env;
}

std::string Pad(std::string s, size_t width) {
  // Pads by code points so Japanese labels line up roughly.
  size_t cps = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++cps;
  if (cps < width) s.append(width - cps, ' ');
  return s;
}

void PrintLotList(const std::vector<product::Lot>& lots, Lang lang) {
  std::cout << Pad(Message("cli.col.id", lang), 5) << Pad(Message("cli.col.state", lang), 13)
            << Pad(Message("cli.col.lot", lang), 20) << Pad(Message("cli.col.expires", lang), 12)
            << Pad(Message("cli.col.routes", lang), 34) << Message("cli.col.product", lang) << "\n";
  for (const auto& lot : lots) {
    const std::string routes = RouteSetToString(lot.released_routes);
    std::cout << Pad(std::to_string(lot.id), 5)
              << Pad(Message("word.state." + std::string(product::LotStateName(lot.state)), lang),
                     13)
              << Pad(lot.lot_number, 20)
              << Pad(lot.expires_on ? lot.expires_on->ToString() : "—", 12)
              << Pad(routes.empty() ? "—" : routes, 34) << lot.product_name
              << (lot.has_override ? "  " + Message("cli.lot.override_tag", lang) : "") << "\n";
  }
}

void PrintLotView(const app::LotView& v, Lang lang) {
  const auto& lot = v.lot;
  const std::string state =
      Message("word.state." + std::string(product::LotStateName(lot.state)), lang);
  std::cout << Message("cli.lot.title", lang,
                       {std::to_string(lot.id), lot.lot_number, lot.product_name, lot.manufacturer})
            << "\n";
  if (lot.released_routes.empty()) {
    std::cout << Message("cli.lot.state", lang, {state}) << "\n";
  } else {
    std::cout << Message("cli.lot.state_routes", lang,
                         {state, RouteSetToString(lot.released_routes)})
              << "\n";
  }
  std::cout << Message("cli.lot.expires", lang, {lot.expires_on ? lot.expires_on->ToString() : "—"})
            << "\n"
            << Message("cli.lot.vials", lang,
                       {lot.vials_in_stock ? std::to_string(*lot.vials_in_stock) : "—"})
            << "\n"
            << Message("cli.lot.token", lang, {lot.public_token}) << "\n";
  if (lot.has_override) std::cout << Message("cli.lot.override", lang) << "\n";
  std::cout << "\n" << Message("cli.lot.history", lang) << "\n";
  for (const auto& e : lot.events) {
    std::cout << "  " << e.at.ToIso8601() << "  " << Pad(e.actor, 14)
              << Pad(std::string(product::LotActionName(e.action)), 11)
              << (e.from ? std::string(product::LotStateName(*e.from)) + " -> " : "")
              << product::LotStateName(e.to);
    if (!e.routes.empty()) std::cout << " [" << RouteSetToString(e.routes) << "]";
    if (e.override) {
      std::cout << " " << Message("cli.lot.override_of", lang);
      for (const auto& o : e.overridden) std::cout << " " << o;
    }
    if (!e.reason.empty()) std::cout << " — " << e.reason;
    std::cout << "\n";
  }
  std::cout << "\n" << product::QcReportToText(v.report, v.context, lang);
}

int PrintView(const Result<app::LotView>& v, const Options& o, Lang lang) {
  if (!v) return Fail(v.error(), lang, o.format);
  if (o.format == "json")
    std::cout << app::LotViewToJson(*v, lang).dump(2) << "\n";
  else
    PrintLotView(*v, lang);
  return 0;
}

server::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"exoclinic — records and quality control for exosome (EV) treatment clinics"};
  cli.require_subcommand(1);
  Options o;
  cli.add_option("--db", o.db,
                 "SQLite database file (default: ~/.local/share/exoclinic/exoclinic.db)");
  cli.add_option("--rules", o.rules_dir, "directory with the rule files (qc.toml)")
      ->capture_default_str();
  cli.add_option("--lang", o.lang, "ja or en (default: from LANG)")
      ->check(CLI::IsMember({"ja", "en"}));

  // qc evaluate / qc criteria
  auto* qc = cli.add_subcommand("qc", "evaluate certificates of analysis");
  qc->require_subcommand(1);
  auto* eval = qc->add_subcommand("evaluate", "evaluate a certificate (no database needed)");
  std::string coa_path, route, as_of;
  std::optional<double> weight_kg, dose_ml, infusion_minutes;
  eval->add_option("file", coa_path, "certificate JSON (exoclinic.certificate/1), - for stdin")
      ->required();
  eval->add_option("--route", route, "evaluate for one route")
      ->check(CLI::IsMember({"iv", "injection", "microneedle", "topical"}));
  eval->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  eval->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  eval->add_option("--weight-kg", weight_kg, "patient weight for the IV endotoxin dose check")
      ->check(CLI::PositiveNumber);
  eval->add_option("--dose-ml", dose_ml, "dose volume (default: one vial)")
      ->check(CLI::PositiveNumber);
  eval->add_option("--infusion-minutes", infusion_minutes, "infusion time")
      ->check(CLI::NonNegativeNumber);
  eval->add_option("--as-of", as_of, "evaluate as of this date (YYYY-MM-DD; default today)");
  auto* criteria = qc->add_subcommand("criteria", "print the QC criteria table");
  std::string criteria_format = "markdown";
  criteria->add_option("--format", criteria_format, "markdown")->check(CLI::IsMember({"markdown"}));

  // lot ...
  auto* lot = cli.add_subcommand("lot", "the lot register");
  lot->require_subcommand(1);
  std::string file;
  int64_t id = 0;
  std::optional<int> vials;
  std::string routes, override_reason, reason, state;
  auto* imp = lot->add_subcommand("import", "register a lot from its certificate (quarantined)");
  imp->add_option("file", file, "certificate JSON")->required();
  imp->add_option("--vials", vials, "vials received")->check(CLI::NonNegativeNumber);
  auto* list = lot->add_subcommand("list", "list lots");
  list->add_option("--state", state, "only lots in this state")
      ->check(CLI::IsMember({"quarantined", "released", "expired", "recalled", "destroyed"}));
  auto* show = lot->add_subcommand("show", "show a lot, its history and QC report");
  auto* release = lot->add_subcommand("release", "release a lot for routes");
  release->add_option("--routes", routes, "comma-separated: iv,injection,microneedle,topical")
      ->required();
  release->add_option("--override-reason", override_reason,
                      "required to release against a not_releasable verdict");
  auto* quarantine = lot->add_subcommand("quarantine", "put a released lot back into quarantine");
  quarantine->add_option("--reason", reason, "why");
  auto* recall = lot->add_subcommand("recall", "recall a lot (final)");
  recall->add_option("--reason", reason, "why")->required();
  auto* destroy = lot->add_subcommand("destroy", "record a lot as destroyed (final)");
  destroy->add_option("--reason", reason, "why");
  for (auto* sub : {imp, list, show, release, quarantine, recall, destroy}) {
    sub->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  }
  for (auto* sub : {show, release, quarantine, recall, destroy})
    sub->add_option("id", id, "lot id")->required()->check(CLI::PositiveNumber);

  auto* demo = cli.add_subcommand("demo", "load demo lots into the database");
  auto* serve = cli.add_subcommand("serve", "serve the web application and the API");
  server::ServerOptions serve_options;
  serve->add_option("--host", serve_options.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", serve_options.port, "port (0: any free port)")->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;  // --help exits 0; every usage error exits 2
  }
  const Lang lang = ResolveLang(o.lang);

  if (eval->parsed()) {
    Result<std::string> text = std::string();
    if (coa_path == "-") {
      std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      text = all;
    } else {
      text = app::ReadTextFile(coa_path);
    }
    if (!text) return Fail(text.error(), lang, o.format);
    auto rules = app::LoadQcRules(o.rules_dir);
    if (!rules) return Fail(rules.error(), lang, o.format);
    product::QcContext ctx;
    app::SystemClock clock;
    ctx.today = clock.Today();
    if (!as_of.empty()) {
      auto d = Date::Parse(as_of);
      if (!d) return Fail(Invalid("--as-of", "err.expected_date", {as_of}), lang, o.format);
      ctx.today = *d;
    }
    if (!route.empty()) ctx.route = ParseRoute(route);
    ctx.patient_weight_kg = weight_kg;
    ctx.dose_ml = dose_ml;
    ctx.infusion_minutes = infusion_minutes;
    auto result = app::EvaluateCertificate(*rules, *text, ctx);
    if (!result) return Fail(result.error(), lang, o.format);
    if (o.format == "json") {
      std::cout << product::QcReportToJson(result->report, ctx, lang).dump(2) << "\n";
    } else {
      std::cout << product::QcReportToText(result->report, ctx, lang);
    }
    return 0;
  }
  if (criteria->parsed()) {
    auto rules = app::LoadQcRules(o.rules_dir);
    if (!rules) return Fail(rules.error(), lang, "text");
    std::cout << product::QcRulesToMarkdown(*rules);
    return 0;
  }

  auto env = OpenEnv(o);
  if (!env) return Fail(env.error(), lang, o.format);
  const app::LotServices& s = *(*env)->services;
  const app::Actor actor{CliActorName(), "physician", 1};

  if (imp->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    return PrintView(app::ImportLot(s, actor, *text, vials), o, lang);
  }
  if (list->parsed()) {
    store::LotFilter filter;
    if (!state.empty()) filter.state = product::ParseLotState(state);
    auto lots = app::ListLots(s, actor, filter);
    if (!lots) return Fail(lots.error(), lang, o.format);
    if (o.format == "json") {
      json arr = json::array();
      for (const auto& l : *lots) arr.push_back(app::LotSummaryToJson(l, lang));
      std::cout << json{{"lots", arr}}.dump(2) << "\n";
    } else {
      PrintLotList(*lots, lang);
    }
    return 0;
  }
  if (show->parsed()) return PrintView(app::ShowLot(s, actor, id), o, lang);
  if (release->parsed()) {
    std::string bad;
    auto set = ParseRouteSet(routes, &bad);
    if (!set) return Fail(Invalid("--routes", "err.unknown_route", {bad}), lang, o.format);
    return PrintView(app::ReleaseLot(s, actor, id, *set, override_reason), o, lang);
  }
  if (quarantine->parsed())
    return PrintView(app::TransitionLot(s, actor, id, product::LotAction::kQuarantine, reason), o,
                     lang);
  if (recall->parsed())
    return PrintView(app::TransitionLot(s, actor, id, product::LotAction::kRecall, reason), o,
                     lang);
  if (destroy->parsed()) {
    if (reason.empty()) reason = "destroyed";
    return PrintView(app::TransitionLot(s, actor, id, product::LotAction::kDestroy, reason), o,
                     lang);
  }
  if (demo->parsed()) {
    auto added = app::LoadDemo(s, actor);
    if (!added) return Fail(added.error(), lang, "text");
    std::cout << Message("cli.demo_added", lang, {std::to_string(*added)}) << "\n";
    return 0;
  }
  if (serve->parsed()) {
    if (auto expired = app::ExpireDueLots(s, actor.clinic_id); !expired)
      return Fail(expired.error(), lang, "text");
    server::LoopbackAuthenticator auth;
    serve_options.web_dir = EXO_WEB_DIR;
    if (!std::filesystem::exists(serve_options.web_dir)) serve_options.web_dir.clear();
    server::Server server(s, auth, serve_options);
    if (!server.Bind()) {
      std::cerr << "exoclinic: "
                << Message("cli.cannot_listen", lang,
                           {serve_options.host, std::to_string(serve_options.port)})
                << "\n";
      return 5;
    }
    g_server = &server;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::cout << Message("cli.serving", lang, {serve_options.host, std::to_string(server.port())})
              << std::endl;
    server.Run();
    g_server = nullptr;
    return 0;
  }
  return 2;
}

}  // namespace exo::cli
