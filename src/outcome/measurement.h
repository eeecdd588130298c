// One outcome measurement of a patient, checked against the measures catalogue: the value (or
// the questionnaire answers it is scored from, or L* and b* for ITA°), the date, and the time
// point (baseline before the first session, or days since it). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "outcome/measures.h"

namespace exo::outcome {

struct MeasurementEntry {
  int64_t patient_id = 0;
  std::string measure_id;
  double value = 0;
  Date measured_on;
  std::optional<bool> baseline;  // nullopt: decided from the first session's date
  std::optional<int64_t> session_id;
  std::string photo;  // a reference to the photo (file name or hash), may be empty
  std::string note;
  std::string detail_json;  // answers and score, or L*/b* with the category; "{}" otherwise
};

// {"patient_id", "measure", "measured_on": "YYYY-MM-DD", "time_point"?: "baseline"|"follow_up",
//  one of "value" | "answers" (questionnaires; null = blank) | "l_star" and "b_star" (ITA°),
//  "session_id"?, "photo"?, "note"?}. Errors name the JSON pointer; a date after `today` fails.
Result<MeasurementEntry> ParseMeasurement(std::string_view json_text,
                                          const std::vector<Measure>& catalogue, Date today);

// The value part alone (for corrections and the patient portal): "value", "answers" or
// "l_star"/"b_star" as the measure needs; fills value and detail_json of `entry`.
Status ParseMeasuredValue(std::string_view json_text, const Measure& measure,
                          MeasurementEntry& entry);

const Measure* FindMeasure(const std::vector<Measure>& catalogue, std::string_view id);

// A session as a measurement's time point sees it: its id (named in refusals) and its day.
struct SessionDay {
  int64_t id = 0;
  Date day;
};

// Days since the first session (negative before it; nullopt when there is none yet), after
// checking the time point: a baseline is on or before the first session, a follow-up on or
// after it, and a measurement linked to a session (`linked`, when entry.session_id is set) on
// or after that session's day. Errors name "/time_point" or "/measured_on" and the session.
Result<std::optional<int>> CheckTimePoint(const MeasurementEntry& entry,
                                          std::optional<SessionDay> first_session,
                                          std::optional<SessionDay> linked, bool& baseline);

}  // namespace exo::outcome
