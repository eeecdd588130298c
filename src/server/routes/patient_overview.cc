// The patient page's one read: GET /api/v1/patients/{id}/overview (app/patient_overview.h),
// with what its forms choose from (screening conditions, adverse-event terms, the measures).
#include "app/patient_overview.h"

#include "app/lot_json.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

// Each coded term's name in `lang` (rules/ae_terms.toml), for the form's suggestions.
json TermLabels(const std::vector<std::string>& terms, Lang lang) {
  json labels = json::object();
  for (const auto& term : terms) labels[term] = Label("ae_term", term, lang);
  return labels;
}

namespace {

json PortalLinkJson(const store::PortalLink& l, Timestamp now) {
  return {{"id", l.id},
          {"measures", l.measures},
          {"created_by", l.created_by},
          {"created_at", l.created_at.ToIso8601()},
          {"expires_at", l.expires_at.ToIso8601()},
          {"revoked_at", l.revoked_at ? json(l.revoked_at->ToIso8601()) : json(nullptr)},
          {"open", !l.revoked_at && now.unix_seconds < l.expires_at.unix_seconds}};
}

json OverviewJson(const app::PatientOverview& v, const app::ConsentServices& cs,
                  const app::SafetyServices& safety, const app::OutcomeServices& o,
                  const screening::ScreeningRules& rules, Lang lang) {
  const app::Clock& clock = o.clock;
  json plans = json::array();
  for (const auto& p : v.plans) {
    json j = app::PlanViewToJson(p, cs.plans, lang);
    j["lot"] = app::LotSummaryToJson(p.lot, lang);
    const auto consent = v.valid_consents.find(p.plan.id);
    j["valid_consent"] =
        consent == v.valid_consents.end() ? json(nullptr) : ConsentJson(consent->second);
    int done = 0;
    for (const auto& s : v.sessions) done += s.plan_id == p.plan.id ? 1 : 0;
    j["sessions_done"] = done;
    plans.push_back(std::move(j));
  }
  json conditions = json::array();
  for (const auto& [id, label] : rules.conditions)
    conditions.push_back({{"id", id}, {"label", label.In(lang)}});
  const Timestamp now = clock.Now();
  return {
      {"patient", PatientJson(v.patient, clock.Today())},
      {"screenings", JsonArray(v.screenings,
                               [&v, lang](const auto& s) {
                                 json j = ScreeningJson(s, lang);
                                 j["created_by_name"] = app::ActorName(v.staff, s.created_by, lang);
                                 j["signed_off_by_name"] =
                                     s.signed_off_at
                                         ? json(app::ActorName(v.staff, s.signed_off_by, lang))
                                         : json(nullptr);
                                 return j;
                               })},
      {"plans", plans},
      {"sessions", JsonArray(v.sessions, SessionJson)},
      {"adverse_events", JsonArray(v.adverse_events, AdverseEventJsonIn(lang))},
      {"measurements", JsonArray(v.measurements, MeasurementJson)},
      {"followups",
       JsonArray(v.followups, [lang](const auto& f) { return FollowUpJson(f, lang); })},
      {"portal_links",
       JsonArray(v.portal_links, [now](const auto& l) { return PortalLinkJson(l, now); })},
      {"released_lots",
       JsonArray(v.released_lots,
                 [lang](const auto& l) { return app::LotSummaryToJson(l, lang); })},
      {"timeline", JsonArray(v.timeline, app::TimelineEntryToJson)},
      {"measures", JsonArray(o.catalogue, [lang](const auto& m) { return MeasureJson(m, lang); })},
      {"conditions", conditions},
      {"adverse_event_terms", safety.known_terms},
      {"adverse_event_term_labels", TermLabels(safety.known_terms, lang)},
  };
}

Result<Reply> PatientOverview(const app::ConsentServices& cs, const app::SessionServices& ss,
                              const app::SafetyServices& safety, const app::OutcomeServices& o,
                              const screening::ScreeningRules& rules,
                              const app::FrontDeskServices& front_desk, int64_t id,
                              const httplib::Request&, const Caller& caller, Lang lang) {
  auto v = app::ShowPatientOverview(cs, ss, safety, o, caller.actor, id, lang);
  if (!v) return v.error();
  json out = OverviewJson(*v, cs, safety, o, rules, lang);
  if (auto st = AddTodaysCheckIn(front_desk, caller, id, lang, out); !st) return st.error();
  return Reply{200, out};
}

}  // namespace

std::vector<Route> PatientOverviewRoutes(const app::ConsentServices& consents,
                                         const app::SessionServices& sessions,
                                         const app::SafetyServices& safety,
                                         const app::OutcomeServices& outcomes,
                                         const screening::ScreeningRules& screening_rules,
                                         const app::FrontDeskServices& front_desk) {
  return {
      {"GET", R"(/api/v1/patients/([^/]+)/overview)", Permission::kReadClinical,
       "patient.overview.read",
       BindId(PatientOverview, consents, sessions, safety, outcomes, screening_rules, front_desk)}};
}

}  // namespace exo::server
