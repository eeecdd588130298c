// screen (no database), patient add | list | show, screening record | sign-off.
#include "app/patients.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/rules.h"
#include "app/staff_names.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/local_time.h"
#include "screening/intake.h"
#include "screening/screen.h"

namespace exo::cli {

namespace {

using nlohmann::json;

struct PatientOptions {
  std::string file;
  std::string query;
  std::string note;
  int64_t id = 0;
};

// A patient on one line: the birth date as people write it and sex by its label, in `lang`.
void PrintPatient(const treatment::Patient& p, Lang lang, const std::string& format) {
  if (format == "json") {
    PrintJson(json{{"id", p.id},
                   {"patient_number", p.patient_number},
                   {"name_kanji", p.name_kanji},
                   {"name_kana", p.name_kana},
                   {"birth_date", p.birth_date.ToString()},
                   {"sex", p.sex},
                   {"weight_kg", p.weight_kg ? json(*p.weight_kg) : json(nullptr)},
                   {"synthetic", p.synthetic}});
    return;
  }
  std::cout << Pad(std::to_string(p.id), 5) << Pad(p.patient_number, 9) << Pad(p.name_kanji, 16)
            << Pad(p.name_kana, 20) << Pad(FormatDate(p.birth_date, lang), 18)
            << Label("sex", p.sex, lang)
            << (p.synthetic ? "  " + Message("cli.synthetic_patient", lang) : "") << "\n";
}

// A stored screening: who recorded and signed it off by name (app/staff_names.h), its flags.
void PrintScreening(const store::StoredScreening& r, const app::StaffNames& staff, Lang lang,
                    const std::string& format) {
  json result = json::parse(r.result_json, nullptr, false);
  if (format == "json") {
    PrintJson(json{{"id", r.id},
                   {"patient_id", r.patient_id},
                   {"contraindicated_routes", r.contraindicated_routes},
                   {"signed_off", r.signed_off_at.has_value()},
                   {"result", result}});
    return;
  }
  PrintLine("cli.screening_head", lang,
            {std::to_string(r.id), ShownTime(r.created_at, lang),
             app::ActorName(staff, r.created_by, lang)});
  for (const auto& f : result["flags"])
    std::cout << "  [" << Label("severity", f.value("severity", ""), lang) << "] "
              << f["rule"].get<std::string>() << ": "
              << f["reason"][std::string(LangName(lang))].get<std::string>() << "\n";
  if (r.signed_off_at)
    std::cout << "  "
              << Message("cli.signed_off", lang,
                         {app::ActorName(staff, r.signed_off_by, lang),
                          ShownTime(*r.signed_off_at, lang), r.sign_off_note})
              << "\n";
  else
    std::cout << "  " << Message("cli.not_signed_off", lang) << "\n";
}

// Screens an intake against the rules without storing anything.
int Screen(Context& c, const std::string& intake_path) {
  auto text = ReadInput(intake_path);
  if (!text) return c.Fail(text.error());
  auto rules = app::LoadScreeningRules(c.options().rules_dir);
  if (!rules) return c.Fail(rules.error());
  auto intake = screening::ParseIntake(*text);
  if (!intake) return c.Fail(intake.error());
  const auto result = screening::Screen(*intake, *rules);
  if (c.format() == "json")
    PrintJson(screening::ScreeningToJson(result, *rules, c.lang()));
  else
    std::cout << screening::ScreeningToText(result, *rules, c.lang());
  return 0;
}

int AddPatient(Context& c, Env& e, const PatientOptions& o) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  return PrintOr(app::RegisterPatient(e.services->patients, c.Clinician(), *text), c.lang(),
                 c.format(),
                 [&c](const treatment::Patient& p) { PrintPatient(p, c.lang(), c.format()); });
}

int ListPatients(Context& c, Env& e, const PatientOptions& o) {
  return PrintOr(app::SearchPatients(e.services->patients, c.Clinician(), o.query), c.lang(),
                 c.format(), [&c](const std::vector<treatment::Patient>& found) {
                   for (const auto& p : found) PrintPatient(p, c.lang(), c.format());
                 });
}

int ShowPatient(Context& c, Env& e, const PatientOptions& o) {
  auto p = app::ShowPatient(e.services->patients, c.Clinician(), o.id);
  if (!p) return c.Fail(p.error());
  PrintPatient(*p, c.lang(), c.format());
  auto list = app::ListScreenings(e.services->patients, c.Clinician(), o.id);
  if (!list) return c.Fail(list.error());
  if (c.format() == "json") return 0;
  auto staff = app::LoadStaffNames(e.services->accounts.users, c.Clinician().clinic_id);
  if (!staff) return c.Fail(staff.error());
  for (const auto& r : *list) PrintScreening(r, *staff, c.lang(), c.format());
  return 0;
}

int PrintScreeningOr(Context& c, Env& e, const Result<store::StoredScreening>& r) {
  if (!r) return c.Fail(r.error());
  auto staff = app::LoadStaffNames(e.services->accounts.users, c.Clinician().clinic_id);
  if (!staff) return c.Fail(staff.error());
  PrintScreening(*r, *staff, c.lang(), c.format());
  return 0;
}

int RecordScreening(Context& c, Env& e, const PatientOptions& o) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  return PrintScreeningOr(c, e,
                          app::RecordScreening(e.services->patients, c.Clinician(), o.id, *text));
}

}  // namespace

void AddScreenCommand(CLI::App& app, CommandTable& t) {
  auto& intake_path = t.Own<std::string>();
  auto* screen = app.add_subcommand("screen", "screen an intake (no database needed)");
  screen->add_option("file", intake_path, "intake JSON (exoclinic.intake/1), - for stdin")
      ->required();
  t.AddTextOptions({screen});
  t.Add(screen, [&intake_path](Context& c) { return Screen(c, intake_path); });
}

void AddPatientCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<PatientOptions>();
  auto* patient = app.add_subcommand("patient", "patients (every read is audited)");
  patient->require_subcommand(1);
  auto* add = patient->add_subcommand("add", "register a patient from JSON");
  add->add_option("file", o.file, "patient JSON")->required();
  auto* list = patient->add_subcommand("list", "search patients");
  list->add_option("--search", o.query, "kanji, kana or patient number");
  auto* show = patient->add_subcommand("show", "show a patient and their screenings");
  AddId(show, "id", o.id, "patient id");
  t.AddTextOptions({add, list, show});
  t.AddAs(add, auth::Permission::kWritePatients,
          [&o](Context& c, Env& e) { return AddPatient(c, e, o); });
  t.AddAs(list, auth::Permission::kReadPatients,
          [&o](Context& c, Env& e) { return ListPatients(c, e, o); });
  t.AddAs(show, auth::Permission::kReadPatients,
          [&o](Context& c, Env& e) { return ShowPatient(c, e, o); });
}

void AddScreeningCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<PatientOptions>();
  auto* screening = app.add_subcommand("screening", "stored screenings of patients");
  screening->require_subcommand(1);
  auto* record = screening->add_subcommand("record", "screen and store an intake");
  AddId(record, "patient", o.id, "patient id");
  record->add_option("file", o.file, "intake JSON")->required();
  auto* sign = screening->add_subcommand("sign-off", "physician sign-off");
  AddId(sign, "id", o.id, "screening id");
  sign->add_option("--note", o.note, "the physician's note")->required();
  t.AddTextOptions({record, sign});
  t.AddAs(record, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return RecordScreening(c, e, o); });
  t.AddAs(sign, auth::Permission::kSignOff, [&o](Context& c, Env& e) {
    return PrintScreeningOr(
        c, e, app::SignOffScreening(e.services->patients, c.Clinician(), o.id, o.note));
  });
}

}  // namespace exo::cli
