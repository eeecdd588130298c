// What the dashboard adds to the existing reads (the day's list, follow-ups, alerts, signals):
// the work waiting for a physician's signature, and the patients' names for every item, so the
// dashboard names patients, never only an id. The role-shaped page itself is put together by
// the server (routes/dashboard.cc) from these and the existing use cases.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/sessions.h"
#include "core/result.h"

namespace exo::app {

struct PatientName {
  int64_t id = 0;
  std::string patient_number;
  std::string name_kanji;
  std::string name_kana;
  bool synthetic = false;  // a fictitious demo patient
};

// The names of `ids` (a plain query, no audit entry: the read that listed the ids records it).
Result<std::map<int64_t, PatientName>> PatientNames(const store::PatientStore& patients,
                                                    int64_t clinic, const std::set<int64_t>& ids);

struct WaitingForSignature {
  std::vector<store::StoredScreening> screenings;  // not signed off, oldest first
  std::vector<store::StoredPlan> drafts;           // plans not yet activated
};

// Screenings to sign off and plans to activate, clinic-wide. One audit entry (signoff.read).
Result<WaitingForSignature> ListWaitingForSignature(const SessionServices& s, const Actor& actor);

}  // namespace exo::app
