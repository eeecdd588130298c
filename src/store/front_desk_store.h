// Store interface for the front desk: a patient's arrival at the clinic (受付) on a day.
// Appointments and payments join this interface when the front desk grows. Every call is scoped
// to a clinic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

// One check-in: the patient arrived on `day` (the clinic's calendar day) at `checked_in_at`.
// An undone check-in (tapped by mistake) keeps its row with who undid it and when.
struct CheckIn {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  Date day;
  Timestamp checked_in_at;
  std::string checked_in_by;
  std::optional<Timestamp> undone_at;
  std::string undone_by;
};

class FrontDeskStore {
 public:
  virtual ~FrontDeskStore() = default;
  // kConflict (err.already_checked_in) when the patient holds a check-in of that day not undone.
  virtual Result<int64_t> InsertCheckIn(const CheckIn& check_in) = 0;
  virtual Result<CheckIn> FindCheckIn(int64_t clinic, int64_t id) const = 0;
  // kConflict (err.check_in_undone) when it was undone already.
  virtual Status UndoCheckIn(int64_t clinic, int64_t id, Timestamp at, const std::string& by) = 0;
  // The day's check-ins that stand (not undone), earliest first.
  virtual Result<std::vector<CheckIn>> ListCheckIns(int64_t clinic, Date day) const = 0;
};

}  // namespace exo::store
