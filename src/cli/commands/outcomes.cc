// measure record | correct | list | chart | catalogue, portal-link create | revoke, timeline,
// export outcomes, report outcomes: outcomes of treatment and documents drawn from them.
#include "app/outcomes.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/rules.h"
#include "app/timeline.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"
#include "core/local_time.h"

namespace exo::cli {

namespace {

struct MeasureOptions {
  std::string file;
  std::string measure_id;
  std::string out_path;
  int64_t id = 0;
};

// One line per measurement, in the reader's language: number, date, measure, value, when in the
// course, and the correction it makes or that replaced it.
void PrintMeasurement(const store::StoredMeasurement& m, const app::RuleSet& rules, Lang lang) {
  std::string name = m.entry.measure_id;
  for (const auto& d : rules.measures)
    if (d.id == m.entry.measure_id) name = d.name.In(lang);
  std::cout << "#" << Pad(std::to_string(m.id), 6) << Pad(FormatDate(m.entry.measured_on, lang), 18)
            << Pad(name, 28) << Pad(FormatNumber(m.entry.value, 4), 8)
            << (m.baseline ? Message("cli.measure_baseline", lang)
                : m.days_since_first
                    ? Message("cli.measure_day", lang, {std::to_string(*m.days_since_first)})
                    : "")
            << (m.supersedes
                    ? "  " + Message("cli.measure_corrects", lang, {std::to_string(*m.supersedes)})
                    : "")
            << (m.superseded_by ? "  " + Message("cli.measure_superseded", lang,
                                                 {std::to_string(*m.superseded_by)})
                                : "")
            << "\n";
}

// A new measurement, or (correct) a new version of measurement `id`.
int RecordOrCorrect(Context& c, Env& e, const MeasureOptions& o, bool correct) {
  auto text = app::ReadTextFile(o.file);
  if (!text) return c.Fail(text.error());
  const auto& s = e.services->outcomes;
  return PrintOr(correct ? app::CorrectMeasurement(s, c.Clinician(), o.id, *text)
                         : app::RecordMeasurement(s, c.Clinician(), *text),
                 c.lang(), c.format(), [&](const store::StoredMeasurement& m) {
                   PrintMeasurement(m, e.rules, c.lang());
                 });
}

int List(Context& c, Env& e, const MeasureOptions& o) {
  return PrintOr(app::PatientMeasurements(e.services->outcomes, c.Clinician(), o.id), c.lang(),
                 c.format(), [&](const std::vector<store::StoredMeasurement>& list) {
                   for (const auto& m : list) PrintMeasurement(m, e.rules, c.lang());
                 });
}

int Catalogue(Context& c, Env& e) {
  for (const auto& m : e.rules.measures)
    std::cout << Pad(m.id, 20) << Pad(Label("goal", m.domain, c.lang()), 10)
              << Pad(Label("unit", m.unit, c.lang()), 18) << m.name.In(c.lang()) << "\n";
  return 0;
}

int Chart(Context& c, Env& e, const MeasureOptions& o) {
  return WriteOr(
      app::MeasureChartSvg(e.services->outcomes, c.Clinician(), o.id, o.measure_id, c.lang()),
      o.out_path, c.lang());
}

struct PortalOptions {
  int64_t id = 0;
  std::vector<std::string> measures;
  int days = 7;
  std::string link_base;
};

int CreateLink(Context& c, Env& e, const PortalOptions& o) {
  auto link =
      app::CreatePortalLink(e.services->outcomes, c.Clinician(), o.id,
                            nlohmann::json{{"measures", o.measures}, {"days", o.days}}.dump());
  if (!link) return c.Fail(link.error(), "text");
  PrintLine("cli.portal_link", c.lang(),
            {std::to_string(link->link.id),
             (o.link_base.empty() ? kDefaultPublicUrl : o.link_base) + link->path,
             ShownTime(link->link.expires_at, c.lang())});
  return 0;
}

int RevokeLink(Context& c, Env& e, const PortalOptions& o) {
  if (auto ok = app::RevokePortalLink(e.services->outcomes, c.Clinician(), o.id); !ok)
    return c.Fail(ok.error(), "text");
  PrintLine("cli.portal_revoked", c.lang(), {std::to_string(o.id)});
  return 0;
}

int Timeline(Context& c, Env& e, int64_t patient_id) {
  const auto& s = *e.services;
  auto entries = app::PatientTimeline(s.sessions, s.safety, s.outcomes.outcomes,
                                      s.outcomes.catalogue, c.Clinician(), patient_id, c.lang());
  if (!entries) return c.Fail(entries.error());
  if (c.format() == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& x : *entries) arr.push_back(app::TimelineEntryToJson(x));
    PrintJson(nlohmann::json{{"timeline", arr}});
    return 0;
  }
  for (const auto& x : *entries) {
    // A day ("2026-12-01") or an instant ("...T...Z"), shown as people read it.
    std::string when = x.at;
    if (const auto day = Date::Parse(x.at)) when = FormatDate(*day, c.lang());
    if (const auto t = ParseIso8601(x.at)) when = ShownTime(*t, c.lang());
    std::cout << Pad(when, 22) << Pad(Label("kind", x.kind, c.lang()), 14) << x.summary << "\n";
  }
  return 0;
}

struct OutcomeExportOptions {
  bool age_bands = false;
  bool bom = false;
  std::string format = "csv";
  std::string out_path;
};

int ExportOutcomes(Context& c, Env& e, const OutcomeExportOptions& o) {
  app::ExportOptions options;
  options.age_bands = o.age_bands;
  options.bom = o.bom;
  auto csv = app::ExportOutcomesCsv(e.services->outcomes, c.Clinician(), options);
  if (!csv) return c.Fail(csv.error(), "text");
  if (o.out_path.empty()) {
    std::cout << *csv;
    return 0;
  }
  return WriteBytes(o.out_path, *csv, c.lang());
}

int ReportOutcomes(Context& c, Env& e, const MeasureOptions& o) {
  return WriteOr(app::OutcomeReportPdf(e.services->outcomes, c.Clinician(), o.id, c.lang()),
                 o.out_path, c.lang());
}

}  // namespace

void AddTimelineCommand(CLI::App& app, CommandTable& t) {
  auto& id = t.Own<int64_t>();
  auto* timeline = app.add_subcommand("timeline", "everything for one patient in time order");
  AddId(timeline, "patient", id, "patient id");
  t.AddTextOptions({timeline});
  t.AddAs(timeline, auth::Permission::kReadClinical,
          [&id](Context& c, Env& e) { return Timeline(c, e, id); });
}

void AddMeasureCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<MeasureOptions>();
  auto* measure = app.add_subcommand("measure", "outcome measurements (rules/measures.toml)");
  measure->require_subcommand(1);
  auto* record = measure->add_subcommand("record", "record a measurement from JSON");
  record->add_option("file", o.file, "measurement JSON")->required();
  auto* correct = measure->add_subcommand("correct", "correct a measurement (adds a new version)");
  AddId(correct, "id", o.id, "measurement id");
  correct->add_option("file", o.file, "JSON with the new value and a reason")->required();
  auto* list = measure->add_subcommand("list", "every measurement of a patient");
  AddId(list, "patient", o.id, "patient id");
  auto* chart = measure->add_subcommand("chart", "a patient's measure over time (SVG)");
  AddId(chart, "patient", o.id, "patient id");
  chart->add_option("measure", o.measure_id, "measure id")->required();
  chart->add_option("-o,--output", o.out_path, "SVG file to write")->required();
  auto* catalogue = measure->add_subcommand("catalogue", "list the measures");
  for (auto* sub : {record, correct, list, chart, catalogue}) t.AddLang(sub);
  for (auto* sub : {record, correct, list, catalogue}) t.AddFormat(sub);
  t.AddAs(record, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return RecordOrCorrect(c, e, o, false); });
  t.AddAs(correct, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return RecordOrCorrect(c, e, o, true); });
  t.AddAs(list, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return List(c, e, o); });
  t.AddAs(chart, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return Chart(c, e, o); });
  t.AddWithEnv(catalogue, Catalogue);
}

void AddPortalLinkCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<PortalOptions>();
  auto* portal = app.add_subcommand("portal-link", "questionnaire links for patients");
  portal->require_subcommand(1);
  auto* create = portal->add_subcommand("create", "create a link (printed once)");
  AddId(create, "patient", o.id, "patient id");
  create->add_option("--measures", o.measures, "questionnaires, e.g. phq9,psqi")
      ->required()
      ->delimiter(',');
  create->add_option("--days", o.days, "days until the link expires (1-30)");
  create->add_option("--public-url", o.link_base, "the clinic's public address");
  auto* revoke = portal->add_subcommand("revoke", "revoke a link");
  AddId(revoke, "id", o.id, "link id");
  for (auto* sub : {create, revoke}) t.AddLang(sub);
  t.AddAs(create, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return CreateLink(c, e, o); });
  t.AddAs(revoke, auth::Permission::kRecordClinical,
          [&o](Context& c, Env& e) { return RevokeLink(c, e, o); });
}

void AddExportCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<OutcomeExportOptions>();
  auto* export_cmd = app.add_subcommand("export", "exports for statistics");
  export_cmd->require_subcommand(1);
  auto* outcomes =
      export_cmd->add_subcommand("outcomes", "de-identified outcomes, one row per time point");
  t.AddFormat(outcomes, o.format, {"csv"});
  outcomes->add_flag("--age-bands", o.age_bands, "ages in ten-year bands");
  outcomes->add_flag("--bom", o.bom, "start with a UTF-8 byte-order mark (for a spreadsheet)");
  outcomes->add_option("-o,--output", o.out_path, "file to write (default: stdout)");
  t.AddAs(outcomes, auth::Permission::kExportDeidentified,
          [&o](Context& c, Env& e) { return ExportOutcomes(c, e, o); });
}

void AddReportCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<MeasureOptions>();
  auto* report = app.add_subcommand("report", "documents");
  report->require_subcommand(1);
  auto* outcomes = report->add_subcommand("outcomes", "outcome report of a patient");
  AddId(outcomes, "patient", o.id, "patient id");
  outcomes->add_option("-o,--output", o.out_path, "PDF file to write")->required();
  t.AddLang(outcomes);
  t.AddAs(outcomes, auth::Permission::kReadClinical,
          [&o](Context& c, Env& e) { return ReportOutcomes(c, e, o); });
}

}  // namespace exo::cli
