// Store interface for adverse events and the counts behind lot safety signals.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"
#include "outcome/adverse_event.h"

namespace exo::store {

struct StoredAdverseEvent {
  outcome::AdverseEvent event;
  int64_t clinic_id = 0;
  std::string recorded_by;
  Timestamp recorded_at;
};

// Sessions and adverse events of one lot given by one route.
struct SignalCounts {
  int64_t lot_id = 0;
  std::string lot_number;
  std::string route;
  int64_t sessions = 0;
  int64_t events = 0;  // adverse events linked to sessions of this lot and route
};

class SafetyStore {
 public:
  virtual ~SafetyStore() = default;
  virtual Result<int64_t> InsertAdverseEvent(const StoredAdverseEvent& event) = 0;
  // Serious events and grade 3 or more, newest first.
  virtual Result<std::vector<StoredAdverseEvent>> ListAlerts(int64_t clinic) const = 0;
  virtual Result<std::vector<SignalCounts>> CountSignals(int64_t clinic) const = 0;
  // Every adverse event of a patient, oldest first.
  virtual Result<std::vector<StoredAdverseEvent>> ListPatientAdverseEvents(
      int64_t clinic, int64_t patient_id) const = 0;
};

}  // namespace exo::store
