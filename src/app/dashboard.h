// The day's dashboard, shaped by the role: reception sees the day's list (names, times, planned
// or done) and nothing clinical; a nurse also the follow-ups due; a physician also the
// screenings and plans waiting for their signature, the alerts and the flagged lot signals.
// Every item names its patient (number and name), never only an id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/outcomes.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "core/result.h"

namespace exo::app {

struct PatientName {
  int64_t id = 0;
  std::string patient_number;
  std::string name_kanji;
  std::string name_kana;
};

template <typename T>
struct ForPatient {
  T item;
  PatientName patient;
};

struct Dashboard {
  Date day;
  std::vector<DayScheduleEntry> today;
  bool clinical = false;   // the parts below the day's list are filled
  bool signs_off = false;  // sign_offs, drafts, alerts and signals are filled
  std::vector<ForPatient<store::FollowUp>> followups;  // open, due on or before the day
  std::vector<ForPatient<store::StoredScreening>> sign_offs;
  std::vector<ForPatient<store::StoredPlan>> drafts;  // plans waiting for activation
  std::vector<ForPatient<store::StoredAdverseEvent>> alerts;
  std::vector<ForPatient<store::StoredMeasurement>> questionnaire_alerts;
  std::vector<LotSignal> signals;  // flagged ones only
};

// Each part is read (and audited) as its own use case reads it.
Result<Dashboard> ShowDashboard(const OutcomeServices& outcomes, const Actor& actor, Date day);

}  // namespace exo::app
