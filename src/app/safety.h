// Use cases for safety: record adverse events, list alerts (serious or CTCAE grade >= 3), and
// lot signals (each lot's adverse-event rate per session against the rest of its route).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "outcome/signal.h"
#include "store/audit_log.h"
#include "store/patient_store.h"
#include "store/safety_store.h"
#include "store/session_store.h"
#include "store/unit_of_work.h"

namespace exo::app {

struct SafetyServices {
  store::SafetyStore& safety;
  store::PatientStore& patients;
  const store::TreatmentSessionStore& sessions;  // an event's onset against its sessions
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const std::vector<std::string>& known_terms;  // rules/ae_terms.toml
};

// Refused: an unknown patient or session, an onset before a session the event is linked to.
Result<store::StoredAdverseEvent> RecordAdverseEvent(const SafetyServices& s, const Actor& actor,
                                                     std::string_view json_text);
Result<std::vector<store::StoredAdverseEvent>> Alerts(const SafetyServices& s, const Actor& actor);
// One patient's adverse events, oldest onset first; kNotFound for an unknown patient.
Result<std::vector<store::StoredAdverseEvent>> PatientAdverseEvents(const SafetyServices& s,
                                                                    const Actor& actor,
                                                                    int64_t patient_id);

struct LotSignal {
  store::SignalCounts counts;
  outcome::Signal signal;
};
Result<std::vector<LotSignal>> LotSignals(const SafetyServices& s, const Actor& actor);

}  // namespace exo::app
