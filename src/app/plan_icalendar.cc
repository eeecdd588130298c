// Use case: a plan's sessions as an iCalendar file (a read of the plan).
#include "app/audit.h"
#include "app/plan_view.h"
#include "report/ical.h"

namespace exo::app {

Result<std::string> PlanICalendar(const PlanServices& s, const Actor& actor, int64_t plan_id,
                                  Lang lang) {
  auto view = LoadPlanView(s, actor, plan_id);
  if (!view) return view.error();
  RecordAudit(s.audit, s.clock, actor, "plan.read", PatientObject(view->plan.patient_id),
              store::AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  std::vector<report::CalendarEvent> events;
  const auto& sched = view->evaluation.schedule;
  for (size_t i = 0; i < sched.size(); ++i) {
    events.push_back(
        {"plan-" + std::to_string(plan_id) + "-session-" + std::to_string(i + 1) + "@exoclinic",
         sched[i],
         Message("plan.ical_summary", lang,
                 {std::to_string(i + 1), std::to_string(sched.size()),
                  std::string(RouteName(view->request.route))}),
         Message("plan.ical_description", lang)});
  }
  return report::ToICalendar(events, s.clock.Now());
}

}  // namespace exo::app
