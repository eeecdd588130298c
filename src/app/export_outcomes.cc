// Use case: the de-identified long-format outcome export (CSV) for statistics.
#include "app/outcome_export.h"

namespace exo::app {

Result<std::string> ExportOutcomesCsv(const OutcomeServices& s, const Actor& actor,
                                      const ExportOptions& options) {
  auto out = BuildOutcomeExport(s, actor, options);
  if (!out) return out.error();
  RecordOutcomeExport(s, actor, *out, options);
  return std::move(out->csv);
}

}  // namespace exo::app
