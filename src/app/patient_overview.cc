#include "app/patient_overview.h"

#include "app/audit.h"
#include "app/plan_view.h"

namespace exo::app {

namespace {

// Unwraps `r` into `into`, or keeps the first error.
template <typename T>
Status Take(Result<T> r, T& into) {
  if (!r) return r.error();
  into = std::move(*r);
  return OkStatus();
}

}  // namespace

Result<PatientOverview> ShowPatientOverview(const ConsentServices& cs, const SessionServices& ss,
                                            const SafetyServices& safety, const OutcomeServices& o,
                                            const Actor& actor, int64_t patient_id, Lang lang) {
  const PlanServices& ps = cs.plans;
  const int64_t clinic = actor.clinic_id;
  PatientOverview v;
  if (auto st = Take(ss.patients.FindPatient(clinic, patient_id), v.patient); !st)
    return st.error();
  if (auto st = Take(ss.screenings.ListScreenings(clinic, patient_id), v.screenings); !st)
    return st.error();
  auto plans = ps.plans.ListPlans(clinic, patient_id);
  if (!plans) return plans.error();
  for (auto& p : *plans) {
    const int64_t plan_id = p.id;
    auto view = EvaluateStoredPlan(ps, actor, std::move(p));
    if (!view) return view.error();
    v.plans.push_back(std::move(*view));
    auto consent = FindValidConsent(cs.consents, clinic, plan_id);
    if (!consent) return consent.error();
    if (*consent) v.valid_consents.emplace(plan_id, std::move(**consent));
  }
  if (auto st = Take(ss.sessions.ListPatientSessions(clinic, patient_id), v.sessions); !st)
    return st.error();
  if (auto st = Take(safety.safety.ListPatientAdverseEvents(clinic, patient_id), v.adverse_events);
      !st)
    return st.error();
  if (auto st = Take(o.outcomes.ListPatientMeasurements(clinic, patient_id), v.measurements); !st)
    return st.error();
  auto open = ss.sessions.ListOpenFollowUps(clinic, std::nullopt);
  if (!open) return open.error();
  for (auto& f : *open)
    if (f.patient_id == patient_id) v.followups.push_back(std::move(f));
  if (auto st = Take(o.outcomes.ListPortalLinks(clinic, patient_id), v.portal_links); !st)
    return st.error();
  store::LotFilter released;
  released.state = product::LotState::kReleased;
  if (auto st = Take(ps.lots.ListLots(clinic, released), v.released_lots); !st) return st.error();
  // One read of the staff's names, for the timeline and for the screenings' actors.
  if (auto st = Take(LoadStaffNames(ss.users, clinic), v.staff); !st) return st.error();
  if (auto st = Take(BuildPatientTimeline(ss, safety, o.outcomes, o.catalogue, v.staff, actor,
                                          patient_id, lang),
                     v.timeline);
      !st)
    return st.error();
  RecordAudit(ss.audit, ss.clock, actor, "patient.overview.read", PatientObject(patient_id),
              store::AuditOutcome::kAllowed);
  return v;
}

}  // namespace exo::app
