// Patients and their screenings (PatientStore, ScreeningStore) on the shared SQLite Database.
#pragma once

#include "store/patient_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqlitePatientStore : public PatientStore, public ScreeningStore {
 public:
  // `db` must outlive the store.
  explicit SqlitePatientStore(sqlite::Database& db) : db_(db) {}

  Result<treatment::Patient> InsertPatient(const treatment::Patient& patient) override;
  Result<treatment::Patient> FindPatient(int64_t clinic, int64_t id) const override;
  Result<std::vector<treatment::Patient>> SearchPatients(int64_t clinic, const std::string& query,
                                                         int limit) const override;
  Result<std::vector<treatment::Patient>> FindPatientsBornOn(int64_t clinic,
                                                             Date day) const override;
  Result<bool> HoldsSyntheticPatients(int64_t clinic) const override;

  Result<int64_t> InsertScreening(const StoredScreening& screening) override;
  Result<StoredScreening> FindScreening(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredScreening>> ListScreenings(int64_t clinic,
                                                      int64_t patient_id) const override;
  Result<std::vector<StoredScreening>> ListUnsignedScreenings(int64_t clinic) const override;
  Status SignOffScreening(int64_t clinic, int64_t id, const std::string& by,
                          const std::string& note, Timestamp at) override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
