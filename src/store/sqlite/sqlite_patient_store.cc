#include "store/sqlite/sqlite_patient_store.h"

#include <cstdio>

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kPatientColumns =
    "id, clinic_id, patient_number, name_kanji, name_kana, birth_date, sex, phone, email, "
    "address, weight_kg, created_at, synthetic";

treatment::Patient ReadPatientRow(const Statement& s) {
  treatment::Patient p;
  p.id = s.Int(0);
  p.clinic_id = s.Int(1);
  p.patient_number = s.Text(2);
  p.name_kanji = s.Text(3);
  p.name_kana = s.Text(4);
  p.birth_date = Date::Parse(s.Text(5)).value_or(Date());
  p.sex = s.Text(6);
  p.phone = s.Text(7);
  p.email = s.Text(8);
  p.address = s.Text(9);
  if (!s.IsNull(10)) p.weight_kg = s.Double(10);
  p.created_at.unix_seconds = s.Int(11);
  p.synthetic = s.Int(12) != 0;
  return p;
}

constexpr const char* kScreeningColumns =
    "id, clinic_id, patient_id, intake_json, result_json, contraindicated, contraindicated_routes, "
    "created_at, created_by, signed_off_at, signed_off_by, sign_off_note";

StoredScreening ReadScreeningRow(const Statement& s) {
  StoredScreening r;
  r.id = s.Int(0);
  r.clinic_id = s.Int(1);
  r.patient_id = s.Int(2);
  r.intake_json = s.Text(3);
  r.result_json = s.Text(4);
  r.contraindicated = static_cast<int>(s.Int(5));
  r.contraindicated_routes = s.Text(6);
  r.created_at.unix_seconds = s.Int(7);
  r.created_by = s.Text(8);
  if (!s.IsNull(9)) r.signed_off_at = Timestamp{s.Int(9)};
  r.signed_off_by = s.Text(10);
  r.sign_off_note = s.Text(11);
  return r;
}

// "P000042": one past the clinic's highest P-number. The highest six-digit one is found through
// the (clinic_id, patient_number) index, from the top down; reading every number instead made
// each registration cost O(patients) (3.5 ms at 20,000, the write slow-down under load). Numbers
// of another length ("P12") are not counted: they cannot collide with six-digit ones. From
// P999999 on, numbers have seven digits and the whole list is read.
Result<std::string> NextPatientNumber(const sqlite::Database& db, int64_t clinic) {
  const auto number_of = [](const Statement& s) { return s.Int(0); };
  auto highest = sqlite::QueryOptional(
      db,
      "SELECT CAST(SUBSTR(patient_number, 2) AS INTEGER) FROM patients WHERE clinic_id = ? AND "
      "patient_number GLOB 'P[0-9][0-9][0-9][0-9][0-9][0-9]' ORDER BY patient_number DESC LIMIT 1",
      {clinic}, number_of);
  if (!highest) return highest.error();
  int64_t next = highest->value_or(0) + 1;
  if (next > 999'999) {
    auto any = sqlite::QueryOne(
        db,
        "SELECT COALESCE(MAX(CAST(SUBSTR(patient_number, 2) AS INTEGER)), 0) + 1 FROM patients "
        "WHERE clinic_id = ? AND patient_number GLOB 'P[0-9]*'",
        {clinic}, number_of, Internal("patient number"));
    if (!any) return any.error();
    next = *any;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "P%06lld", static_cast<long long>(next));
  return std::string(buf);
}

}  // namespace

Result<treatment::Patient> SqlitePatientStore::InsertPatient(const treatment::Patient& patient) {
  return sqlite::InTransaction(db_, [&]() -> Result<treatment::Patient> {
    treatment::Patient p = patient;
    if (p.patient_number.empty()) {
      auto number = NextPatientNumber(db_, p.clinic_id);
      if (!number) return number.error();
      p.patient_number = std::move(*number);
    } else {
      auto taken = sqlite::QueryOptional(
          db_, "SELECT 1 FROM patients WHERE clinic_id = ? AND patient_number = ?",
          {p.clinic_id, p.patient_number}, [](const Statement&) { return true; });
      if (!taken) return taken.error();
      if (*taken) return Conflict("err.patient_number_taken", {p.patient_number});
    }
    auto id = sqlite::Insert(
        db_,
        "INSERT INTO patients (clinic_id, patient_number, name_kanji, name_kana, birth_date, sex, "
        "phone, email, address, weight_kg, created_at, synthetic) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        {p.clinic_id, p.patient_number, p.name_kanji, p.name_kana, p.birth_date.ToString(), p.sex,
         p.phone, p.email, p.address, p.weight_kg, p.created_at.unix_seconds,
         int64_t{p.synthetic ? 1 : 0}});
    if (!id) return id.error();
    p.id = *id;
    return p;
  });
}

Result<treatment::Patient> SqlitePatientStore::FindPatient(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(
      db_,
      std::string("SELECT ") + kPatientColumns + " FROM patients WHERE id = ? AND clinic_id = ?",
      {id, clinic}, ReadPatientRow, NotFound("patient", std::to_string(id)));
}

Result<std::vector<treatment::Patient>> SqlitePatientStore::SearchPatients(int64_t clinic,
                                                                           const std::string& query,
                                                                           int limit) const {
  return sqlite::QueryAll(
      db_,
      std::string("SELECT ") + kPatientColumns +
          " FROM patients WHERE clinic_id = ?1 AND (?2 = '' OR instr(name_kanji, ?2) > 0 "
          "OR instr(name_kana, ?2) > 0 OR instr(patient_number, ?2) > 0) "
          "ORDER BY id DESC LIMIT ?3",
      {clinic, query, limit}, ReadPatientRow);
}

Result<std::vector<treatment::Patient>> SqlitePatientStore::FindPatientsBornOn(int64_t clinic,
                                                                               Date day) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kPatientColumns +
                              " FROM patients WHERE clinic_id = ? AND birth_date = ? ORDER BY id",
                          {clinic, day.ToString()}, ReadPatientRow);
}

Result<bool> SqlitePatientStore::HoldsSyntheticPatients(int64_t clinic) const {
  auto found = sqlite::QueryOptional(
      db_, "SELECT 1 FROM patients WHERE clinic_id = ? AND synthetic = 1 LIMIT 1", {clinic},
      [](const Statement&) { return true; });
  if (!found) return found.error();
  return found->has_value();
}

Result<int64_t> SqlitePatientStore::InsertScreening(const StoredScreening& r) {
  return sqlite::Insert(
      db_,
      "INSERT INTO screenings (clinic_id, patient_id, intake_json, result_json, contraindicated, "
      "contraindicated_routes, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)",
      {r.clinic_id, r.patient_id, r.intake_json, r.result_json, r.contraindicated,
       r.contraindicated_routes, r.created_at.unix_seconds, r.created_by});
}

Result<StoredScreening> SqlitePatientStore::FindScreening(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(db_,
                          std::string("SELECT ") + kScreeningColumns +
                              " FROM screenings WHERE id = ? AND clinic_id = ?",
                          {id, clinic}, ReadScreeningRow,
                          NotFound("screening", std::to_string(id)));
}

Result<std::vector<StoredScreening>> SqlitePatientStore::ListScreenings(int64_t clinic,
                                                                        int64_t patient_id) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kScreeningColumns +
                              " FROM screenings WHERE clinic_id = ? AND patient_id = ? "
                              "ORDER BY id DESC",
                          {clinic, patient_id}, ReadScreeningRow);
}

Result<std::vector<StoredScreening>> SqlitePatientStore::ListUnsignedScreenings(
    int64_t clinic) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kScreeningColumns +
                              " FROM screenings WHERE clinic_id = ? AND signed_off_at IS NULL "
                              "ORDER BY id",
                          {clinic}, ReadScreeningRow);
}

Status SqlitePatientStore::SignOffScreening(int64_t clinic, int64_t id, const std::string& by,
                                            const std::string& note, Timestamp at) {
  return sqlite::GuardedUpdate(
      db_,
      "UPDATE screenings SET signed_off_at = ?, signed_off_by = ?, sign_off_note = ? "
      "WHERE id = ? AND clinic_id = ? AND signed_off_at IS NULL",
      {at.unix_seconds, by, note, id, clinic},
      {"SELECT 1 FROM screenings WHERE id = ? AND clinic_id = ?",
       {id, clinic},
       NotFound("screening", std::to_string(id)),
       [](const Statement&) { return Conflict("err.already_signed"); }});
}

}  // namespace exo::store
