// Outcomes: the measures catalogue, measurements and their corrections, a patient's charts
// and outcome report, the de-identified export and the mixed-model analysis.
#include "app/analysis.h"
#include "server/routes/routes_internal.h"
#include "stats/summary.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

Result<Reply> MeasureCatalogue(const app::OutcomeServices& o, const httplib::Request&,
                               const Caller&, Lang lang) {
  return Reply{200, {{"measures", JsonArray(o.catalogue, [lang](const outcome::Measure& m) {
                        return MeasureJson(m, lang);
                      })}}};
}

Result<Reply> RecordMeasurement(const app::OutcomeServices& o, const httplib::Request& req,
                                const Caller& caller, Lang) {
  return JsonReply(201, app::RecordMeasurement(o, caller.actor, req.body), MeasurementJson);
}

Result<Reply> CorrectMeasurement(const app::OutcomeServices& o, int64_t id,
                                 const httplib::Request& req, const Caller& caller, Lang) {
  return JsonReply(201, app::CorrectMeasurement(o, caller.actor, id, req.body), MeasurementJson);
}

Result<Reply> PatientMeasurements(const app::OutcomeServices& o, int64_t id,
                                  const httplib::Request&, const Caller& caller, Lang) {
  return JsonReply(200, app::PatientMeasurements(o, caller.actor, id), [id](const auto& list) {
    return json{{"patient_id", id}, {"measurements", JsonArray(list, MeasurementJson)}};
  });
}

// /patients/{id}/charts/{measure}.svg
Result<Reply> MeasureChart(const app::OutcomeServices& o, int64_t id, const httplib::Request& req,
                           const Caller& caller, Lang lang) {
  return RawReply(app::MeasureChartSvg(o, caller.actor, id, req.matches[2].str(), lang), kSvg);
}

Result<Reply> OutcomeReport(const app::OutcomeServices& o, int64_t id, const httplib::Request&,
                            const Caller& caller, Lang lang) {
  return RawReply(app::OutcomeReportPdf(o, caller.actor, id, lang), kPdf);
}

// ?age_bands=1: ages as bands instead of years; a UTF-8 BOM first unless ?bom=0 (a download is
// opened in a spreadsheet; Excel in Japan needs it).
Result<Reply> ExportOutcomes(const app::OutcomeServices& o, const httplib::Request& req,
                             const Caller& caller, Lang) {
  app::ExportOptions options;
  options.age_bands = req.get_param_value("age_bands") == "1";
  options.bom = req.get_param_value("bom") != "0";
  return RawReply(app::ExportOutcomesCsv(o, caller.actor, options), kCsv);
}

// {"measure", "factors"?: [column, ...], "ml"?: bool}
Result<app::OutcomeAnalysisRequest> ParseAnalysisRequest(const json& body) {
  app::OutcomeAnalysisRequest request;
  auto measure = OptionalString(body, "measure");
  if (!measure) return measure.error();
  if (measure->empty()) return Invalid("/measure", "err.required");
  request.measure = *measure;
  if (const auto f = body.find("factors"); f != body.end() && !f->is_null()) {
    if (!f->is_array()) return Invalid("/factors", "err.expected_array", {f->dump()});
    for (size_t i = 0; i < f->size(); ++i) {
      if (!(*f)[i].is_string())
        return Invalid("/factors/" + std::to_string(i), "err.expected_string", {(*f)[i].dump()});
      request.factors.push_back((*f)[i].get<std::string>());
    }
  }
  if (const auto r = body.find("random_effects"); r != body.end() && !r->is_null()) {
    if (!r->is_array()) return Invalid("/random_effects", "err.expected_array", {r->dump()});
    for (size_t i = 0; i < r->size(); ++i) {
      if (!(*r)[i].is_string())
        return Invalid("/random_effects/" + std::to_string(i), "err.expected_string",
                       {(*r)[i].dump()});
      request.random_effects.push_back((*r)[i].get<std::string>());
    }
  }
  if (const auto ml = body.find("ml"); ml != body.end() && ml->is_boolean())
    request.ml = ml->get<bool>();
  return request;
}

Result<Reply> AnalyzeOutcomes(const app::OutcomeServices& o, const httplib::Request& req,
                              const Caller& caller, Lang lang) {
  auto body = ObjectBody(req, {"measure", "factors", "random_effects", "ml"});
  if (!body) return body.error();
  auto request = ParseAnalysisRequest(*body);
  if (!request) return request.error();
  return JsonReply(200, app::AnalyzeOutcomes(o, caller.actor, *request, lang),
                   [](const app::OutcomeAnalysis& r) {
                     json fit = stats::SummaryJson(r.fit);
                     // Lots and clinics with their intervals (not the patients': many, and
                     // not needed for the page).
                     if (r.fit.modes.size() > 1) {
                       json modes = stats::ModesJson(r.fit);
                       modes.erase(modes.begin());
                       fit["random_effect_modes"] = modes;
                     }
                     return json{{"fit", fit}, {"figures", r.figures_svg}};
                   });
}

}  // namespace

json MeasureJson(const outcome::Measure& m, Lang lang) {
  return {{"id", m.id},
          {"domain", m.domain},
          {"name", m.name.In(lang)},
          {"unit", m.unit},
          {"unit_label", Label("unit", m.unit, lang)},
          {"min", m.min},
          {"max", m.max},
          {"integer", m.integer},
          {"direction", m.direction},
          {"recorded_by", m.recorded_by},
          {"computed", m.computed},
          {"questionnaire", m.questionnaire},
          {"source", m.source},
          {"bands",
           JsonArray(m.bands,
                     [lang](const outcome::Band& b) {
                       return json{{"from", b.from}, {"to", b.to}, {"label", b.label.In(lang)}};
                     })},
          {"bands_source", m.bands.empty() ? "" : m.bands_source.In(lang)}};
}

json MeasurementJson(const store::StoredMeasurement& m) {
  json detail = json::parse(m.entry.detail_json, nullptr, false);
  if (detail.is_discarded()) detail = json::object();
  return {{"id", m.id},
          {"patient_id", m.entry.patient_id},
          {"measure", m.entry.measure_id},
          {"value", m.entry.value},
          {"measured_on", m.entry.measured_on.ToString()},
          {"time_point", m.baseline ? "baseline" : "follow_up"},
          {"days_since_first", OrNull(m.days_since_first)},
          {"session_id", OrNull(m.entry.session_id)},
          {"photo", m.entry.photo},
          {"note", m.entry.note},
          {"detail", detail},
          {"supersedes", OrNull(m.supersedes)},
          {"superseded_by", OrNull(m.superseded_by)},
          {"current", !m.superseded_by.has_value()},
          {"correction_reason", m.correction_reason},
          {"source", m.source},
          {"recorded_by", m.recorded_by},
          {"recorded_at", m.recorded_at.ToIso8601()}};
}

std::vector<Route> OutcomeRoutes(const app::OutcomeServices& outcomes) {
  using P = Permission;
  const std::string patient = R"(/api/v1/patients/([^/]+))";
  const auto& o = outcomes;
  return {
      {"GET", "/api/v1/measures", P::kPublic, "measure.catalogue", Bind(MeasureCatalogue, o)},
      {"POST", "/api/v1/measurements", P::kRecordClinical, "measurement.create",
       Bind(RecordMeasurement, o)},
      {"POST", R"(/api/v1/measurements/([^/]+)/corrections)", P::kRecordClinical,
       "measurement.correct", BindId(CorrectMeasurement, o)},
      {"GET", patient + "/measurements", P::kReadClinical, "measurement.read",
       BindId(PatientMeasurements, o)},
      {"GET", patient + R"(/charts/([a-z0-9_]+)\.svg)", P::kReadClinical, "measurement.chart",
       BindId(MeasureChart, o)},
      {"GET", patient + R"(/outcome-report\.pdf)", P::kReadClinical, "outcome_report.create",
       BindId(OutcomeReport, o)},
      {"GET", "/api/v1/exports/outcomes.csv", P::kExportDeidentified, "outcomes.export",
       Bind(ExportOutcomes, o)},
      {"POST", "/api/v1/analyses", P::kExportDeidentified, "analysis.run",
       Bind(AnalyzeOutcomes, o)},
  };
}

}  // namespace exo::server
