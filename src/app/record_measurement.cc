// Use case: record a measurement entered by staff (checked against the catalogue, the
// recorder's role and the patient's first session).
#include "app/measurement_steps.h"
#include "app/outcomes.h"

namespace exo::app {

using store::StoredMeasurement;

Result<StoredMeasurement> RecordMeasurement(const OutcomeServices& s, const Actor& actor,
                                            std::string_view json_text) {
  auto entry = outcome::ParseMeasurement(json_text, s.catalogue, s.clock.Today());
  if (!entry) return entry.error();
  if (auto ok = CheckRecorder(*outcome::FindMeasure(s.catalogue, entry->measure_id), actor); !ok)
    return ok.error();
  return StoreMeasurement(s, actor, std::move(*entry), "staff", std::nullopt, "");
}

}  // namespace exo::app
