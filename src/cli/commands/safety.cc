// ae record, alerts, signals: adverse events and the alerts and lot signals drawn from them.
#include "app/safety.h"

#include <iostream>

#include "app/outcomes.h"
#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"

namespace exo::cli {

namespace {

int RecordAdverseEvent(Context& c, Env& e, const std::string& file) {
  auto text = app::ReadTextFile(file);
  if (!text) return c.Fail(text.error(), "text");
  auto a = app::RecordAdverseEvent(e.services->safety, c.Clinician(), *text);
  if (!a) return c.Fail(a.error(), "text");
  PrintLine(a->event.Alert() ? "cli.ae_alert" : "cli.ae_recorded", c.lang(),
            {std::to_string(a->event.id)});
  return 0;
}

// Questionnaire results that need a same-day call, then serious or grade 3+ adverse events.
int Alerts(Context& c, Env& e) {
  auto list = app::Alerts(e.services->safety, c.Clinician());
  if (!list) return c.Fail(list.error(), "text");
  auto questionnaires = app::QuestionnaireAlerts(e.services->outcomes, c.Clinician());
  if (!questionnaires) return c.Fail(questionnaires.error(), "text");
  if (list->empty() && questionnaires->empty()) PrintLine("cli.no_alerts", c.lang());
  for (const auto& m : *questionnaires)
    std::cout << m.entry.measured_on.ToString() << "  patient " << m.entry.patient_id << "  "
              << m.entry.measure_id << " = " << FormatNumber(m.entry.value, 3) << "  "
              << Message("cli.questionnaire_alert", c.lang()) << "\n";
  for (const auto& a : *list)
    std::cout << a.event.onset_date.ToString() << "  patient " << a.event.patient_id << "  G"
              << a.event.ctcae_grade << (a.event.serious ? " SAE" : "") << "  " << a.event.term
              << "  (" << a.event.causality << ")\n";
  return 0;
}

int Signals(Context& c, Env& e) {
  auto list = app::LotSignals(e.services->safety, c.Clinician());
  if (!list) return c.Fail(list.error(), "text");
  for (const auto& x : *list)
    std::cout << Pad(x.counts.lot_number, 18) << Pad(x.counts.route, 12) << x.counts.events << "/"
              << x.counts.sessions
              << "  p=" << (x.signal.p_value ? FormatNumber(*x.signal.p_value, 3) : "—")
              << (x.signal.flagged ? "  " + Message("cli.signal_flagged", c.lang()) : "") << "\n";
  return 0;
}

}  // namespace

void AddAdverseEventCommands(CLI::App& app, CommandTable& t) {
  auto& file = t.Own<std::string>();
  auto* ae = app.add_subcommand("ae", "adverse events");
  ae->require_subcommand(1);
  auto* record = ae->add_subcommand("record", "record an adverse event from JSON");
  record->add_option("file", file, "adverse event JSON")->required();
  t.AddWithEnv(record, [&file](Context& c, Env& e) { return RecordAdverseEvent(c, e, file); });
}

void AddAlertsCommand(CLI::App& app, CommandTable& t) {
  t.AddWithEnv(app.add_subcommand("alerts", "serious adverse events and CTCAE grade 3 or more"),
               Alerts);
}

void AddSignalsCommand(CLI::App& app, CommandTable& t) {
  t.AddWithEnv(app.add_subcommand("signals", "lot safety signals (exact binomial test)"), Signals);
}

}  // namespace exo::cli
