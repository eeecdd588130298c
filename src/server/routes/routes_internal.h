// What the resource files in routes/ share: binding a handler function to the services it
// uses, each resource's route list (routes.cc puts them together), and the JSON renderers that
// more than one resource uses. Internal to server/.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/consents.h"
#include "app/front_desk.h"
#include "app/lots.h"
#include "app/outcomes.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "server/dispatcher.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/server.h"

namespace exo::server {

// The handler `fn(services..., req, caller, lang)`. What is bound (services, or an option such
// as the rules folder) is held by reference: it must outlive the routes (see AllRoutes).
template <typename Fn, typename... Services>
Handler Bind(Fn fn, const Services&... services) {
  return [fn, &services...](const httplib::Request& req, const Caller& caller, Lang lang) {
    return fn(services..., req, caller, lang);
  };
}

// As Bind, for a path whose first group is an id: `fn(services..., id, req, caller, lang)`.
// A malformed id is refused (PathId) before `fn` runs.
template <typename Fn, typename... Services>
Handler BindId(Fn fn, const Services&... services) {
  return [fn, &services...](const httplib::Request& req, const Caller& caller,
                            Lang lang) -> Result<Reply> {
    auto id = PathId(req);
    if (!id) return id.error();
    return fn(services..., *id, req, caller, lang);
  };
}

// Each resource's routes, in routes/<resource>.cc.
std::vector<Route> PublicRoutes(const app::LotServices& lots,
                                const screening::ScreeningRules& screening_rules, bool web_app);
std::vector<Route> LotRoutes(const app::LotServices& lots, const app::SessionServices& sessions);
// `patients` only for whether the clinic holds demo patients (GET /api/v1/me "demo_data").
std::vector<Route> AccountRoutes(const app::AccountServices& accounts,
                                 const app::PatientServices& patients,
                                 const treatment::ClinicSettings& clinic,
                                 const std::string& setup_token, bool tls);
std::vector<Route> AuditRoutes(const store::AuditReader& audit_reader);
std::vector<Route> PatientRoutes(const app::PatientServices& patients,
                                 const app::SessionServices& sessions,
                                 const app::SafetyServices& safety,
                                 const app::OutcomeServices& outcomes,
                                 const app::FrontDeskServices& front_desk);
std::vector<Route> ScreeningRoutes(const app::PatientServices& patients);
std::vector<Route> PlanRoutes(const app::PlanServices& plans);
std::vector<Route> ConsentRoutes(const app::ConsentServices& consents);
std::vector<Route> SessionRoutes(const app::SessionServices& sessions,
                                 const app::AftercareServices& aftercare);
std::vector<Route> ScheduleRoutes(const app::SessionServices& sessions,
                                  const app::FrontDeskServices& front_desk);
// Check-ins at the front desk (routes/front_desk.cc).
std::vector<Route> FrontDeskRoutes(const app::FrontDeskServices& front_desk);
std::vector<Route> SafetyRoutes(const app::SafetyServices& safety,
                                const app::OutcomeServices& outcomes);
std::vector<Route> OutcomeRoutes(const app::OutcomeServices& outcomes);
// `rules_dir`: where crisis_lines.toml is read after an answer that needs follow-up today;
// `public_base_url` (the clinic's address for patients) must outlive the routes.
std::vector<Route> PortalRoutes(const app::OutcomeServices& outcomes,
                                const std::string& public_base_url, const std::string& rules_dir);
// The patient page's one read (routes/patient_overview.cc).
std::vector<Route> PatientOverviewRoutes(const app::ConsentServices& consents,
                                         const app::SessionServices& sessions,
                                         const app::SafetyServices& safety,
                                         const app::OutcomeServices& outcomes,
                                         const screening::ScreeningRules& screening_rules,
                                         const app::FrontDeskServices& front_desk);
// The role's dashboard (routes/dashboard.cc).
std::vector<Route> DashboardRoutes(const app::SessionServices& sessions,
                                   const app::SafetyServices& safety,
                                   const app::OutcomeServices& outcomes,
                                   const app::FrontDeskServices& front_desk);
std::vector<Route> SettingsRoutes(const app::AccountServices& accounts,
                                  const std::string& rules_dir);

// Renderers used by more than one resource.
nlohmann::json SessionJson(const store::StoredSession& x);                       // sessions.cc
nlohmann::json TraceJson(const std::vector<store::TraceRow>& rows);              // schedule.cc
nlohmann::json MeasureJson(const outcome::Measure& m, Lang lang);                // outcomes.cc
nlohmann::json MeasurementJson(const store::StoredMeasurement& m);               // outcomes.cc
nlohmann::json PatientJson(const treatment::Patient& p, Date today);             // patients.cc
nlohmann::json ScreeningJson(const store::StoredScreening& r, Lang lang);        // screenings.cc
nlohmann::json ConsentJson(const store::StoredConsent& c);                       // consents.cc
nlohmann::json AdverseEventJson(const store::StoredAdverseEvent& a, Lang lang);  // safety.cc
// Each coded adverse-event term's name in `lang` (rules/ae_terms.toml): {term: name}.
nlohmann::json TermLabels(const std::vector<std::string>& terms, Lang lang);  // patient_overview.cc
// AdverseEventJson in `lang`, for JsonArray.
inline auto AdverseEventJsonIn(Lang lang) {
  return [lang](const store::StoredAdverseEvent& a) { return AdverseEventJson(a, lang); };
}
nlohmann::json FollowUpJson(const store::FollowUp& f, Lang lang);  // sessions.cc
nlohmann::json SignalJson(const app::LotSignal& x);                // safety.cc
// Lot and session ids only when `clinical`.
nlohmann::json ScheduleEntryJson(const app::DayScheduleEntry& e, bool clinical);  // schedule.cc
// The day's check-ins beside a day list (`entries`, each with "patient_id"): each entry gains
// "check_in" (or null), and `out["check_ins"]` lists every check-in of the day with its patient's
// name, so a patient who came without a planned session is on the page too (front_desk.cc).
// `out["check_in_today"]`: the patient's check-in of the clinic's today, or null (the patient
// page's 受付 button); part of the caller's read, no entry of its own (front_desk.cc).
Status AddTodaysCheckIn(const app::FrontDeskServices& s, const Caller& caller, int64_t patient_id,
                        Lang lang, nlohmann::json& out);
// `audit`: kPartOfAnotherRead where the caller's read records the entry (schedule, dashboard).
Status AddCheckIns(const app::FrontDeskServices& s, const Caller& caller, Date day, Lang lang,
                   nlohmann::json& entries, nlohmann::json& out,
                   app::ReadAudit audit = app::ReadAudit::kPartOfAnotherRead);

}  // namespace exo::server
