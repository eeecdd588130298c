// Store interfaces for patients and their screenings. Every call is scoped to a clinic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"
#include "treatment/patient.h"

namespace exo::store {

struct StoredScreening {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  std::string intake_json;             // as given
  std::string result_json;             // exoclinic.screening/1, both languages
  int contraindicated = 0;             // number of contraindicated flags
  std::string contraindicated_routes;  // "iv,microneedle"
  Timestamp created_at;
  std::string created_by;
  std::optional<Timestamp> signed_off_at;
  std::string signed_off_by;
  std::string sign_off_note;
};

class PatientStore {
 public:
  virtual ~PatientStore() = default;
  // Assigns the next "P000001"-style number when patient_number is empty; kConflict if taken.
  virtual Result<treatment::Patient> InsertPatient(const treatment::Patient& patient) = 0;
  virtual Result<treatment::Patient> FindPatient(int64_t clinic, int64_t id) const = 0;
  // Matches kanji, kana or patient number (substring); newest first, at most `limit`.
  virtual Result<std::vector<treatment::Patient>> SearchPatients(int64_t clinic,
                                                                 const std::string& query,
                                                                 int limit) const = 0;
  // The clinic's patients born on `day`, oldest record first.
  virtual Result<std::vector<treatment::Patient>> FindPatientsBornOn(int64_t clinic,
                                                                     Date day) const = 0;
  // Whether the clinic holds any fictitious demo patient (Patient::synthetic).
  virtual Result<bool> HoldsSyntheticPatients(int64_t clinic) const = 0;
};

class ScreeningStore {
 public:
  virtual ~ScreeningStore() = default;
  virtual Result<int64_t> InsertScreening(const StoredScreening& screening) = 0;
  virtual Result<StoredScreening> FindScreening(int64_t clinic, int64_t id) const = 0;
  virtual Result<std::vector<StoredScreening>> ListScreenings(int64_t clinic,
                                                              int64_t patient_id) const = 0;
  // Every screening of the clinic not yet signed off, oldest first (a physician's work list).
  virtual Result<std::vector<StoredScreening>> ListUnsignedScreenings(int64_t clinic) const = 0;
  // kConflict if already signed off.
  virtual Status SignOffScreening(int64_t clinic, int64_t id, const std::string& by,
                                  const std::string& note, Timestamp at) = 0;
};

}  // namespace exo::store
