// plan create | show | activate | ical: treatment plans.
#include "app/plans.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"
#include "core/local_time.h"
#include "core/messages.h"

namespace exo::cli {

namespace {

struct PlanOptions {
  std::string file;
  int64_t patient_id = 0;
  int64_t id = 0;
  std::string override_reason;
};

void PrintPlanText(const app::PlanView& v, const nlohmann::json& j, Lang lang) {
  PrintLine(
      "cli.plan_head", lang,
      {std::to_string(v.plan.id), Label("plan_status", store::PlanStatusName(v.plan.status), lang),
       Label("route", j["route"].get<std::string>(), lang), std::to_string(v.request.sessions),
       std::to_string(v.request.interval_days)});
  for (const auto& d : j["schedule"])
    if (auto day = Date::Parse(d.get<std::string>()))
      std::cout << "  " << FormatDate(*day, lang) << "\n";
  // Each check by its weight and its sentence; the rule's id stays in --format json.
  for (const auto& c : j["checks"])
    std::cout << "  [" << Label("check_level", c["level"].get<std::string>(), lang) << "] "
              << c["message"].get<std::string>() << "\n";
  const auto& cost = v.evaluation.cost;
  PrintLine(
      "cli.plan_cost", lang,
      {FormatMoney(cost.subtotal, cost.currency, lang), FormatMoney(cost.tax, cost.currency, lang),
       FormatMoney(cost.total, cost.currency, lang)});
}

int PrintPlan(const Context& c, const Env& e, const Result<app::PlanView>& v) {
  return PrintOr(v, c.lang(), c.format(), [&](const app::PlanView& view) {
    const nlohmann::json j = app::PlanViewToJson(view, e.services->plans, c.lang());
    if (c.format() == "json")
      PrintJson(j);
    else
      PrintPlanText(view, j, c.lang());
  });
}

int Create(Context& c, Env& e, const PlanOptions& o) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  return PrintPlan(c, e, app::CreatePlan(e.services->plans, c.Clinician(), o.patient_id, *text));
}

int ICalendar(Context& c, Env& e, const PlanOptions& o) {
  auto ics = app::PlanICalendar(e.services->plans, c.Clinician(), o.id, c.lang());
  if (!ics) return c.Fail(ics.error(), "text");
  std::cout << *ics;
  return 0;
}

}  // namespace

void AddPlanCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<PlanOptions>();
  auto* plan = app.add_subcommand("plan", "treatment plans");
  plan->require_subcommand(1);
  auto* create = plan->add_subcommand("create", "create a draft plan from JSON");
  AddId(create, "patient", o.patient_id, "patient id");
  create->add_option("file", o.file, "plan JSON")->required();
  auto* show = plan->add_subcommand("show", "show a plan with its checks, schedule and cost");
  auto* activate = plan->add_subcommand("activate", "activate a plan (physician)");
  activate->add_option("--override-reason", o.override_reason,
                       "why this plan may run beside another active plan on its route");
  auto* ical = plan->add_subcommand("ical", "print the schedule as iCalendar");
  for (auto* sub : {show, activate, ical}) AddId(sub, "id", o.id, "plan id");
  t.AddTextOptions({create, show, activate, ical});
  t.AddAs(create, auth::Permission::kSignOff, [&o](Context& c, Env& e) { return Create(c, e, o); });
  t.AddAs(show, auth::Permission::kReadClinical, [&o](Context& c, Env& e) {
    return PrintPlan(c, e, app::ShowPlan(e.services->plans, c.Clinician(), o.id));
  });
  t.AddAs(activate, auth::Permission::kSignOff, [&o](Context& c, Env& e) {
    return PrintPlan(c, e,
                     app::ActivatePlan(e.services->plans, c.Clinician(), o.id, o.override_reason));
  });
  t.AddAs(ical, auth::Permission::kReadPatients,
          [&o](Context& c, Env& e) { return ICalendar(c, e, o); });
}

}  // namespace exo::cli
