// Use case: every version of a patient's measurements, by date (a read of patient data).
#include "app/audit.h"
#include "app/measurement_steps.h"
#include "app/outcomes.h"

namespace exo::app {

using store::AuditOutcome;
using store::StoredMeasurement;

Result<std::vector<StoredMeasurement>> PatientMeasurements(const OutcomeServices& s,
                                                           const Actor& actor, int64_t patient_id) {
  auto list = LoadPatientMeasurements(s, actor, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "measurement.read", "patient/" + std::to_string(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

}  // namespace exo::app
