#include "cli/cli.h"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/analysis.h"
#include "app/audit.h"
#include "app/audit_tools.h"
#include "app/consents.h"
#include "app/demo.h"
#include "app/demo_clinic.h"
#include "app/lot_json.h"
#include "app/lots.h"
#include "app/patients.h"
#include "app/plans.h"
#include "app/rules.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "app/timeline.h"
#include "auth/crypto.h"
#include "core/format.h"
#include "product/qc_report_format.h"
#include "screening/screen.h"
#include "server/server.h"
#include "stats/summary.h"
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
  // Failed logins: 5 per account and 20 per address within 15 minutes.
  auth::LoginLimiter account_limiter{5, 900};
  auth::LoginLimiter address_limiter{20, 900};
  std::unique_ptr<app::AccountServices> accounts;
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
  env->accounts = std::make_unique<app::AccountServices>(
      app::AccountServices{*env->store, *env->store, *env->store, *env->store, env->clock,
                           auth::SessionPolicy{}, env->account_limiter, env->address_limiter});
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

// A password from the terminal (asked twice, not echoed) or one line of standard input.
Result<std::string> ReadPassword(Lang lang) {
  const auto line = []() {
    std::string p;
    std::getline(std::cin, p);
    if (!p.empty() && p.back() == '\r') p.pop_back();
    return p;
  };
  if (!isatty(STDIN_FILENO)) return line();
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::cerr << Message("cli.password_prompt", lang) << std::flush;
  const std::string first = line();
  std::cerr << "\n" << Message("cli.password_again", lang) << std::flush;
  const std::string second = line();
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (first != second) return Invalid("password", "err.password_mismatch");
  return first;
}

// Writes a document to `path`; exit code 0, or the error rendered.
int WriteBytes(const std::string& path, const std::string& bytes, Lang lang) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) return Fail(MakeError(ErrorCode::kUnavailable, "err.file_write", {path}), lang, "text");
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
  std::string out_path, typed_name, signature_png;
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
  for (auto* sub : {imp, list, show, release, quarantine, destroy}) {
    sub->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  }
  for (auto* sub : {show, release, quarantine, recall, destroy})
    sub->add_option("id", id, "lot id")->required()->check(CLI::PositiveNumber);

  auto* screen = cli.add_subcommand("screen", "screen an intake (no database needed)");
  std::string intake_path;
  screen->add_option("file", intake_path, "intake JSON (exoclinic.intake/1), - for stdin")
      ->required();
  screen->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  screen->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));

  auto* patient = cli.add_subcommand("patient", "patients (every read is audited)");
  patient->require_subcommand(1);
  std::string query;
  auto* patient_add = patient->add_subcommand("add", "register a patient from JSON");
  patient_add->add_option("file", file, "patient JSON")->required();
  auto* patient_list = patient->add_subcommand("list", "search patients");
  patient_list->add_option("--search", query, "kanji, kana or patient number");
  auto* patient_show = patient->add_subcommand("show", "show a patient and their screenings");
  patient_show->add_option("id", id, "patient id")->required()->check(CLI::PositiveNumber);
  auto* screening_cmd = cli.add_subcommand("screening", "stored screenings of patients");
  screening_cmd->require_subcommand(1);
  auto* screening_record = screening_cmd->add_subcommand("record", "screen and store an intake");
  screening_record->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  screening_record->add_option("file", file, "intake JSON")->required();
  auto* screening_sign = screening_cmd->add_subcommand("sign-off", "physician sign-off");
  screening_sign->add_option("id", id, "screening id")->required()->check(CLI::PositiveNumber);
  std::string note;
  screening_sign->add_option("--note", note, "the physician's note")->required();
  auto* plan = cli.add_subcommand("plan", "treatment plans");
  plan->require_subcommand(1);
  int64_t patient_id = 0;
  auto* plan_create = plan->add_subcommand("create", "create a draft plan from JSON");
  plan_create->add_option("patient", patient_id, "patient id")
      ->required()
      ->check(CLI::PositiveNumber);
  plan_create->add_option("file", file, "plan JSON")->required();
  auto* plan_show = plan->add_subcommand("show", "show a plan with its checks, schedule and cost");
  auto* plan_activate = plan->add_subcommand("activate", "activate a plan (physician)");
  auto* plan_ical = plan->add_subcommand("ical", "print the schedule as iCalendar");
  auto* consent_cmd = cli.add_subcommand("consent", "informed consent documents");
  consent_cmd->require_subcommand(1);
  auto* consent_pdf = consent_cmd->add_subcommand("pdf", "write the consent document of a plan");
  consent_pdf->add_option("plan", id, "plan id")->required()->check(CLI::PositiveNumber);
  consent_pdf->add_option("-o,--output", out_path, "PDF file to write")->required();
  consent_pdf->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  auto* consent_sign = consent_cmd->add_subcommand("sign", "record the patient's signature");
  consent_sign->add_option("plan", id, "plan id")->required()->check(CLI::PositiveNumber);
  consent_sign->add_option("--name", typed_name, "the name the patient typed")->required();
  consent_sign->add_option("--signature-png", signature_png, "drawn signature (PNG file)")
      ->check(CLI::ExistingFile);
  consent_sign->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  auto* consent_withdraw = consent_cmd->add_subcommand("withdraw", "record a withdrawal");
  consent_withdraw->add_option("id", id, "consent id")->required()->check(CLI::PositiveNumber);
  consent_withdraw->add_option("--reason", reason, "why (optional)");
  for (auto* sub : {plan_show, plan_activate, plan_ical})
    sub->add_option("id", id, "plan id")->required()->check(CLI::PositiveNumber);
  auto* session_cmd = cli.add_subcommand("session", "treatment sessions");
  session_cmd->require_subcommand(1);
  auto* session_record = session_cmd->add_subcommand("record", "record a session from JSON");
  session_record->add_option("file", file, "session JSON")->required();
  auto* session_aftercare =
      session_cmd->add_subcommand("aftercare", "write the aftercare sheet (PDF)");
  session_aftercare->add_option("id", id, "session id")->required()->check(CLI::PositiveNumber);
  session_aftercare->add_option("-o,--output", out_path, "PDF file to write")->required();
  session_aftercare->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  auto* trace = cli.add_subcommand("trace", "who got a lot; which lots a patient got");
  trace->require_subcommand(1);
  auto* trace_lot = trace->add_subcommand("lot", "every session given from a lot");
  trace_lot->add_option("id", id, "lot id")->required()->check(CLI::PositiveNumber);
  auto* trace_patient = trace->add_subcommand("patient", "every session and lot of a patient");
  trace_patient->add_option("id", id, "patient id")->required()->check(CLI::PositiveNumber);
  auto* ae = cli.add_subcommand("ae", "adverse events");
  ae->require_subcommand(1);
  auto* ae_record = ae->add_subcommand("record", "record an adverse event from JSON");
  ae_record->add_option("file", file, "adverse event JSON")->required();
  auto* alerts = cli.add_subcommand("alerts", "serious adverse events and CTCAE grade 3 or more");
  auto* timeline = cli.add_subcommand("timeline", "everything for one patient in time order");
  timeline->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  auto* signals = cli.add_subcommand("signals", "lot safety signals (exact binomial test)");
  auto* followups = cli.add_subcommand("followups", "open follow-up tasks");
  std::string due;
  followups->add_option("--due", due, "due on or before this day (YYYY-MM-DD)");
  int64_t done_id = 0;
  followups->add_option("--done", done_id, "mark this follow-up done")->check(CLI::PositiveNumber);
  auto* schedule = cli.add_subcommand("schedule", "the day's treatment list (today by default)");
  std::string schedule_day;
  schedule->add_option("--date", schedule_day, "YYYY-MM-DD");
  trace_lot->add_option("--format", o.format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  recall->add_option("--format", o.format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  for (auto* sub :
       {patient_add, patient_list, patient_show, screening_record, screening_sign, plan_create,
        plan_show, plan_activate, plan_ical, session_record, trace_patient, followups, schedule}) {
    sub->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  }

  auto* measure = cli.add_subcommand("measure", "outcome measurements (rules/measures.toml)");
  measure->require_subcommand(1);
  auto* measure_record = measure->add_subcommand("record", "record a measurement from JSON");
  measure_record->add_option("file", file, "measurement JSON")->required();
  auto* measure_correct =
      measure->add_subcommand("correct", "correct a measurement (adds a new version)");
  measure_correct->add_option("id", id, "measurement id")->required()->check(CLI::PositiveNumber);
  measure_correct->add_option("file", file, "JSON with the new value and a reason")->required();
  auto* measure_list = measure->add_subcommand("list", "every measurement of a patient");
  measure_list->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  auto* measure_chart = measure->add_subcommand("chart", "a patient's measure over time (SVG)");
  std::string measure_id;
  measure_chart->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  measure_chart->add_option("measure", measure_id, "measure id")->required();
  measure_chart->add_option("-o,--output", out_path, "SVG file to write")->required();
  auto* measure_catalogue = measure->add_subcommand("catalogue", "list the measures");
  auto* portal = cli.add_subcommand("portal-link", "questionnaire links for patients");
  portal->require_subcommand(1);
  auto* portal_create = portal->add_subcommand("create", "create a link (printed once)");
  std::vector<std::string> portal_measures;
  int portal_days = 7;
  std::string link_base;
  portal_create->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  portal_create->add_option("--measures", portal_measures, "questionnaires, e.g. phq9,psqi")
      ->required()
      ->delimiter(',');
  portal_create->add_option("--days", portal_days, "days until the link expires (1-30)");
  portal_create->add_option("--public-url", link_base, "the clinic's public address");
  auto* portal_revoke = portal->add_subcommand("revoke", "revoke a link");
  portal_revoke->add_option("id", id, "link id")->required()->check(CLI::PositiveNumber);
  auto* export_cmd = cli.add_subcommand("export", "exports for statistics");
  export_cmd->require_subcommand(1);
  auto* export_outcomes =
      export_cmd->add_subcommand("outcomes", "de-identified outcomes, one row per time point");
  bool age_bands = false;
  std::string export_format = "csv";
  export_outcomes->add_option("--format", export_format, "csv")->check(CLI::IsMember({"csv"}));
  export_outcomes->add_flag("--age-bands", age_bands, "ages in ten-year bands");
  export_outcomes->add_option("-o,--output", out_path, "file to write (default: stdout)");
  auto* report_cmd = cli.add_subcommand("report", "documents");
  report_cmd->require_subcommand(1);
  auto* report_outcomes = report_cmd->add_subcommand("outcomes", "outcome report of a patient");
  report_outcomes->add_option("patient", id, "patient id")->required()->check(CLI::PositiveNumber);
  report_outcomes->add_option("-o,--output", out_path, "PDF file to write")->required();
  for (auto* sub : {measure_record, measure_correct, measure_list, measure_chart, measure_catalogue,
                    portal_create, portal_revoke, report_outcomes}) {
    sub->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  }
  for (auto* sub : {measure_record, measure_correct, measure_list, measure_catalogue})
    sub->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));

  auto* analyze = cli.add_subcommand("analyze", "fit a linear mixed model (lme4 formula) to a CSV");
  std::string data_csv, model_formula, report_path;
  std::vector<std::string> reference_levels, factor_columns;
  bool ml = false;
  analyze->add_option("data", data_csv, "CSV file (long format, header row)")->required();
  analyze
      ->add_option("--formula", model_formula, "e.g. \"y ~ time + route + (1 + time | patient)\"")
      ->required();
  analyze->add_flag("--ml", ml, "maximum likelihood instead of REML");
  analyze->add_option("--ref", reference_levels, "reference level, e.g. route=topical");
  analyze->add_option("--factor", factor_columns, "read a numeric-looking column as a factor");
  analyze->add_option("--report", report_path, "write a report (.pdf or .html)");
  bool with_groups = false;
  analyze->add_flag("--groups", with_groups,
                    "JSON: add conditional modes per group and fitted values per row");
  analyze->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  analyze->add_option("--lang", o.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  auto* responders =
      cli.add_subcommand("responders", "share of patients whose change passes a threshold");
  stats::ResponderOptions ropt{"y", "time", "patient", "", 0, false};
  responders->add_option("data", data_csv, "CSV file")->required();
  responders->add_option("--response", ropt.response, "response column (default y)");
  responders->add_option("--time", ropt.time, "time column (default time)");
  responders->add_option("--patient", ropt.patient, "patient column (default patient)");
  responders->add_option("--by", ropt.by, "group column, e.g. route");
  responders->add_option("--threshold", ropt.threshold, "change from baseline needed")->required();
  responders->add_flag("--lower-better", ropt.lower_is_better, "a fall counts (e.g. PSQI)");
  responders->add_option("--format", o.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  auto* demo =
      cli.add_subcommand("demo", "load demo lots (and a demo clinic's patients) into the database");
  int demo_patients = 0;
  demo->add_option("--patients", demo_patients,
                   "also add this many demo patients with months of synthetic history")
      ->check(CLI::Range(0, 2000));
  auto* serve = cli.add_subcommand("serve", "serve the web application and the API");
  server::ServerOptions serve_options;
  serve->add_option("--host", serve_options.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", serve_options.port, "port (0: any free port)")->capture_default_str();
  std::string public_url;
  serve->add_option("--public-url", public_url,
                    "base URL printed in QR codes (default: http://HOST:PORT)");
  serve->add_option("--tls-cert", serve_options.tls_cert, "PEM certificate: serve HTTPS")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", serve_options.tls_key, "PEM private key")
      ->check(CLI::ExistingFile);

  // user ... / token ... / clinic ... / audit ...
  std::string username, role, token_name;
  int64_t clinic_id = 1;
  auto* user = cli.add_subcommand("user", "accounts (password read from the terminal or stdin)");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user");
  user_add->add_option("username", username, "user name")->required();
  user_add->add_option("--role", role, "admin, physician, nurse, reception, analyst, patient")
      ->required();
  user_add->add_option("--clinic", clinic_id, "clinic id")->capture_default_str();
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password");
  auto* user_disable = user->add_subcommand("disable", "disable a user (ends their sessions)");
  auto* user_enable = user->add_subcommand("enable", "enable a disabled user");
  for (auto* sub : {user_passwd, user_disable, user_enable})
    sub->add_option("username", username, "user name")->required();
  auto* user_list = user->add_subcommand("list", "list users");

  auto* token = cli.add_subcommand("token", "API tokens for programs");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token (printed once)");
  token_create->add_option("username", username, "owner")->required();
  token_create->add_option("--name", token_name, "what the token is for")->required();
  token_create->add_option("--role", role, "a role no wider than the user's (default: theirs)");
  auto* token_list = token->add_subcommand("list", "list a user's tokens");
  token_list->add_option("username", username, "owner")->required();
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token");
  token_revoke->add_option("id", id, "token id")->required()->check(CLI::PositiveNumber);

  auto* clinic = cli.add_subcommand("clinic", "clinics sharing this database");
  clinic->require_subcommand(1);
  std::string clinic_name;
  auto* clinic_add = clinic->add_subcommand("add", "add a clinic");
  clinic_add->add_option("name", clinic_name, "clinic name")->required();
  auto* clinic_list = clinic->add_subcommand("list", "list clinics");

  auto* audit = cli.add_subcommand("audit", "the tamper-evident audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the hash chain");
  auto* audit_export = audit->add_subcommand("export", "write entries as CSV");
  std::string from_day, to_day;
  audit_export->add_option("--from", from_day, "first day, YYYY-MM-DD");
  audit_export->add_option("--to", to_day, "last day, YYYY-MM-DD");

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
  if (analyze->parsed()) {
    auto text = app::ReadTextFile(data_csv, size_t{1} << 34);
    if (!text) return Fail(text.error(), lang, o.format);
    app::AnalysisRequest request;
    request.formula = model_formula;
    request.ml = ml;
    request.factors = factor_columns;
    for (const auto& r : reference_levels) {
      const size_t eq = r.find('=');
      if (eq == std::string::npos || eq == 0)
        return Fail(Invalid("--ref", "err.expected_one_of", {r, "column=level"}), lang, o.format);
      request.reference[r.substr(0, eq)] = r.substr(eq + 1);
    }
    const bool tty = isatty(STDERR_FILENO);
    if (tty)
      request.progress = [lang](const std::string& stage, double fraction,
                                const std::string& detail) {
        if (stage == "read")
          std::cerr << "\r" << Message("analysis.reading", lang) << " "
                    << static_cast<int>(fraction * 100) << "%   " << std::flush;
        else
          std::cerr << "\r" << Message("analysis.fitting", lang) << ": " << detail << "        "
                    << std::flush;
      };
    auto fit = app::Analyze(*text, request);
    if (tty) std::cerr << "\r" << std::string(70, ' ') << "\r" << std::flush;
    if (!fit) return Fail(fit.error(), lang, o.format);
    if (o.format == "json")
      std::cout << stats::SummaryJson(*fit, with_groups).dump(2) << "\n";
    else
      std::cout << stats::SummaryText(*fit);
    if (!report_path.empty()) {
      const bool html =
          report_path.size() >= 5 && report_path.substr(report_path.size() - 5) == ".html";
      if (html) return WriteBytes(report_path, app::AnalysisReportHtml(*fit, lang), lang);
      auto pdf = app::AnalysisReportPdf(*fit, lang);
      if (!pdf) return Fail(pdf.error(), lang, "text");
      return WriteBytes(report_path, *pdf, lang);
    }
    return 0;
  }
  if (responders->parsed()) {
    auto text = app::ReadTextFile(data_csv, size_t{1} << 34);
    if (!text) return Fail(text.error(), lang, o.format);
    auto rows = app::AnalyzeResponders(*text, ropt);
    if (!rows) return Fail(rows.error(), lang, o.format);
    if (o.format == "json") {
      json arr = json::array();
      for (const auto& r : *rows)
        arr.push_back({{"group", r.group},
                       {"patients", r.patients},
                       {"responders", r.responders},
                       {"share", r.share},
                       {"ci_low", r.ci.low},
                       {"ci_high", r.ci.high},
                       {"interval", "Clopper-Pearson 95%"}});
      std::cout << json{{"responders", arr}}.dump(2) << "\n";
      return 0;
    }
    for (const auto& r : *rows)
      std::cout << Pad(r.group, 20) << r.responders << "/" << r.patients << "  "
                << FormatNumber(100 * r.share, 3) << "%  [" << FormatNumber(100 * r.ci.low, 3)
                << "%, " << FormatNumber(100 * r.ci.high, 3) << "%]\n";
    return 0;
  }
  if (screen->parsed()) {
    Result<std::string> text = std::string();
    if (intake_path == "-") {
      text =
          std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    } else {
      text = app::ReadTextFile(intake_path);
    }
    if (!text) return Fail(text.error(), lang, o.format);
    auto rules = app::LoadScreeningRules(o.rules_dir);
    if (!rules) return Fail(rules.error(), lang, o.format);
    auto intake = screening::ParseIntake(*text);
    if (!intake) return Fail(intake.error(), lang, o.format);
    const auto result = screening::Screen(*intake, *rules);
    if (o.format == "json")
      std::cout << screening::ScreeningToJson(result, *rules, lang).dump(2) << "\n";
    else
      std::cout << screening::ScreeningToText(result, *rules, lang);
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
  if (destroy->parsed()) {
    if (reason.empty()) reason = "destroyed";
    return PrintView(app::TransitionLot(s, actor, id, product::LotAction::kDestroy, reason), o,
                     lang);
  }
  if (demo->parsed()) {
    auto added = app::LoadDemo(s, actor);
    if (!added) return Fail(added.error(), lang, "text");
    std::cout << Message("cli.demo_added", lang, {std::to_string(*added)}) << "\n";
    if (demo_patients == 0) return 0;
  }
  const app::AccountServices& a = *(*env)->accounts;
  auto screening_rules = app::LoadScreeningRules(o.rules_dir);
  if (!screening_rules) return Fail(screening_rules.error(), lang, "text");
  const app::PatientServices ps{*(*env)->store, *(*env)->store, *(*env)->store, (*env)->clock,
                                *screening_rules};
  const app::Actor clinician{CliActorName(), "physician", 1, 0};
  const auto print_patient = [&](const treatment::Patient& p) {
    if (o.format == "json") {
      std::cout << json{{"id", p.id},
                        {"patient_number", p.patient_number},
                        {"name_kanji", p.name_kanji},
                        {"name_kana", p.name_kana},
                        {"birth_date", p.birth_date.ToString()},
                        {"sex", p.sex},
                        {"weight_kg", p.weight_kg ? json(*p.weight_kg) : json(nullptr)}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << Pad(std::to_string(p.id), 5) << Pad(p.patient_number, 9) << Pad(p.name_kanji, 16)
                << Pad(p.name_kana, 20) << p.birth_date.ToString() << "  " << p.sex << "\n";
    }
  };
  const auto print_screening = [&](const store::StoredScreening& r) {
    json result = json::parse(r.result_json, nullptr, false);
    if (o.format == "json") {
      std::cout << json{{"id", r.id},
                        {"patient_id", r.patient_id},
                        {"contraindicated_routes", r.contraindicated_routes},
                        {"signed_off", r.signed_off_at.has_value()},
                        {"result", result}}
                       .dump(2)
                << "\n";
      return;
    }
    std::cout << Message("cli.screening_head", lang,
                         {std::to_string(r.id), r.created_at.ToIso8601(), r.created_by})
              << "\n";
    for (const auto& f : result["flags"])
      std::cout << "  [" << f["severity"].get<std::string>() << "] " << f["rule"].get<std::string>()
                << ": " << f["reason"][std::string(LangName(lang))].get<std::string>() << "\n";
    if (r.signed_off_at)
      std::cout << "  "
                << Message("cli.signed_off", lang,
                           {r.signed_off_by, r.signed_off_at->ToIso8601(), r.sign_off_note})
                << "\n";
    else
      std::cout << "  " << Message("cli.not_signed_off", lang) << "\n";
  };
  auto clinic_settings = app::LoadClinicSettings(o.rules_dir);
  if (!clinic_settings) return Fail(clinic_settings.error(), lang, "text");
  auto alternatives = app::LoadAlternatives(o.rules_dir);
  if (!alternatives) return Fail(alternatives.error(), lang, "text");
  const app::PlanServices pls{*(*env)->store, *(*env)->store,   *(*env)->store,
                              *(*env)->store, *(*env)->store,   (*env)->clock,
                              (*env)->rules,  *clinic_settings, *alternatives};
  auto templates = app::LoadConsentTemplates(o.rules_dir);
  if (!templates) return Fail(templates.error(), lang, "text");
  const app::ConsentServices cns{pls, *(*env)->store, *templates};
  const auto print_plan = [&](const Result<app::PlanView>& v) {
    if (!v) return Fail(v.error(), lang, o.format);
    const json j = app::PlanViewToJson(*v, pls, lang);
    if (o.format == "json") {
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    std::cout << Message("cli.plan_head", lang,
                         {std::to_string(v->plan.id), v->plan.status, j["route"].get<std::string>(),
                          std::to_string(v->request.sessions),
                          std::to_string(v->request.interval_days)})
              << "\n";
    for (const auto& d : j["schedule"]) std::cout << "  " << d.get<std::string>() << "\n";
    for (const auto& c : j["checks"])
      std::cout << "  [" << c["level"].get<std::string>() << "] " << c["id"].get<std::string>()
                << ": " << c["message"].get<std::string>() << "\n";
    std::cout << Message("cli.plan_cost", lang,
                         {std::to_string(v->evaluation.cost.subtotal),
                          std::to_string(v->evaluation.cost.tax),
                          std::to_string(v->evaluation.cost.total), v->evaluation.cost.currency})
              << "\n";
    return 0;
  };
  const app::SessionServices sss{pls, cns, *(*env)->store};
  const auto print_trace = [&](const std::vector<store::TraceRow>& rows) {
    if (o.format == "csv") {
      std::cout << app::TraceCsv(rows);
      return;
    }
    if (o.format == "json") {
      json arr = json::array();
      for (const auto& r : rows)
        arr.push_back({{"session_id", r.session.id},
                       {"performed_at", r.session.performed_at.ToIso8601()},
                       {"patient_id", r.session.patient_id},
                       {"patient_number", r.patient_number},
                       {"name_kanji", r.name_kanji},
                       {"name_kana", r.name_kana},
                       {"phone", r.phone},
                       {"email", r.email},
                       {"route", r.session.route},
                       {"dose_particles", r.session.dose_particles}});
      std::cout << json{{"sessions", arr}}.dump(2) << "\n";
      return;
    }
    std::cout << Message("cli.trace_count", lang, {std::to_string(rows.size())}) << "\n";
    for (const auto& r : rows)
      std::cout << "  " << r.session.performed_at.ToIso8601() << "  " << Pad(r.patient_number, 9)
                << Pad(r.name_kanji, 14) << Pad(r.phone, 16) << Pad(r.email, 26) << r.session.route
                << "\n";
  };
  if (recall->parsed()) {
    auto result = app::RecallLot(sss, s, clinician, id, reason);
    if (!result) return Fail(result.error(), lang, o.format == "csv" ? "text" : o.format);
    if (o.format == "text") PrintLotView(result->lot, lang);
    print_trace(result->affected);
    if (o.format == "text")
      std::cout << Message("cli.followups_created", lang,
                           {std::to_string(result->followups_created)})
                << "\n";
    return 0;
  }
  if (trace_lot->parsed()) {
    auto rows = app::TraceLot(sss, clinician, id);
    if (!rows) return Fail(rows.error(), lang, o.format == "csv" ? "text" : o.format);
    print_trace(*rows);
    return 0;
  }
  if (trace_patient->parsed()) {
    auto list = app::PatientSessions(sss, clinician, id);
    if (!list) return Fail(list.error(), lang, o.format);
    if (o.format == "json") {
      json arr = json::array();
      for (const auto& x : *list)
        arr.push_back({{"session_id", x.id},
                       {"performed_at", x.performed_at.ToIso8601()},
                       {"lot_id", x.lot_id},
                       {"route", x.route},
                       {"dose_particles", x.dose_particles}});
      std::cout << json{{"sessions", arr}}.dump(2) << "\n";
    } else {
      for (const auto& x : *list)
        std::cout << "  " << x.performed_at.ToIso8601() << "  lot " << x.lot_id << "  " << x.route
                  << "  " << FormatNumber(x.dose_particles) << "\n";
    }
    return 0;
  }
  if (session_record->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    auto r = app::RecordSession(sss, clinician, *text);
    if (!r) return Fail(r.error(), lang, o.format);
    std::cout << Message("cli.session_recorded", lang,
                         {std::to_string(r->id), std::to_string(r->lot_id),
                          std::to_string(r->vials_used)})
              << "\n";
    return 0;
  }
  auto ae_terms = app::LoadAdverseEventTerms(o.rules_dir);
  if (!ae_terms) return Fail(ae_terms.error(), lang, "text");
  const app::SafetyServices sfs{*(*env)->store, *(*env)->store, *(*env)->store, (*env)->clock,
                                *ae_terms};
  if (ae_record->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, "text");
    auto a = app::RecordAdverseEvent(sfs, clinician, *text);
    if (!a) return Fail(a.error(), lang, "text");
    std::cout << Message(a->event.Alert() ? "cli.ae_alert" : "cli.ae_recorded", lang,
                         {std::to_string(a->event.id)})
              << "\n";
    return 0;
  }
  auto measures = app::LoadMeasures(o.rules_dir);
  if (!measures) return Fail(measures.error(), lang, "text");
  const app::OutcomeServices ocs{*(*env)->store, sss, sfs, *measures};
  if (demo->parsed()) {
    auto& db = *(*env)->store;
    const bool tty = isatty(STDERR_FILENO);
    auto added =
        app::LoadDemoClinic({db, db, db, db, db, db, db, db, db, db},
                            {(*env)->rules, *screening_rules, *clinic_settings, *alternatives,
                             *templates, *ae_terms, *measures},
                            app::Actor{"dr.demo", "physician", actor.clinic_id, 0},
                            (*env)->clock.Today(), demo_patients, [&](int done, int total) {
                              if (tty)
                                std::cerr << "\r"
                                          << Message("cli.demo_progress", lang,
                                                     {std::to_string(done), std::to_string(total)})
                                          << std::flush;
                            });
    if (tty) std::cerr << "\n";
    if (!added) return Fail(added.error(), lang, "text");
    std::cout << Message("cli.demo_patients", lang, {std::to_string(*added)}) << "\n";
    return 0;
  }
  const auto print_measurement = [&](const store::StoredMeasurement& m) {
    std::cout << "#" << Pad(std::to_string(m.id), 6) << m.entry.measured_on.ToString() << "  "
              << Pad(m.entry.measure_id, 20) << Pad(FormatNumber(m.entry.value, 4), 8)
              << (m.baseline           ? "baseline"
                  : m.days_since_first ? "day " + std::to_string(*m.days_since_first)
                                       : "")
              << (m.supersedes ? "  corrects #" + std::to_string(*m.supersedes) : "")
              << (m.superseded_by ? "  (superseded by #" + std::to_string(*m.superseded_by) + ")"
                                  : "")
              << "\n";
  };
  if (measure_record->parsed() || measure_correct->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    auto m = measure_record->parsed() ? app::RecordMeasurement(ocs, clinician, *text)
                                      : app::CorrectMeasurement(ocs, clinician, id, *text);
    if (!m) return Fail(m.error(), lang, o.format);
    print_measurement(*m);
    return 0;
  }
  if (measure_list->parsed()) {
    auto list = app::PatientMeasurements(ocs, clinician, id);
    if (!list) return Fail(list.error(), lang, o.format);
    for (const auto& m : *list) print_measurement(m);
    return 0;
  }
  if (measure_catalogue->parsed()) {
    for (const auto& m : *measures)
      std::cout << Pad(m.id, 20) << Pad(m.domain, 10) << Pad(m.unit, 16) << m.name.In(lang) << "\n";
    return 0;
  }
  if (measure_chart->parsed()) {
    auto svg = app::MeasureChartSvg(ocs, clinician, id, measure_id, lang);
    if (!svg) return Fail(svg.error(), lang, "text");
    return WriteBytes(out_path, *svg, lang);
  }
  if (portal_create->parsed()) {
    auto link = app::CreatePortalLink(
        ocs, clinician, id, json{{"measures", portal_measures}, {"days", portal_days}}.dump());
    if (!link) return Fail(link.error(), lang, "text");
    std::cout << Message("cli.portal_link", lang,
                         {std::to_string(link->link.id),
                          (link_base.empty() ? "http://127.0.0.1:8080" : link_base) + link->path,
                          link->link.expires_at.ToIso8601()})
              << "\n";
    return 0;
  }
  if (portal_revoke->parsed()) {
    if (auto ok = app::RevokePortalLink(ocs, clinician, id); !ok)
      return Fail(ok.error(), lang, "text");
    std::cout << Message("cli.portal_revoked", lang, {std::to_string(id)}) << "\n";
    return 0;
  }
  if (export_outcomes->parsed()) {
    app::ExportOptions options;
    options.age_bands = age_bands;
    const app::Actor analyst{CliActorName(), "analyst", 1, 0};
    auto csv = app::ExportOutcomesCsv(ocs, analyst, options);
    if (!csv) return Fail(csv.error(), lang, "text");
    if (out_path.empty()) {
      std::cout << *csv;
      return 0;
    }
    return WriteBytes(out_path, *csv, lang);
  }
  if (report_outcomes->parsed()) {
    auto pdf = app::OutcomeReportPdf(ocs, clinician, id, lang);
    if (!pdf) return Fail(pdf.error(), lang, "text");
    return WriteBytes(out_path, *pdf, lang);
  }
  if (timeline->parsed()) {
    auto entries = app::PatientTimeline(sss, sfs, ocs.outcomes, clinician, id, lang);
    if (!entries) return Fail(entries.error(), lang, "text");
    for (const auto& e : *entries)
      std::cout << Pad(e.at, 22) << Pad(e.kind, 19) << e.summary << "\n";
    return 0;
  }
  if (alerts->parsed()) {
    auto list = app::Alerts(sfs, clinician);
    if (!list) return Fail(list.error(), lang, "text");
    auto questionnaires = app::QuestionnaireAlerts(ocs, clinician);
    if (!questionnaires) return Fail(questionnaires.error(), lang, "text");
    if (list->empty() && questionnaires->empty())
      std::cout << Message("cli.no_alerts", lang) << "\n";
    for (const auto& m : *questionnaires)
      std::cout << m.entry.measured_on.ToString() << "  patient " << m.entry.patient_id << "  "
                << m.entry.measure_id << " = " << FormatNumber(m.entry.value, 3) << "  "
                << Message("cli.questionnaire_alert", lang) << "\n";
    for (const auto& a : *list)
      std::cout << a.event.onset_date.ToString() << "  patient " << a.event.patient_id << "  G"
                << a.event.ctcae_grade << (a.event.serious ? " SAE" : "") << "  " << a.event.term
                << "  (" << a.event.causality << ")\n";
    return 0;
  }
  if (signals->parsed()) {
    auto list = app::LotSignals(sfs, clinician);
    if (!list) return Fail(list.error(), lang, "text");
    for (const auto& x : *list)
      std::cout << Pad(x.counts.lot_number, 18) << Pad(x.counts.route, 12) << x.counts.events << "/"
                << x.counts.sessions
                << "  p=" << (x.signal.p_value ? FormatNumber(*x.signal.p_value, 3) : "—")
                << (x.signal.flagged ? "  " + Message("cli.signal_flagged", lang) : "") << "\n";
    return 0;
  }
  if (session_aftercare->parsed()) {
    auto aftercare_rules = app::LoadAftercare(o.rules_dir);
    if (!aftercare_rules) return Fail(aftercare_rules.error(), lang, "text");
    const app::AftercareServices acs{sss, *aftercare_rules,
                                     public_url.empty() ? "http://127.0.0.1:8080" : public_url};
    auto pdf = app::AftercarePdf(acs, clinician, id, lang);
    if (!pdf) return Fail(pdf.error(), lang, "text");
    return WriteBytes(out_path, *pdf, lang);
  }
  if (followups->parsed()) {
    std::optional<Date> until;
    if (!due.empty()) {
      until = Date::Parse(due);
      if (!until) return Fail(Invalid("--due", "err.expected_date", {due}), lang, o.format);
    }
    if (done_id > 0) {
      if (auto st = app::CompleteFollowUp(sss, clinician, done_id); !st)
        return Fail(st.error(), lang, o.format);
      std::cout << Message("cli.followup_done", lang, {std::to_string(done_id)}) << "\n";
      return 0;
    }
    auto list = app::DueFollowUps(sss, clinician, until);
    if (!list) return Fail(list.error(), lang, o.format);
    for (const auto& f : *list)
      std::cout << "#" << Pad(std::to_string(f.id), 6) << f.due_on.ToString() << "  patient "
                << f.patient_id << "  " << f.kind << "  " << app::FollowUpText(f, lang) << "\n";
    return 0;
  }
  if (schedule->parsed()) {
    Date day = (*env)->clock.Today();
    if (!schedule_day.empty()) {
      auto d = Date::Parse(schedule_day);
      if (!d) return Fail(Invalid("--date", "err.expected_date", {schedule_day}), lang, o.format);
      day = *d;
    }
    auto list = app::DaySchedule(sss, clinician, day);
    if (!list) return Fail(list.error(), lang, o.format);
    if (o.format == "json") {
      json arr = json::array();
      for (const auto& e : *list)
        arr.push_back({{"plan_id", e.plan.id},
                       {"patient_id", e.plan.patient_id},
                       {"patient_number", e.patient_number},
                       {"route", RouteName(e.route)},
                       {"session_number", e.session_number},
                       {"sessions", e.sessions},
                       {"planned", e.planned},
                       {"session_id", e.recorded ? json(e.recorded->id) : json(nullptr)}});
      std::cout << json{{"date", day.ToString()}, {"entries", arr}}.dump(2) << "\n";
      return 0;
    }
    std::cout << Message("cli.schedule_head", lang, {day.ToString(), std::to_string(list->size())})
              << "\n";
    for (const auto& e : *list)
      std::cout << "  "
                << Pad(e.recorded ? Message("cli.schedule_done", lang)
                                  : Message("cli.schedule_planned", lang),
                       10)
                << Pad(e.patient_number, 9) << Pad(e.name_kanji, 14)
                << Pad(std::string(RouteName(e.route)), 13) << e.session_number << "/" << e.sessions
                << "  " << e.lot_number << "\n";
    return 0;
  }
  if (consent_pdf->parsed()) {
    auto pdf = app::PreviewConsentPdf(cns, clinician, id, lang);
    if (!pdf) return Fail(pdf.error(), lang, "text");
    return WriteBytes(out_path, *pdf, lang);
  }
  if (consent_sign->parsed()) {
    std::string png_b64;
    if (!signature_png.empty()) {
      auto png = app::ReadTextFile(signature_png, 1 << 20);
      if (!png) return Fail(png.error(), lang, "text");
      png_b64 = auth::Base64(*png);
    }
    auto c = app::SignConsent(cns, clinician, id, lang, typed_name, png_b64);
    if (!c) return Fail(c.error(), lang, "text");
    std::cout << Message("cli.consent_signed", lang, {std::to_string(c->id), c->sha256}) << "\n";
    return 0;
  }
  if (consent_withdraw->parsed()) {
    auto c = app::WithdrawConsent(cns, clinician, id, reason);
    if (!c) return Fail(c.error(), lang, "text");
    std::cout << Message("cli.consent_withdrawn", lang, {std::to_string(c->id)}) << "\n";
    return 0;
  }
  if (plan_create->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    return print_plan(app::CreatePlan(pls, clinician, patient_id, *text));
  }
  if (plan_show->parsed()) return print_plan(app::ShowPlan(pls, clinician, id));
  if (plan_activate->parsed()) return print_plan(app::ActivatePlan(pls, clinician, id));
  if (plan_ical->parsed()) {
    auto ics = app::PlanICalendar(pls, clinician, id, lang);
    if (!ics) return Fail(ics.error(), lang, "text");
    std::cout << *ics;
    return 0;
  }
  if (patient_add->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    auto p = app::RegisterPatient(ps, clinician, *text);
    if (!p) return Fail(p.error(), lang, o.format);
    print_patient(*p);
    return 0;
  }
  if (patient_list->parsed()) {
    auto found = app::SearchPatients(ps, clinician, query);
    if (!found) return Fail(found.error(), lang, o.format);
    for (const auto& p : *found) print_patient(p);
    return 0;
  }
  if (patient_show->parsed()) {
    auto p = app::ShowPatient(ps, clinician, id);
    if (!p) return Fail(p.error(), lang, o.format);
    print_patient(*p);
    auto list = app::ListScreenings(ps, clinician, id);
    if (!list) return Fail(list.error(), lang, o.format);
    if (o.format != "json")
      for (const auto& r : *list) print_screening(r);
    return 0;
  }
  if (screening_record->parsed()) {
    auto text = app::ReadTextFile(file);
    if (!text) return Fail(text.error(), lang, o.format);
    auto r = app::RecordScreening(ps, clinician, id, *text);
    if (!r) return Fail(r.error(), lang, o.format);
    print_screening(*r);
    return 0;
  }
  if (screening_sign->parsed()) {
    auto r = app::SignOffScreening(ps, clinician, id, note);
    if (!r) return Fail(r.error(), lang, o.format);
    print_screening(*r);
    return 0;
  }
  const app::Actor operator_actor{CliActorName(), "admin", 1, 0};
  if (user_add->parsed() || user_passwd->parsed()) {
    auto password = ReadPassword(lang);
    if (!password) return Fail(password.error(), lang, "text");
    if (user_add->parsed()) {
      auto added = app::AddUser(a, operator_actor, username, role, clinic_id, *password);
      if (!added) return Fail(added.error(), lang, "text");
      std::cout << Message("cli.user_added", lang, {added->username, role}) << "\n";
    } else {
      if (auto st = app::ChangePassword(a, operator_actor, username, *password); !st)
        return Fail(st.error(), lang, "text");
      std::cout << Message("cli.password_changed", lang, {username}) << "\n";
    }
    return 0;
  }
  if (user_disable->parsed() || user_enable->parsed()) {
    const bool disable = user_disable->parsed();
    if (auto st = app::SetUserDisabled(a, operator_actor, username, disable); !st)
      return Fail(st.error(), lang, "text");
    std::cout << Message(disable ? "cli.user_disabled" : "cli.user_enabled", lang, {username})
              << "\n";
    return 0;
  }
  if (user_list->parsed()) {
    auto users = app::ListUsers(a, operator_actor);
    if (!users) return Fail(users.error(), lang, "text");
    for (const auto& u : *users)
      std::cout << Pad(std::to_string(u.id), 5) << Pad(u.username, 24)
                << Pad(std::string(auth::RoleName(u.role)), 12) << "clinic " << u.clinic_id
                << (u.disabled ? "  [" + Message("cli.disabled", lang) + "]" : "") << "\n";
    return 0;
  }
  if (token_create->parsed()) {
    auto t = app::CreateApiToken(a, operator_actor, username, token_name,
                                 role.empty() ? std::nullopt : std::optional<std::string>(role));
    if (!t) return Fail(t.error(), lang, "text");
    std::cout << Message("cli.token_created", lang,
                         {std::to_string(t->token.id), std::string(auth::RoleName(t->token.role))})
              << "\n"
              << t->secret << "\n";
    return 0;
  }
  if (token_list->parsed()) {
    auto tokens = app::ListApiTokens(a, operator_actor, username);
    if (!tokens) return Fail(tokens.error(), lang, "text");
    for (const auto& t : *tokens)
      std::cout << Pad(std::to_string(t.id), 5) << Pad(t.name, 24)
                << Pad(std::string(auth::RoleName(t.role)), 12)
                << Timestamp{t.created_at}.ToIso8601()
                << (t.revoked_at ? "  [" + Message("cli.revoked", lang) + "]" : "") << "\n";
    return 0;
  }
  if (token_revoke->parsed()) {
    if (auto st = app::RevokeApiToken(a, operator_actor, id); !st)
      return Fail(st.error(), lang, "text");
    std::cout << Message("cli.token_revoked", lang, {std::to_string(id)}) << "\n";
    return 0;
  }
  if (clinic_add->parsed()) {
    if (clinic_name.empty() || clinic_name.size() > 200)
      return Fail(Invalid("name", "err.empty_string"), lang, "text");
    auto cid = (*env)->store->InsertClinic(clinic_name);
    if (!cid) return Fail(cid.error(), lang, "text");
    app::RecordAudit(*(*env)->store, (*env)->clock, operator_actor, "clinic.add",
                     "clinic/" + std::to_string(*cid), store::AuditOutcome::kAllowed);
    std::cout << Message("cli.clinic_added", lang, {std::to_string(*cid), clinic_name}) << "\n";
    return 0;
  }
  if (clinic_list->parsed()) {
    auto clinics = (*env)->store->ListClinics();
    if (!clinics) return Fail(clinics.error(), lang, "text");
    for (const auto& c : *clinics) std::cout << Pad(std::to_string(c.id), 5) << c.name << "\n";
    return 0;
  }
  if (audit_verify->parsed()) {
    auto v = app::VerifyAudit(*(*env)->store);
    if (!v) return Fail(v.error(), lang, "text");
    if (v->problem) {
      std::cout << Message("cli.audit_bad", lang,
                           {std::to_string(v->problem->entry_id), v->problem->reason})
                << "\n";
      return 6;
    }
    std::cout << Message("cli.audit_ok", lang, {std::to_string(v->entries), v->head_hash}) << "\n";
    return 0;
  }
  if (audit_export->parsed()) {
    int64_t from = 0, to = int64_t{1} << 40;
    if (!from_day.empty()) {
      auto d = Date::Parse(from_day);
      if (!d) return Fail(Invalid("--from", "err.expected_date", {from_day}), lang, "text");
      from = int64_t{d->days_since_epoch()} * 86400;
    }
    if (!to_day.empty()) {
      auto d = Date::Parse(to_day);
      if (!d) return Fail(Invalid("--to", "err.expected_date", {to_day}), lang, "text");
      to = int64_t{d->days_since_epoch() + 1} * 86400;
    }
    auto csv = app::ExportAuditCsv(*(*env)->store, from, to);
    if (!csv) return Fail(csv.error(), lang, "text");
    std::cout << *csv;
    return 0;
  }

  if (serve->parsed()) {
    if (auto expired = app::ExpireDueLots(s, actor.clinic_id); !expired)
      return Fail(expired.error(), lang, "text");
    serve_options.web_dir = EXO_WEB_DIR;
    serve_options.rules_dir = o.rules_dir;
    if (!std::filesystem::exists(serve_options.web_dir)) serve_options.web_dir.clear();
    if (serve_options.tls_cert.empty() != serve_options.tls_key.empty())
      return Fail(Invalid("--tls-key", "err.required"), lang, "text");
    auto users = (*env)->store->CountUsers();
    if (!users) return Fail(users.error(), lang, "text");
    if (*users == 0) serve_options.setup_token = auth::RandomHex(16);
    server::AccountAuthenticator authenticator(a);
    auto aftercare_rules = app::LoadAftercare(o.rules_dir);
    if (!aftercare_rules) return Fail(aftercare_rules.error(), lang, "text");
    if (public_url.empty())
      public_url = std::string(serve_options.tls_cert.empty() ? "http" : "https") + "://" +
                   serve_options.host + ":" + std::to_string(serve_options.port);
    const app::AftercareServices acs{sss, *aftercare_rules, public_url};
    // Saved rule files apply at once: every file is loaded first, and only when all load are
    // the objects the services hold replaced (the server runs no other request meanwhile).
    serve_options.reload_rules = [&, dir = o.rules_dir]() -> Status {
      auto qc = app::LoadQcRules(dir);
      if (!qc) return qc.error();
      auto sr = app::LoadScreeningRules(dir);
      if (!sr) return sr.error();
      auto cs = app::LoadClinicSettings(dir);
      if (!cs) return cs.error();
      auto alt = app::LoadAlternatives(dir);
      if (!alt) return alt.error();
      auto tpl = app::LoadConsentTemplates(dir);
      if (!tpl) return tpl.error();
      auto ae = app::LoadAdverseEventTerms(dir);
      if (!ae) return ae.error();
      auto ms = app::LoadMeasures(dir);
      if (!ms) return ms.error();
      auto ac = app::LoadAftercare(dir);
      if (!ac) return ac.error();
      (*env)->rules = std::move(*qc);
      *screening_rules = std::move(*sr);
      *clinic_settings = std::move(*cs);
      *alternatives = std::move(*alt);
      *templates = std::move(*tpl);
      *ae_terms = std::move(*ae);
      *measures = std::move(*ms);
      *aftercare_rules = std::move(*ac);
      return OkStatus();
    };
    const server::ServerServices services{
        s, a, *(*env)->store, authenticator, ps, pls, cns, sss, acs, sfs, ocs};
    server::Server server(services, serve_options);
    if (!server.Valid())
      return Fail(Invalid("--tls-cert", "err.file_read", {serve_options.tls_cert}), lang, "text");
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
    std::cout << Message(serve_options.tls_cert.empty() ? "cli.serving" : "cli.serving_tls", lang,
                         {serve_options.host, std::to_string(server.port())})
              << std::endl;
    if (!serve_options.setup_token.empty())
      std::cout << Message("cli.setup_token", lang,
                           {serve_options.setup_token,
                            std::string(serve_options.tls_cert.empty() ? "http" : "https") + "://" +
                                serve_options.host + ":" + std::to_string(server.port()) +
                                "/app/#/setup"})
                << std::endl;
    server.Run();
    g_server = nullptr;
    return 0;
  }
  return 2;
}

}  // namespace exo::cli
