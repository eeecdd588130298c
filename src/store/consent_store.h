// Store interface for signed consents. A signed consent is immutable (a database trigger
// refuses any change to it); only a withdrawal can be added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

struct StoredConsent {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t plan_id = 0;
  int64_t patient_id = 0;
  std::string lang;
  std::string pdf;     // the exact document signed
  std::string sha256;  // of `pdf`
  std::string typed_name;
  std::string signer_relationship;  // a representative's relationship; "" = the patient signed
  bool has_signature_image = false;
  Timestamp signed_at;
  std::string recorded_by;
  std::optional<Timestamp> withdrawn_at;
  std::string withdrawn_reason;
  std::string withdrawn_by;
  bool Valid() const { return !withdrawn_at.has_value(); }
};

class ConsentStore {
 public:
  virtual ~ConsentStore() = default;
  virtual Result<int64_t> InsertConsent(const StoredConsent& consent) = 0;
  virtual Result<StoredConsent> FindConsent(int64_t clinic, int64_t id) const = 0;
  // Newest first.
  virtual Result<std::vector<StoredConsent>> ListConsents(int64_t clinic,
                                                          int64_t plan_id) const = 0;
  // kConflict if already withdrawn.
  virtual Status WithdrawConsent(int64_t clinic, int64_t id, const std::string& reason,
                                 const std::string& by, Timestamp at) = 0;
};

}  // namespace exo::store
