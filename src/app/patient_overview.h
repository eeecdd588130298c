// Everything a patient's page shows, read at once: the patient, screenings, plans (each with its
// checks, lot and valid consent), sessions, adverse events, measurements, open follow-ups, the
// questionnaire links, the lots a new plan can use and the timeline. One audit entry
// (patient.overview.read) stands for the whole read.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "app/actor.h"
#include "app/consents.h"
#include "app/outcomes.h"
#include "app/plans.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "app/staff_names.h"
#include "app/timeline.h"
#include "core/result.h"

namespace exo::app {

struct PatientOverview {
  treatment::Patient patient;
  std::vector<store::StoredScreening> screenings;
  std::vector<PlanView> plans;
  std::map<int64_t, store::StoredConsent> valid_consents;  // by plan id; absent: none valid
  std::vector<store::StoredSession> sessions;
  std::vector<store::StoredAdverseEvent> adverse_events;
  std::vector<store::StoredMeasurement> measurements;  // every version
  std::vector<store::FollowUp> followups;              // open ones, by due date
  std::vector<store::PortalLink> portal_links;
  std::vector<product::Lot> released_lots;  // what a new plan can be made with
  std::vector<TimelineEntry> timeline;
  StaffNames staff;  // how the records' actors are named (app/staff_names.h)
};

// kNotFound for a patient of another clinic or an unknown id.
Result<PatientOverview> ShowPatientOverview(const ConsentServices& consents,
                                            const SessionServices& sessions,
                                            const SafetyServices& safety,
                                            const OutcomeServices& outcomes, const Actor& actor,
                                            int64_t patient_id, Lang lang);

}  // namespace exo::app
