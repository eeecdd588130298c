// A patient's timeline: screenings, plans, consents, sessions (with lot), adverse events and
// open follow-ups and measurements (every version: a correction shows what it corrects), in
// time order.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/safety.h"
#include "app/sessions.h"
#include "app/staff_names.h"
#include "core/messages.h"
#include "outcome/measures.h"
#include "store/outcome_store.h"

namespace exo::app {

struct TimelineEntry {
  std::string at;    // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; sorts as text
  std::string kind;  // screening | sign_off | plan | plan_activated | consent | consent_withdrawn
                     // | session | adverse_event | followup | measurement
  int64_t id = 0;
  std::string summary;
  std::string actor;       // who recorded it, as recorded (a login); empty when not recorded
  std::string actor_name;  // the same as people name them (app/staff_names.h)
};

// {"at", "kind", "id", "summary", "actor", "actor_name"} (actor fields null when not recorded).
nlohmann::json TimelineEntryToJson(const TimelineEntry& e);

Result<std::vector<TimelineEntry>> PatientTimeline(const SessionServices& sessions,
                                                   const SafetyServices& safety,
                                                   const store::OutcomeStore& outcomes,
                                                   const std::vector<outcome::Measure>& measures,
                                                   const Actor& actor, int64_t patient_id,
                                                   Lang lang = Lang::kEn);

// The same entries without an audit entry, naming the actors from `staff`: for a use case that
// records its own read and has the clinic's staff names already (the patient overview).
Result<std::vector<TimelineEntry>> BuildPatientTimeline(
    const SessionServices& sessions, const SafetyServices& safety,
    const store::OutcomeStore& outcomes, const std::vector<outcome::Measure>& measures,
    const StaffNames& staff, const Actor& actor, int64_t patient_id, Lang lang = Lang::kEn);

}  // namespace exo::app
