// Store interface for outcome measurements (versioned: a correction is a new row pointing to
// the one it corrects) and the patient portal's questionnaire links.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"
#include "outcome/measurement.h"

namespace exo::store {

struct StoredMeasurement {
  int64_t id = 0;
  int64_t clinic_id = 0;
  outcome::MeasurementEntry entry;
  bool baseline = false;
  std::optional<int> days_since_first;   // nullopt: no session yet when measured
  std::optional<int64_t> supersedes;     // the version this one corrects
  std::optional<int64_t> superseded_by;  // filled on read: the correction of this one
  std::string correction_reason;
  std::string source;  // "staff" | "portal"
  std::string recorded_by;
  Timestamp recorded_at;
};

struct PortalLink {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  std::string token_hash;             // SHA-256 of the token; the token itself is never stored
  std::vector<std::string> measures;  // questionnaire measure ids the patient may fill in
  Timestamp expires_at;
  std::string created_by;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

class OutcomeStore {
 public:
  virtual ~OutcomeStore() = default;
  // With `supersedes` set: kConflict (args: the newer id) when that version was corrected
  // already, kNotFound when it is not this clinic's. One transaction.
  virtual Result<int64_t> InsertMeasurement(const StoredMeasurement& m) = 0;
  virtual Result<StoredMeasurement> FindMeasurement(int64_t clinic, int64_t id) const = 0;
  // Every version, by date then id.
  virtual Result<std::vector<StoredMeasurement>> ListPatientMeasurements(
      int64_t clinic, int64_t patient_id) const = 0;
  // The current version of every measurement of the clinic, by patient, date and id.
  virtual Result<std::vector<StoredMeasurement>> ListCurrentMeasurements(int64_t clinic) const = 0;

  virtual Result<int64_t> InsertPortalLink(const PortalLink& link) = 0;
  virtual Result<std::optional<PortalLink>> FindPortalLink(const std::string& token_hash) const = 0;
  virtual Result<std::vector<PortalLink>> ListPortalLinks(int64_t clinic,
                                                          int64_t patient_id) const = 0;
  virtual Status RevokePortalLink(int64_t clinic, int64_t id, Timestamp at) = 0;
  // The secret that pseudonymises exports (patient keys, date shifts): `fresh` is stored the
  // first time, the stored one returned ever after. Never exported.
  virtual Result<std::string> DeidentificationSalt(const std::string& fresh) = 0;
};

}  // namespace exo::store
