// What the resource files in routes/ share: binding a handler function to the services it
// uses, each resource's route list (routes.cc puts them together), and the JSON renderers that
// more than one resource uses. Internal to server/.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/lots.h"
#include "app/outcomes.h"
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
std::vector<Route> AccountRoutes(const app::AccountServices& accounts,
                                 const treatment::ClinicSettings& clinic,
                                 const std::string& setup_token, bool tls);
std::vector<Route> AuditRoutes(const store::AuditReader& audit_reader);
std::vector<Route> PatientRoutes(const app::PatientServices& patients,
                                 const app::SessionServices& sessions,
                                 const app::SafetyServices& safety,
                                 const app::OutcomeServices& outcomes);
std::vector<Route> ScreeningRoutes(const app::PatientServices& patients);
std::vector<Route> PlanRoutes(const app::PlanServices& plans);
std::vector<Route> ConsentRoutes(const app::ConsentServices& consents);
std::vector<Route> SessionRoutes(const app::SessionServices& sessions,
                                 const app::AftercareServices& aftercare);
std::vector<Route> ScheduleRoutes(const app::SessionServices& sessions);
std::vector<Route> SafetyRoutes(const app::SafetyServices& safety,
                                const app::OutcomeServices& outcomes);
std::vector<Route> OutcomeRoutes(const app::OutcomeServices& outcomes);
std::vector<Route> PortalRoutes(const app::OutcomeServices& outcomes, bool tls);
std::vector<Route> SettingsRoutes(const app::AccountServices& accounts,
                                  const std::string& rules_dir);

// Renderers used by more than one resource.
nlohmann::json SessionJson(const store::StoredSession& x);           // sessions.cc
nlohmann::json TraceJson(const std::vector<store::TraceRow>& rows);  // schedule.cc
nlohmann::json MeasureJson(const outcome::Measure& m, Lang lang);    // outcomes.cc
nlohmann::json MeasurementJson(const store::StoredMeasurement& m);   // outcomes.cc

}  // namespace exo::server
