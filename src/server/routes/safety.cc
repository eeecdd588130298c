// Safety: adverse events (recorded, listed per patient, the term list), the alerts that need
// a clinician, and the per-lot signal test.
#include "app/safety.h"

#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

json AdverseEventJson(const store::StoredAdverseEvent& a, Lang lang) {
  const auto& e = a.event;
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"onset_date", e.onset_date.ToString()},
          {"description", e.description},
          {"term", e.term},
          {"term_label", Label("ae_term", e.term, lang)},  // its Japanese name from ae_terms.toml
          {"term_coded", e.term_coded},
          {"ctcae_grade", e.ctcae_grade},
          {"serious", e.serious},
          {"seriousness_criteria", e.seriousness_criteria},
          {"causality", e.causality},
          {"action_taken", e.action_taken},
          {"outcome", e.outcome},
          {"session_ids", e.session_ids},
          {"alert", e.Alert()},
          {"recorded_by", a.recorded_by},
          {"recorded_at", a.recorded_at.ToIso8601()}};
}

json SignalJson(const app::LotSignal& x) {
  return {{"lot_id", x.counts.lot_id},
          {"lot_number", x.counts.lot_number},
          {"route", x.counts.route},
          {"sessions", x.counts.sessions},
          {"events", x.counts.events},
          {"rate", x.signal.lot_rate},
          {"reference_rate", OrNull(x.signal.reference_rate)},
          {"p_value", OrNull(x.signal.p_value)},
          {"flagged", x.signal.flagged},
          {"test", "one-sided exact binomial, alpha 0.05"}};
}

namespace {

Result<Reply> RecordAdverseEvent(const app::SafetyServices& s, const httplib::Request& req,
                                 const Caller& caller, Lang lang) {
  return JsonReply(201, app::RecordAdverseEvent(s, caller.actor, req.body),
                   AdverseEventJsonIn(lang));
}

Result<Reply> PatientAdverseEvents(const app::SafetyServices& s, int64_t id,
                                   const httplib::Request&, const Caller& caller, Lang lang) {
  return JsonReply(200, app::PatientAdverseEvents(s, caller.actor, id), [lang](const auto& list) {
    return json{{"adverse_events", JsonArray(list, AdverseEventJsonIn(lang))}};
  });
}

// The coded terms of rules/ae_terms.toml, for the form's suggestions, with their names in the
// reader's language.
Result<Reply> AdverseEventTerms(const app::SafetyServices& s, const httplib::Request&,
                                const Caller&, Lang lang) {
  return Reply{200, {{"terms", s.known_terms}, {"labels", TermLabels(s.known_terms, lang)}}};
}

// Adverse events that raise an alert, and questionnaire scores past their alert band.
Result<Reply> Alerts(const app::SafetyServices& s, const app::OutcomeServices& o,
                     const httplib::Request&, const Caller& caller, Lang lang) {
  auto events = app::Alerts(s, caller.actor);
  if (!events) return events.error();
  auto questionnaires = app::QuestionnaireAlerts(o, caller.actor);
  if (!questionnaires) return questionnaires.error();
  return Reply{200,
               {{"alerts", JsonArray(*events, AdverseEventJsonIn(lang))},
                {"questionnaire_alerts", JsonArray(*questionnaires, MeasurementJson)}}};
}

Result<Reply> LotSignals(const app::SafetyServices& s, const httplib::Request&,
                         const Caller& caller, Lang) {
  return JsonReply(200, app::LotSignals(s, caller.actor), [](const auto& list) {
    return json{{"signals", JsonArray(list, SignalJson)}};
  });
}

}  // namespace

std::vector<Route> SafetyRoutes(const app::SafetyServices& safety,
                                const app::OutcomeServices& outcomes) {
  using P = Permission;
  return {
      {"POST", "/api/v1/adverse-events", P::kRecordClinical, "adverse_event.create",
       Bind(RecordAdverseEvent, safety)},
      {"GET", R"(/api/v1/patients/([^/]+)/adverse-events)", P::kReadClinical, "adverse_event.read",
       BindId(PatientAdverseEvents, safety)},
      {"GET", "/api/v1/adverse-event-terms", P::kReadClinical, "adverse_event.terms",
       Bind(AdverseEventTerms, safety)},
      {"GET", "/api/v1/alerts", P::kReadClinical, "adverse_event.read",
       Bind(Alerts, safety, outcomes)},
      {"GET", "/api/v1/signals", P::kReadClinical, "signal.read", Bind(LotSignals, safety)},
  };
}

}  // namespace exo::server
