// The output that shows the clinic's times and records (output.h): apart from output.cc, which
// the statistics commands' program links (src/exoclinic.cc), so that it needs no time-zone
// database.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/sessions.h"
#include "cli/output.h"
#include "core/local_time.h"

namespace exo::cli {

namespace {
std::string& ShownZone() {
  static std::string zone(kDefaultTimeZone);
  return zone;
}
}  // namespace

void SetShownTimeZone(std::string zone) { ShownZone() = std::move(zone); }

std::string ShownTime(Timestamp t, Lang lang) { return FormatLocalDateTime(t, ShownZone(), lang); }

void PrintTrace(const std::vector<store::TraceRow>& rows, Lang lang, const std::string& format,
                bool bom) {
  using nlohmann::json;
  if (format == "csv") {
    std::cout << app::TraceCsv(rows, ShownZone(), bom);
    return;
  }
  if (format == "json") {
    json arr = json::array();
    for (const auto& r : rows)
      arr.push_back({{"session_id", r.session.id},
                     {"performed_at", r.session.performed_at.ToIso8601()},
                     {"patient_id", r.session.patient_id},
                     {"patient_number", r.patient_number},
                     {"name_kanji", r.name_kanji},
                     {"name_kana", r.name_kana},
                     {"phone", r.phone},
                     {"email", r.email},
                     {"route", r.session.route},
                     {"dose_particles", r.session.dose_particles}});
    PrintJson(json{{"sessions", arr}});
    return;
  }
  PrintLine("cli.trace_count", lang, {std::to_string(rows.size())});
  for (const auto& r : rows)
    std::cout << "  " << ShownTime(r.session.performed_at, lang) << "  " << Pad(r.patient_number, 9)
              << Pad(r.name_kanji, 14) << Pad(r.phone, 16) << Pad(r.email, 26)
              << Label("route", r.session.route, lang) << "\n";
}

}  // namespace exo::cli
