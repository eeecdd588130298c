// Use case: current questionnaire results that carry an alert, newest first.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "app/audit.h"
#include "app/outcomes.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;
using store::StoredMeasurement;

Result<std::vector<StoredMeasurement>> QuestionnaireAlerts(const OutcomeServices& s,
                                                           const Actor& actor) {
  auto all = s.outcomes.ListCurrentMeasurements(actor.clinic_id);
  if (!all) return all.error();
  std::vector<StoredMeasurement> out;
  for (const auto& m : *all) {
    const json detail = json::parse(m.entry.detail_json, nullptr, false);
    if (detail.is_object() && detail.contains("alerts") && detail["alerts"].is_array() &&
        !detail["alerts"].empty())
      out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(b.entry.measured_on, b.id) < std::tie(a.entry.measured_on, a.id);
  });
  RecordAudit(s.audit, s.clock, actor, "measurement.read", "alerts", AuditOutcome::kAllowed);
  return out;
}

}  // namespace exo::app
