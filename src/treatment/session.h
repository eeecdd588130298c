// A treatment session as recorded: when, who, the lot, dose, volume, route and sites, vitals
// for IV, immediate reactions and notes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"

namespace exo::treatment {

struct Vitals {
  std::optional<int> bp_systolic;       // mmHg 50..260
  std::optional<int> bp_diastolic;      // mmHg 30..160
  std::optional<int> pulse;             // /min 30..220
  std::optional<double> temperature_c;  // 34..42
  std::optional<int> spo2;              // % 70..100
  bool Empty() const { return !bp_systolic && !bp_diastolic && !pulse && !temperature_c && !spo2; }
};

struct SessionRequest {
  int64_t plan_id = 0;
  std::optional<Timestamp> performed_at;  // default: now
  std::string operator_name;
  std::optional<double> dose_particles;  // default: the plan's
  std::optional<double> volume_ml;       // default: from the lot's concentration
  std::optional<int> vials_used;         // default: ceil(volume / vial volume)
  std::vector<std::string> sites;        // default: the plan's
  Vitals vitals;
  std::string reactions;  // immediate reactions; "" = none noted
  std::string notes;
  // A physician's reason for a session sooner than the plan's interval after another of the
  // same plan ("" = no override asked).
  std::string interval_override_reason;
};

// Parses {"plan_id", "performed_at"? ("YYYY-MM-DDTHH:MM:SSZ"), "operator", "dose_particles"?,
// "volume_ml"?, "vials_used"? (1..100), "sites"?, "vitals"?, "reactions"?, "notes"?,
// "interval_override_reason"?}; errors name the field. A time after `now` is an error.
Result<SessionRequest> ParseSessionRequest(std::string_view json_text, Timestamp now);

}  // namespace exo::treatment
