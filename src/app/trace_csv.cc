// A trace as CSV for the recall call list (a renderer, not a use case).
#include "app/sessions.h"
#include "core/csv.h"
#include "core/local_time.h"

namespace exo::app {

std::string TraceCsv(const std::vector<store::TraceRow>& rows, std::string_view time_zone,
                     bool bom) {
  CsvWriter csv(bom);
  csv.TextRow({"session_id", "performed_at_local", "patient_id", "patient_number", "name_kanji",
               "name_kana", "phone", "email", "route", "sites", "dose_particles", "volume_ml",
               "reactions"});
  for (const auto& r : rows) {
    const auto& x = r.session;
    csv.Row({std::to_string(x.id), CsvField(FormatLocalSortable(x.performed_at, time_zone)),
             std::to_string(x.patient_id), CsvField(r.patient_number), CsvField(r.name_kanji),
             CsvField(r.name_kana), CsvField(r.phone), CsvField(r.email), CsvField(x.route),
             CsvField(x.sites), CsvNumber(x.dose_particles), CsvNumber(x.volume_ml),
             CsvField(x.reactions)});
  }
  return csv.Take();
}

}  // namespace exo::app
