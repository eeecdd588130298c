// Use case: correct a measurement, storing a new version that points to the old one.
#include <nlohmann/json.hpp>

#include "app/measurement_steps.h"
#include "app/outcomes.h"
#include "core/json_input.h"
#include "core/utf8.h"
#include "outcome/measurement.h"

namespace exo::app {

using nlohmann::json;
using store::StoredMeasurement;

Result<StoredMeasurement> CorrectMeasurement(const OutcomeServices& s, const Actor& actor,
                                             int64_t id, std::string_view json_text) {
  auto old = s.outcomes.FindMeasurement(actor.clinic_id, id);
  if (!old) return old.error();
  if (old->superseded_by)
    return Conflict("err.already_corrected", {std::to_string(*old->superseded_by)});
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, old->entry.measure_id);
  if (m == nullptr) return Invalid("/measure", "err.unknown_measure", {old->entry.measure_id});
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> unknown;
  RefuseUnknownMembers(doc, "", {"value", "answers", "l_star", "b_star", "reason", "note"},
                       unknown);
  if (!unknown.empty()) return InvalidFields(std::move(unknown));
  std::string reason;
  const auto r = doc.find("reason");
  if (r == doc.end() || !r->is_string() || r->get<std::string>().empty() ||
      CodePoints(r->get<std::string>()) > 1000)
    return Invalid("/reason", "err.required");
  reason = r->get<std::string>();
  outcome::MeasurementEntry entry = old->entry;
  if (auto ok = outcome::ParseMeasuredValue(json_text, *m, entry); !ok) return ok.error();
  if (auto ok = CheckRecorder(*m, actor); !ok) return ok.error();
  if (doc.contains("note") && doc["note"].is_string()) entry.note = doc["note"];
  return StoreMeasurement(s, actor, std::move(entry), old->source, id, reason);
}

}  // namespace exo::app
