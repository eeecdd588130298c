// ae record, alerts, signals: adverse events and the alerts and lot signals drawn from them.
#include "app/safety.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/outcomes.h"
#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"
#include "core/local_time.h"

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
  if (!list) return c.Fail(list.error());
  auto questionnaires = app::QuestionnaireAlerts(e.services->outcomes, c.Clinician());
  if (!questionnaires) return c.Fail(questionnaires.error());
  const Lang lang = c.lang();
  if (c.format() == "json") {
    nlohmann::json q = nlohmann::json::array(), events = nlohmann::json::array();
    for (const auto& m : *questionnaires)
      q.push_back({{"patient_id", m.entry.patient_id},
                   {"measured_on", m.entry.measured_on.ToString()},
                   {"measure", m.entry.measure_id},
                   {"value", m.entry.value}});
    for (const auto& a : *list)
      events.push_back({{"id", a.event.id},
                        {"patient_id", a.event.patient_id},
                        {"onset_date", a.event.onset_date.ToString()},
                        {"ctcae_grade", a.event.ctcae_grade},
                        {"serious", a.event.serious},
                        {"term", a.event.term},
                        {"causality", a.event.causality},
                        {"outcome", a.event.outcome}});
    PrintJson(nlohmann::json{{"questionnaire_alerts", q}, {"adverse_events", events}});
    return 0;
  }
  if (list->empty() && questionnaires->empty()) PrintLine("cli.no_alerts", lang);
  for (const auto& m : *questionnaires)
    std::cout << Message("cli.alert_questionnaire", lang,
                         {FormatDate(m.entry.measured_on, lang), std::to_string(m.entry.patient_id),
                          Label("questionnaire", m.entry.measure_id, lang),
                          FormatNumber(m.entry.value, 3)})
              << "\n";
  for (const auto& a : *list)
    std::cout << Message("cli.alert_event", lang,
                         {FormatDate(a.event.onset_date, lang), std::to_string(a.event.patient_id),
                          Label("ctcae_grade", std::to_string(a.event.ctcae_grade), lang),
                          a.event.serious ? Message("ae.serious", lang) : "",
                          Label("ae_term", a.event.term, lang),
                          Label("causality", a.event.causality, lang)})
              << "\n";
  return 0;
}

int Signals(Context& c, Env& e) {
  auto list = app::LotSignals(e.services->safety, c.Clinician());
  if (!list) return c.Fail(list.error());
  if (c.format() == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& x : *list)
      arr.push_back({{"lot_number", x.counts.lot_number},
                     {"route", x.counts.route},
                     {"events", x.counts.events},
                     {"sessions", x.counts.sessions},
                     {"p_value", x.signal.p_value ? nlohmann::json(*x.signal.p_value) : nullptr},
                     {"flagged", x.signal.flagged}});
    PrintJson(nlohmann::json{{"signals", arr}});
    return 0;
  }
  for (const auto& x : *list)
    std::cout << Pad(x.counts.lot_number, 18) << Pad(Label("route", x.counts.route, c.lang()), 28)
              << x.counts.events << "/" << x.counts.sessions
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
  t.AddAs(record, auth::Permission::kRecordClinical,
          [&file](Context& c, Env& e) { return RecordAdverseEvent(c, e, file); });
}

void AddAlertsCommand(CLI::App& app, CommandTable& t) {
  auto* alerts = app.add_subcommand("alerts", "serious adverse events and CTCAE grade 3 or more");
  t.AddTextOptions({alerts});
  t.AddAs(alerts, auth::Permission::kReadClinical, Alerts);
}

void AddSignalsCommand(CLI::App& app, CommandTable& t) {
  auto* signals = app.add_subcommand("signals", "lot safety signals (exact binomial test)");
  t.AddTextOptions({signals});
  t.AddAs(signals, auth::Permission::kReadClinical, Signals);
}

}  // namespace exo::cli
