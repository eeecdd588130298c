// Treatment plans: creation, the patient's plans, one plan, activation and its schedule as
// iCalendar.
#include "app/plans.h"

#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

// Renders a plan with its schedule, checks and cost.
auto PlanJson(const app::PlanServices& s, Lang lang) {
  return [&s, lang](const app::PlanView& v) { return app::PlanViewToJson(v, s, lang); };
}

Result<Reply> CreatePlan(const app::PlanServices& s, int64_t id, const httplib::Request& req,
                         const Caller& caller, Lang lang) {
  return JsonReply(201, app::CreatePlan(s, caller.actor, id, req.body), PlanJson(s, lang));
}

Result<Reply> ListPlans(const app::PlanServices& s, int64_t id, const httplib::Request&,
                        const Caller& caller, Lang lang) {
  return JsonReply(200, app::ListPlans(s, caller.actor, id), [&s, lang](const auto& list) {
    return json{{"plans", JsonArray(list, PlanJson(s, lang))}};
  });
}

Result<Reply> ShowPlan(const app::PlanServices& s, int64_t id, const httplib::Request&,
                       const Caller& caller, Lang lang) {
  return JsonReply(200, app::ShowPlan(s, caller.actor, id), PlanJson(s, lang));
}

// Body (optional): {"override_reason": "..."} when another plan on the route is still running.
Result<Reply> ActivatePlan(const app::PlanServices& s, int64_t id, const httplib::Request& req,
                           const Caller& caller, Lang lang) {
  std::string reason;
  if (!req.body.empty()) {
    auto body = ObjectBody(req, {"override_reason"});
    if (!body) return body.error();
    auto r = OptionalString(*body, "override_reason");
    if (!r) return r.error();
    reason = *r;
  }
  return JsonReply(200, app::ActivatePlan(s, caller.actor, id, reason), PlanJson(s, lang));
}

Result<Reply> PlanCalendar(const app::PlanServices& s, int64_t id, const httplib::Request&,
                           const Caller& caller, Lang lang) {
  return RawReply(app::PlanICalendar(s, caller.actor, id, lang), kCalendar);
}

}  // namespace

std::vector<Route> PlanRoutes(const app::PlanServices& plans) {
  using P = Permission;
  const std::string patient_plans = R"(/api/v1/patients/([^/]+)/plans)";
  const std::string plan = R"(/api/v1/plans/([^/]+))";
  return {
      {"POST", patient_plans, P::kSignOff, "plan.create", BindId(CreatePlan, plans)},
      {"GET", patient_plans, P::kReadClinical, "plan.read", BindId(ListPlans, plans)},
      {"GET", plan, P::kReadClinical, "plan.read", BindId(ShowPlan, plans)},
      {"POST", plan + "/activate", P::kSignOff, "plan.activate", BindId(ActivatePlan, plans)},
      {"GET", plan + R"(/schedule\.ics)", P::kReadPatients, "plan.ical",
       BindId(PlanCalendar, plans)},
  };
}

}  // namespace exo::server
