// lot import | list | show | release | quarantine | recall | destroy | expire: the lot register
// (also spelt `lots`).
#include "app/lots.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/expire_lots.h"
#include "app/lot_json.h"
#include "app/rules.h"
#include "app/sessions.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/local_time.h"
#include "product/qc_report_format.h"

namespace exo::cli {

namespace {

using nlohmann::json;

struct LotOptions {
  bool bom = false;  // CSV: a UTF-8 byte-order mark first
  std::string file;
  std::optional<int> vials;
  std::string state;
  std::string routes;
  std::vector<std::string> overrides;  // "criterion=reason", one per blocking criterion
  std::string override_reason;         // before #13; refused with what to type instead
  std::string reason;
  int64_t id = 0;
};

// "点滴静注、外用・頭皮" / "IV drip, Topical / scalp".
std::string RoutesText(const RouteSet& routes, Lang lang) {
  std::string out;
  for (const Route r : kAllRoutes) {
    if (!routes.Has(r)) continue;
    if (!out.empty()) out += lang == Lang::kJa ? "、" : ", ";
    out += Label("route", RouteName(r), lang);
  }
  return out;
}

std::string StateText(product::LotState state, Lang lang) {
  return Label("lot_state", product::LotStateName(state), lang);
}

void PrintLotList(const std::vector<product::Lot>& lots, Lang lang) {
  // The routes, the longest column, come last so that the others line up on any terminal.
  std::cout << Pad(Message("cli.col.id", lang), 5) << Pad(Message("cli.col.state", lang), 13)
            << Pad(Message("cli.col.lot", lang), 20) << Pad(Message("cli.col.expires", lang), 15)
            << Pad(Message("cli.col.product", lang), 36) << Message("cli.col.routes", lang) << "\n";
  for (const auto& lot : lots) {
    const std::string routes = RoutesText(lot.released_routes, lang);
    std::cout << Pad(std::to_string(lot.id), 5) << Pad(StateText(lot.state, lang), 13)
              << Pad(lot.lot_number, 20)
              << Pad(lot.expires_on ? FormatDate(*lot.expires_on, lang) : "—", 15)
              << Pad(lot.product_name, 36) << (routes.empty() ? "—" : routes)
              << (lot.has_override ? "  " + Message("cli.lot.override_tag", lang) : "") << "\n";
  }
}

// A criterion by its title in the QC rules, with its id (the id alone if the rules lost it).
std::string CriterionText(const product::QcReport& report, const std::string& id, Lang lang) {
  const auto* result = report.ResultFor(id);
  return result != nullptr ? result->criterion->title.In(lang) + " (" + id + ")" : id;
}

// Each criterion a release overrode, on its own line: title, routes, the physician's reason.
void PrintOverridden(const product::LotEvent& e, const product::QcReport& report, Lang lang,
                     const std::string& indent) {
  for (const auto& o : e.overridden)
    std::cout << indent << CriterionText(report, o.criterion, lang) << " ["
              << RoutesText(o.routes, lang) << "] — " << o.reason << "\n";
}

// One history line: when, who (by name), what, and why in the reader's language.
void PrintLotEvent(const product::LotEvent& e, const app::LotView& v, Lang lang) {
  std::cout << "  " << ShownTime(e.at, lang) << "  "
            << Pad(app::ActorName(v.staff, e.actor, lang), 14)
            << Pad(Label("lot_action", product::LotActionName(e.action), lang), 14)
            << (e.from ? StateText(*e.from, lang) + " → " : "") << StateText(e.to, lang);
  if (!e.routes.empty()) std::cout << " [" << RoutesText(e.routes, lang) << "]";
  if (e.override) std::cout << " " << Message("cli.lot.override_of", lang);
  if (const std::string reason = app::LotEventReason(v.lot, e, lang); !reason.empty())
    std::cout << " — " << reason;
  std::cout << "\n";
  PrintOverridden(e, v.report, lang, "      ");
}

// Under the QC report: the criteria physicians released the lot past, with who, when and why.
void PrintOverridesOnRecord(const app::LotView& v, Lang lang) {
  bool any = false;
  for (const auto& e : v.lot.events) {
    if (e.overridden.empty()) continue;
    if (!any) std::cout << "\n" << Message("cli.lot.overrides_on_record", lang) << "\n";
    any = true;
    std::cout << "  " << ShownTime(e.at, lang) << "  " << app::ActorName(v.staff, e.actor, lang)
              << "\n";
    PrintOverridden(e, v.report, lang, "    ");
  }
}

void PrintLotView(const app::LotView& v, Lang lang) {
  const auto& lot = v.lot;
  const std::string state = StateText(lot.state, lang);
  PrintLine("cli.lot.title", lang,
            {std::to_string(lot.id), lot.lot_number, lot.product_name, lot.manufacturer});
  if (lot.released_routes.empty())
    PrintLine("cli.lot.state", lang, {state});
  else
    PrintLine("cli.lot.state_routes", lang, {state, RoutesText(lot.released_routes, lang)});
  PrintLine("cli.lot.expires", lang, {lot.expires_on ? FormatDate(*lot.expires_on, lang) : "—"});
  PrintLine("cli.lot.vials", lang,
            {lot.vials_in_stock ? std::to_string(*lot.vials_in_stock) : "—"});
  PrintLine("cli.lot.token", lang, {lot.public_token});
  if (lot.has_override) PrintLine("cli.lot.override", lang);
  std::cout << "\n" << Message("cli.lot.history", lang) << "\n";
  for (const auto& e : lot.events) PrintLotEvent(e, v, lang);
  std::cout << "\n" << product::QcReportToText(v.report, v.context, lang);
  PrintOverridesOnRecord(v, lang);
}

int PrintView(const Context& c, const Result<app::LotView>& v) {
  return PrintOr(v, c.lang(), c.format(), [&c](const app::LotView& view) {
    if (c.format() == "json")
      PrintJson(app::LotViewToJson(view, c.lang()));
    else
      PrintLotView(view, c.lang());
  });
}

int Import(Context& c, Env& e, const LotOptions& o) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  return PrintView(c, app::ImportLot(e.services->lots, c.Clinician(), *text, o.vials));
}

int List(Context& c, Env& e, const LotOptions& o) {
  store::LotFilter filter;
  if (!o.state.empty()) filter.state = product::ParseLotState(o.state);
  auto lots = app::ListLots(e.services->lots, c.Operator(), filter);
  return PrintOr(lots, c.lang(), c.format(), [&c](const std::vector<product::Lot>& list) {
    if (c.format() != "json") return PrintLotList(list, c.lang());
    json arr = json::array();
    for (const auto& l : list) arr.push_back(app::LotSummaryToJson(l, c.lang()));
    PrintJson(json{{"lots", arr}});
  });
}

// --override CRITERION=REASON, repeatable: one reason per criterion, each criterion once.
Result<product::OverrideReasons> ParseOverrides(const LotOptions& o) {
  if (!o.override_reason.empty()) return Invalid("--override-reason", "err.override_reason_cli");
  product::OverrideReasons out;
  for (const auto& item : o.overrides) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      return Invalid("--override", "err.override_format", {item});
    const std::string id = item.substr(0, eq);
    if (!out.emplace(id, item.substr(eq + 1)).second)
      return Invalid("--override", "err.override_twice", {id});
  }
  return out;
}

int Release(Context& c, Env& e, const LotOptions& o) {
  std::string bad;
  auto set = ParseRouteSet(o.routes, &bad);
  if (!set) return c.Fail(Invalid("--routes", "err.unknown_route", {bad}));
  auto overrides = ParseOverrides(o);
  if (!overrides) return c.Fail(overrides.error());
  return PrintView(c, app::ReleaseLot(e.services->lots, c.Clinician(), o.id, *set, *overrides));
}

int Transition(Context& c, Env& e, product::LotAction action, const std::string& reason,
               int64_t id) {
  return PrintView(c, app::TransitionLot(e.services->lots, c.Clinician(), id, action, reason));
}

// Recalls the lot and lists every session given from it (a follow-up is created for each).
int Recall(Context& c, Env& e, const LotOptions& o) {
  const std::string& format = c.format();
  auto result =
      app::RecallLot(e.services->sessions, e.services->lots, c.Clinician(), o.id, o.reason);
  if (!result) return c.Fail(result.error(), format == "csv" ? "text" : format);
  if (format == "text") PrintLotView(result->lot, c.lang());
  PrintTrace(result->affected, c.lang(), format, o.bom);
  if (format == "text")
    PrintLine("cli.followups_created", c.lang(), {std::to_string(result->followups_created)});
  return 0;
}

// The expiry job by hand: every clinic's lots past their date become expired.
int Expire(Context& c, Env& e) {
  auto changed = app::ExpireDueLots(e.services->lots, e.stores.clinics);
  return PrintOr(changed, c.lang(), c.format(), [&c](int n) {
    if (c.format() == "json")
      PrintJson(json{{"expired", n}});
    else
      PrintLine("cli.lots_expired", c.lang(), {std::to_string(n)});
  });
}

}  // namespace

void AddLotCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<LotOptions>();
  auto* lot = app.add_subcommand("lot", "the lot register");
  lot->alias("lots");
  lot->require_subcommand(1);
  auto* imp = lot->add_subcommand("import", "register a lot from its certificate (quarantined)");
  imp->add_option("file", o.file, "certificate JSON")->required();
  imp->add_option("--vials", o.vials, "vials received")->check(CLI::NonNegativeNumber);
  auto* list = lot->add_subcommand("list", "list lots");
  list->add_option("--state", o.state, "only lots in this state")
      ->check(CLI::IsMember({"quarantined", "released", "expired", "recalled", "destroyed"}));
  auto* show = lot->add_subcommand("show", "show a lot, its history and QC report");
  auto* release = lot->add_subcommand("release", "release a lot for routes");
  release->add_option("--routes", o.routes, "comma-separated: iv,injection,microneedle,topical")
      ->required();
  release
      ->add_option("--override", o.overrides,
                   "CRITERION=REASON for each criterion blocking a chosen route (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  release->add_option("--override-reason", o.override_reason,
                      "no longer accepted: use --override CRITERION=REASON");
  auto* quarantine = lot->add_subcommand("quarantine", "put a released lot back into quarantine");
  quarantine->add_option("--reason", o.reason, "why");
  auto* recall = lot->add_subcommand("recall", "recall a lot (final)");
  recall->add_option("--reason", o.reason, "why")->required();
  auto* destroy = lot->add_subcommand("destroy", "record a lot as destroyed (final)");
  destroy->add_option("--reason", o.reason, "why")->required();
  auto* expire =
      lot->add_subcommand("expire", "mark lots past their expiry date as expired (every clinic)");
  t.AddTextOptions({imp, list, show, release, quarantine, destroy, expire});
  for (auto* sub : {show, release, quarantine, recall, destroy}) AddId(sub, "id", o.id, "lot id");
  t.AddFormat(recall, t.globals().format, {"text", "json", "csv"});
  recall->add_flag("--bom", o.bom, "CSV: start with a UTF-8 byte-order mark (for a spreadsheet)");

  t.AddAs(imp, auth::Permission::kImportLots, [&o](Context& c, Env& e) { return Import(c, e, o); });
  t.AddWithEnv(list, [&o](Context& c, Env& e) { return List(c, e, o); });
  t.AddWithEnv(show, [&o](Context& c, Env& e) {
    return PrintView(c, app::ShowLot(e.services->lots, c.Operator(), o.id));
  });
  t.AddAs(release, auth::Permission::kReleaseLots,
          [&o](Context& c, Env& e) { return Release(c, e, o); });
  t.AddAs(quarantine, auth::Permission::kReleaseLots, [&o](Context& c, Env& e) {
    return Transition(c, e, product::LotAction::kQuarantine, o.reason, o.id);
  });
  t.AddWithEnv(expire, [](Context& c, Env& e) { return Expire(c, e); });
  t.AddAs(recall, auth::Permission::kRecallLots,
          [&o](Context& c, Env& e) { return Recall(c, e, o); });
  t.AddAs(destroy, auth::Permission::kRecallLots, [&o](Context& c, Env& e) {
    return Transition(c, e, product::LotAction::kDestroy, o.reason, o.id);
  });
}

}  // namespace exo::cli
