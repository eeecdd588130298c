#include "server/routes.h"

#include "server/routes/routes_internal.h"

namespace exo::server {

std::vector<Route> AllRoutes(const ServerServices& s, const ServerOptions& o) {
  const bool tls = !o.tls_cert.empty() && !o.tls_key.empty();
  const bool web_app = !o.web_dir.empty();
  std::vector<Route> all;
  for (auto&& resource : {
           PublicRoutes(s.lots, s.patients.rules, web_app),  // routes/public.cc
           LotRoutes(s.lots, s.sessions),                    // routes/lots.cc
           // routes/accounts.cc
           AccountRoutes(s.accounts, s.patients, s.plans.clinic, o.setup_token, tls),
           AuditRoutes(s.audit_reader),  // routes/audit.cc
           PatientRoutes(s.patients, s.sessions, s.safety, s.outcomes, s.front_desk),
           ScreeningRoutes(s.patients),               // routes/screenings.cc
           PlanRoutes(s.plans),                       // routes/plans.cc
           ConsentRoutes(s.consents),                 // routes/consents.cc
           SessionRoutes(s.sessions, s.aftercare),    // routes/sessions.cc
           ScheduleRoutes(s.sessions, s.front_desk),  // routes/schedule.cc
           FrontDeskRoutes(s.front_desk),             // routes/front_desk.cc
           SafetyRoutes(s.safety, s.outcomes),        // routes/safety.cc
           OutcomeRoutes(s.outcomes),                 // routes/outcomes.cc
           PortalRoutes(s.outcomes, s.aftercare.public_base_url, o.rules_dir),  // routes/portal.cc
           SettingsRoutes(s.accounts, o.rules_dir),  // routes/settings.cc
           PatientOverviewRoutes(s.consents, s.sessions, s.safety, s.outcomes, s.patients.rules,
                                 s.front_desk),
           DashboardRoutes(s.sessions, s.safety, s.outcomes, s.front_desk),  // routes/dashboard.cc
       })
    all.insert(all.end(), resource.begin(), resource.end());
  return all;
}

}  // namespace exo::server
