// Use case: the clinic's treatment list for a day.
#include <algorithm>
#include <map>

#include "app/audit.h"
#include "app/plan_view.h"
#include "app/sessions.h"
#include "treatment/plan.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<DayScheduleEntry>> DaySchedule(const SessionServices& s, const Actor& actor,
                                                  Date day) {
  const SessionServices& ps = s;
  auto plans = ps.plans.ListPlansByStatus(actor.clinic_id, store::PlanStatus::kActive);
  if (!plans) return plans.error();
  std::vector<DayScheduleEntry> out;
  std::map<int64_t, std::vector<store::StoredSession>> given_by_patient;  // read once each
  for (auto& plan : *plans) {
    auto req = ParseStoredPlan(plan);
    if (!req) return req.error();
    const auto schedule =
        treatment::BuildSchedule(req->start_date, req->interval_days, req->sessions, ps.clinic);
    auto cached = given_by_patient.find(plan.patient_id);
    if (cached == given_by_patient.end()) {
      auto given = s.sessions.ListPatientSessions(actor.clinic_id, plan.patient_id);
      if (!given) return given.error();
      cached = given_by_patient.emplace(plan.patient_id, std::move(*given)).first;
    }
    DayScheduleEntry e;
    e.planned = std::find(schedule.begin(), schedule.end(), day) != schedule.end();
    int before = 0;
    for (const auto& x : cached->second) {
      if (x.plan_id != plan.id) continue;
      const Date d = ps.clock.DayOf(x.performed_at);
      if (d < day) ++before;
      if (d == day && !e.recorded) e.recorded = x;
    }
    if (!e.planned && !e.recorded) continue;
    auto patient = ps.patients.FindPatient(actor.clinic_id, plan.patient_id);
    if (!patient) return patient.error();
    auto lot = ps.lots.FindLot(actor.clinic_id, plan.lot_id);
    if (!lot) return lot.error();
    e.patient_number = patient->patient_number;
    e.name_kanji = patient->name_kanji;
    e.name_kana = patient->name_kana;
    e.synthetic = patient->synthetic;
    e.route = req->route;
    e.lot_number = lot->lot_number;
    e.session_number = before + 1;
    e.sessions = req->sessions;
    e.plan = std::move(plan);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.patient_number < b.patient_number;
  });
  RecordAudit(ps.audit, ps.clock, actor, "schedule.read", "schedule/" + day.ToString(),
              AuditOutcome::kAllowed, std::to_string(out.size()) + " entries");
  return out;
}

}  // namespace exo::app
