// session record | aftercare, trace lot | patient, followups, schedule: treatment sessions and
// what follows from them.
#include "app/sessions.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"
#include "core/local_time.h"

namespace exo::cli {

namespace {

using nlohmann::json;

struct SessionOptions {
  std::string file;
  std::string out_path;
  int64_t id = 0;
  bool bom = false;        // CSV: a UTF-8 byte-order mark first
  std::string public_url;  // aftercare: the QR code's address when clinic.toml sets none
};

int Record(Context& c, Env& e, const SessionOptions& o) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  auto r = app::RecordSession(e.services->sessions, c.Clinician(), *text);
  if (!r) return c.Fail(r.error());
  PrintLine("cli.session_recorded", c.lang(),
            {std::to_string(r->id), std::to_string(r->lot_id), std::to_string(r->vials_used)});
  return 0;
}

int Aftercare(Context& c, Env& e, const SessionOptions& o) {
  app::AftercareServices s = e.services->aftercare;
  if (!o.public_url.empty()) s.public_base_url = o.public_url;
  return WriteOr(app::AftercarePdf(s, c.Clinician(), o.id, c.lang()), o.out_path, c.lang());
}

int TraceLot(Context& c, Env& e, const SessionOptions& o) {
  auto rows = app::TraceLot(e.services->sessions, c.Clinician(), o.id);
  if (!rows) return c.Fail(rows.error(), c.format() == "csv" ? "text" : c.format());
  PrintTrace(*rows, c.lang(), c.format(), o.bom);
  return 0;
}

void PrintPatientSessions(const std::vector<store::StoredSession>& list, Lang lang,
                          const std::string& format) {
  if (format == "json") {
    json arr = json::array();
    for (const auto& x : list)
      arr.push_back({{"session_id", x.id},
                     {"performed_at", x.performed_at.ToIso8601()},
                     {"lot_id", x.lot_id},
                     {"route", x.route},
                     {"dose_particles", x.dose_particles}});
    PrintJson(json{{"sessions", arr}});
    return;
  }
  for (const auto& x : list)
    std::cout << "  "
              << Message("cli.patient_session", lang,
                         {ShownTime(x.performed_at, lang), Label("route", x.route, lang),
                          FormatParticles(x.dose_particles, lang), std::to_string(x.lot_id)})
              << "\n";
}

struct FollowUpOptions {
  std::string due;
  int64_t done_id = 0;
};

int FollowUps(Context& c, Env& e, const FollowUpOptions& o) {
  std::optional<Date> until;
  if (!o.due.empty()) {
    until = Date::Parse(o.due);
    if (!until) return c.Fail(Invalid("--due", "err.expected_date", {o.due}));
  }
  if (o.done_id > 0) {
    if (auto st = app::CompleteFollowUp(e.services->sessions, c.Clinician(), o.done_id); !st)
      return c.Fail(st.error());
    PrintLine("cli.followup_done", c.lang(), {std::to_string(o.done_id)});
    return 0;
  }
  auto list = app::DueFollowUps(e.services->sessions, c.Clinician(), until);
  if (!list) return c.Fail(list.error());
  if (c.format() == "json") {
    json arr = json::array();
    for (const auto& f : *list)
      arr.push_back({{"id", f.id},
                     {"patient_id", f.patient_id},
                     {"due_on", f.due_on.ToString()},
                     {"kind", store::FollowUpKindName(f.kind)},
                     {"text", app::FollowUpText(f, c.lang())}});
    PrintJson(json{{"followups", arr}});
    return 0;
  }
  for (const auto& f : *list)
    std::cout << "#" << Pad(std::to_string(f.id), 6)
              << Message("cli.followup_line", c.lang(),
                         {FormatDate(f.due_on, c.lang()), std::to_string(f.patient_id),
                          app::FollowUpText(f, c.lang())})
              << "\n";
  return 0;
}

void PrintSchedule(Date day, const std::vector<app::DayScheduleEntry>& list, Lang lang,
                   const std::string& format) {
  if (format == "json") {
    json arr = json::array();
    for (const auto& e : list)
      arr.push_back({{"plan_id", e.plan.id},
                     {"patient_id", e.plan.patient_id},
                     {"patient_number", e.patient_number},
                     {"route", RouteName(e.route)},
                     {"session_number", e.session_number},
                     {"sessions", e.sessions},
                     {"planned", e.planned},
                     {"session_id", e.recorded ? json(e.recorded->id) : json(nullptr)}});
    PrintJson(json{{"date", day.ToString()}, {"entries", arr}});
    return;
  }
  PrintLine("cli.schedule_head", lang, {FormatDate(day, lang), std::to_string(list.size())});
  for (const auto& e : list)
    std::cout << "  "
              << Pad(e.recorded ? Message("cli.schedule_done", lang)
                                : Message("cli.schedule_planned", lang),
                     10)
              << Pad(e.patient_number, 9) << Pad(e.name_kanji, 14)
              << Pad(Label("route", RouteName(e.route), lang), 16) << e.session_number << "/"
              << e.sessions << "  " << e.lot_number << "\n";
}

int Schedule(Context& c, Env& e, const std::string& schedule_day) {
  Date day = c.clock().Today();
  if (!schedule_day.empty()) {
    auto d = Date::Parse(schedule_day);
    if (!d) return c.Fail(Invalid("--date", "err.expected_date", {schedule_day}));
    day = *d;
  }
  return PrintOr(app::DaySchedule(e.services->sessions, c.Clinician(), day), c.lang(), c.format(),
                 [&](const std::vector<app::DayScheduleEntry>& list) {
                   PrintSchedule(day, list, c.lang(), c.format());
                 });
}

}  // namespace

void AddSessionCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<SessionOptions>();
  auto* session = app.add_subcommand("session", "treatment sessions");
  session->require_subcommand(1);
  auto* record = session->add_subcommand("record", "record a session from JSON");
  record->add_option("file", o.file, "session JSON")->required();
  auto* aftercare = session->add_subcommand("aftercare", "write the aftercare sheet (PDF)");
  AddId(aftercare, "id", o.id, "session id");
  aftercare->add_option("-o,--output", o.out_path, "PDF file to write")->required();
  aftercare->add_option("--public-url", o.public_url,
                        "the clinic's public address for the QR code, when clinic.toml sets none");
  t.AddLang(aftercare);
  t.AddTextOptions({record});
  t.AddAs(record, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return Record(c, e, o); });
  t.AddAs(aftercare, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return Aftercare(c, e, o); });
}

void AddTraceCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<SessionOptions>();
  auto* trace = app.add_subcommand("trace", "who got a lot; which lots a patient got");
  trace->require_subcommand(1);
  auto* lot = trace->add_subcommand("lot", "every session given from a lot");
  AddId(lot, "id", o.id, "lot id");
  auto* patient = trace->add_subcommand("patient", "every session and lot of a patient");
  AddId(patient, "id", o.id, "patient id");
  t.AddFormat(lot, t.globals().format, {"text", "json", "csv"});
  lot->add_flag("--bom", o.bom, "CSV: start with a UTF-8 byte-order mark (for a spreadsheet)");
  t.AddTextOptions({patient});
  t.AddAs(lot, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return TraceLot(c, e, o); });
  t.AddAs(patient, auth::Permission::kReadClinical, [&o](Context& c, Env& e) {
    return PrintOr(app::PatientSessions(e.services->sessions, c.Clinician(), o.id), c.lang(),
                   c.format(), [&c](const std::vector<store::StoredSession>& list) {
                     PrintPatientSessions(list, c.lang(), c.format());
                   });
  });
}

void AddFollowUpsCommand(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<FollowUpOptions>();
  auto* followups = app.add_subcommand("followups", "open follow-up tasks");
  followups->add_option("--due", o.due, "due on or before this day (YYYY-MM-DD)");
  followups->add_option("--done", o.done_id, "mark this follow-up done")
      ->check(CLI::PositiveNumber);
  t.AddTextOptions({followups});
  t.AddAs(followups, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return FollowUps(c, e, o); });
}

void AddScheduleCommand(CLI::App& app, CommandTable& t) {
  auto& day = t.Own<std::string>();
  auto* schedule = app.add_subcommand("schedule", "the day's treatment list (today by default)");
  schedule->add_option("--date", day, "YYYY-MM-DD");
  t.AddTextOptions({schedule});
  t.AddAs(schedule, auth::Permission::kReadPatients,
          [&day](Context& c, Env& e) { return Schedule(c, e, day); });
}

}  // namespace exo::cli
