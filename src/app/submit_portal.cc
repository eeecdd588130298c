// Use case: the patient's answers to one questionnaire of a portal link, once per link.
#include <algorithm>

#include "app/measurement_steps.h"
#include "app/outcomes.h"
#include "outcome/measurement.h"

namespace exo::app {

using store::StoredMeasurement;

Result<StoredMeasurement> SubmitPortal(const OutcomeServices& s, const std::string& token,
                                       const std::string& measure_id, std::string_view json_text) {
  auto link = ValidPortalLink(s, token);
  if (!link) return link.error();
  if (std::find(link->measures.begin(), link->measures.end(), measure_id) == link->measures.end())
    return Invalid("/measure", "err.portal_not_listed", {measure_id});
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, measure_id);
  if (m == nullptr) return Invalid("/measure", "err.unknown_measure", {measure_id});
  auto mine = s.outcomes.ListPatientMeasurements(link->clinic_id, link->patient_id);
  if (!mine) return mine.error();
  for (const auto& x : *mine)
    if (x.source == "portal_link/" + std::to_string(link->id) && x.entry.measure_id == measure_id)
      return Conflict("err.portal_already_answered", {measure_id});
  outcome::MeasurementEntry entry;
  entry.patient_id = link->patient_id;
  entry.measure_id = measure_id;
  entry.measured_on = s.clock.Today();
  if (auto ok = outcome::ParseMeasuredValue(json_text, *m, entry); !ok) return ok.error();
  return StoreMeasurement(s, PortalActor(*link), std::move(entry),
                          "portal_link/" + std::to_string(link->id), std::nullopt, "");
}

}  // namespace exo::app
