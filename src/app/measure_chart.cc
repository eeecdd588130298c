// Use case: the current versions of one measure as an SVG chart, sessions marked.
#include "app/audit.h"
#include "app/measurement_steps.h"
#include "app/outcomes.h"
#include "report/chart.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::string> MeasureChartSvg(const OutcomeServices& s, const Actor& actor,
                                    int64_t patient_id, const std::string& measure_id, Lang lang) {
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, measure_id);
  if (m == nullptr) return NotFound("measure", measure_id);
  // Read as PatientMeasurements reads them, and recorded as that read.
  auto all = LoadPatientMeasurements(s, actor, patient_id);
  if (!all) return all.error();
  RecordAudit(s.audit, s.clock, actor, "measurement.read", "patient/" + std::to_string(patient_id),
              AuditOutcome::kAllowed);
  auto chart = BuildMeasureChart(s, actor, patient_id, *m, *all, lang);
  if (!chart) return chart.error();
  return report::RenderChartSvg(*chart);
}

}  // namespace exo::app
