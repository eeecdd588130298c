// Use case: the outcome report PDF (baseline against latest per measure, a chart per
// measure, sessions and adverse events).
#include <algorithm>

#include "app/audit.h"
#include "app/document_layout.h"
#include "app/measurement_steps.h"
#include "app/outcomes.h"
#include "core/format.h"
#include "core/local_time.h"
#include "report/chart.h"
#include "report/pdf.h"

namespace exo::app {

using store::AuditOutcome;
using store::StoredMeasurement;

Result<std::string> OutcomeReportPdf(const OutcomeServices& s, const Actor& actor,
                                     int64_t patient_id, Lang lang) {
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  // Read as PatientMeasurements reads them, and recorded as that read.
  auto all = LoadPatientMeasurements(s, actor, patient_id);
  if (!all) return all.error();
  RecordAudit(s.audit, s.clock, actor, "measurement.read", "patient/" + std::to_string(patient_id),
              AuditOutcome::kAllowed);
  auto events = s.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!events) return events.error();
  auto sessions = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  report::Document doc;
  doc.title = Message("outcome_report.title", lang);
  doc.subtitle = patient->name_kanji + " (" + patient->patient_number + ") · " +
                 Message("outcome_report.printed", lang, {FormatDate(s.clock.Today(), lang)});
  report::ApplyPageLayout(doc, ClinicIdentityOf(s.clinic), patient->name_kanji,
                          Message("doc.id.outcome_report", lang,
                                  {patient->patient_number, FormatDate(s.clock.Today(), lang)}),
                          lang, patient->synthetic);
  std::vector<std::string> order;
  for (const auto& x : *all)
    if (!x.superseded_by &&
        std::find(order.begin(), order.end(), x.entry.measure_id) == order.end())
      order.push_back(x.entry.measure_id);
  std::string table;
  for (const auto& id : order) {
    const outcome::Measure* m = outcome::FindMeasure(s.catalogue, id);
    if (m == nullptr) continue;
    const StoredMeasurement* base = nullptr;
    const StoredMeasurement* latest = nullptr;
    for (const auto& x : *all) {
      if (x.entry.measure_id != id || x.superseded_by) continue;
      if (x.baseline) base = &x;  // the last baseline before the first session
      latest = &x;
    }
    table += m->name.In(lang) + ": ";
    table += base ? Message("outcome_report.baseline", lang,
                            {FormatNumber(base->entry.value, 4),
                             FormatDate(base->entry.measured_on, lang)})
                  : Message("outcome_report.no_baseline", lang);
    if (latest && latest != base) {
      table += " → " + Message("outcome_report.latest", lang,
                               {FormatNumber(latest->entry.value, 4),
                                FormatDate(latest->entry.measured_on, lang),
                                latest->days_since_first ? std::to_string(*latest->days_since_first)
                                                         : "?"});
      if (base)
        table += " (" +
                 Message("outcome_report.change", lang,
                         {FormatNumber(latest->entry.value - base->entry.value, 4)}) +
                 ")";
    }
    table += "\n";
    auto chart = BuildMeasureChart(s, actor, patient_id, *m, *all, lang);
    if (!chart) return chart.error();
    doc.figures_svg.push_back(report::RenderChartSvg(*chart));
  }
  std::string session_lines =
      Message("outcome_report.session_count", lang, {std::to_string(sessions->size())});
  for (const auto& x : *sessions) {
    const auto lot = s.lots.FindLot(actor.clinic_id, x.lot_id);
    session_lines += "\n" + Message("outcome_report.session_line", lang,
                                    {FormatDate(SessionDay(s, x.performed_at), lang),
                                     Label("route", x.route, lang),
                                     lot ? lot->lot_number : std::to_string(x.lot_id)});
  }
  doc.sections.push_back({Message("outcome_report.sessions", lang), session_lines});
  doc.sections.push_back({Message("outcome_report.measures", lang),
                          table.empty() ? Message("outcome_report.none", lang) : table});
  std::string ae;
  for (const auto& a : *events)
    ae += Message("outcome_report.event_line", lang,
                  {FormatDate(a.event.onset_date, lang), Label("ae_term", a.event.term, lang),
                   Label("ctcae_grade", std::to_string(a.event.ctcae_grade), lang),
                   a.event.serious ? " · " + Message("ae.serious", lang) : "",
                   Label("causality", a.event.causality, lang),
                   Label("ae_outcome", a.event.outcome, lang)}) +
          "\n";
  doc.sections.push_back({Message("outcome_report.adverse_events", lang),
                          ae.empty() ? Message("outcome_report.none", lang) : ae});
  doc.sections.push_back(
      {Message("outcome_report.caveat_heading", lang), Message("outcome_report.caveat", lang)});
  RecordAudit(s.audit, s.clock, actor, "outcome_report.create",
              "patient/" + std::to_string(patient_id), AuditOutcome::kAllowed);
  return report::RenderPdf(doc);
}

}  // namespace exo::app
