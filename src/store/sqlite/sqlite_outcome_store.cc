#include "store/sqlite/sqlite_outcome_store.h"

#include "store/sqlite/internal/lists.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSelectMeasurement =
    "SELECT m.id, m.clinic_id, m.patient_id, m.measure_id, m.value, m.measured_on, m.baseline, "
    "m.days_since_first, m.session_id, m.photo, m.note, m.detail_json, m.supersedes, "
    "m.correction_reason, m.source, m.recorded_by, m.recorded_at, "
    "(SELECT n.id FROM measurements n WHERE n.supersedes = m.id) FROM measurements m ";

StoredMeasurement ReadMeasurementRow(const Statement& s) {
  StoredMeasurement m;
  m.id = s.Int(0);
  m.clinic_id = s.Int(1);
  m.entry.patient_id = s.Int(2);
  m.entry.measure_id = s.Text(3);
  m.entry.value = s.Double(4);
  m.entry.measured_on = Date::Parse(s.Text(5)).value_or(Date());
  m.baseline = s.Int(6) != 0;
  m.entry.baseline = m.baseline;
  if (!s.IsNull(7)) m.days_since_first = static_cast<int>(s.Int(7));
  m.entry.session_id = s.OptionalInt(8);
  m.entry.photo = s.Text(9);
  m.entry.note = s.Text(10);
  m.entry.detail_json = s.Text(11);
  m.supersedes = s.OptionalInt(12);
  m.correction_reason = s.Text(13);
  m.source = s.Text(14);
  m.recorded_by = s.Text(15);
  m.recorded_at.unix_seconds = s.Int(16);
  m.superseded_by = s.OptionalInt(17);
  return m;
}

constexpr const char* kSelectPortalLink =
    "SELECT id, clinic_id, patient_id, token_hash, measures, expires_at, created_by, created_at, "
    "revoked_at FROM portal_links ";

PortalLink ReadPortalRow(const Statement& s) {
  PortalLink l;
  l.id = s.Int(0);
  l.clinic_id = s.Int(1);
  l.patient_id = s.Int(2);
  l.token_hash = s.Text(3);
  l.measures = sqlite::SplitList(s.Text(4));
  l.expires_at.unix_seconds = s.Int(5);
  l.created_by = s.Text(6);
  l.created_at.unix_seconds = s.Int(7);
  if (!s.IsNull(8)) l.revoked_at = Timestamp{s.Int(8)};
  return l;
}

}  // namespace

Status SqliteOutcomeStore::CheckMeasurement(const StoredMeasurement& m) const {
  if (m.supersedes) {
    // The newer version of the corrected one, if any (nullopt inside: not corrected yet).
    auto newer = sqlite::QueryOne(
        db_,
        "SELECT (SELECT n.id FROM measurements n WHERE n.supersedes = m.id) FROM measurements m "
        "WHERE m.id = ? AND m.clinic_id = ?",
        {*m.supersedes, m.clinic_id}, [](const Statement& s) { return s.OptionalInt(0); },
        NotFound("measurement", std::to_string(*m.supersedes)));
    if (!newer) return newer.error();
    if (*newer) return Conflict("err.already_corrected", {std::to_string(**newer)});
  }
  if (m.entry.session_id) {
    auto mine = sqlite::QueryOptional(
        db_, "SELECT 1 FROM treatment_sessions WHERE id = ? AND clinic_id = ? AND patient_id = ?",
        {*m.entry.session_id, m.clinic_id, m.entry.patient_id},
        [](const Statement&) { return true; });
    if (!mine) return mine.error();
    if (!*mine)
      return Invalid("/session_id", "err.session_other_patient",
                     {std::to_string(*m.entry.session_id)});
  }
  return OkStatus();
}

Result<int64_t> SqliteOutcomeStore::InsertMeasurement(const StoredMeasurement& m) {
  return sqlite::InTransaction(db_, [&]() -> Result<int64_t> {
    if (auto st = CheckMeasurement(m); !st) return st.error();
    auto id = sqlite::Insert(
        db_,
        "INSERT INTO measurements (clinic_id, patient_id, measure_id, value, measured_on, "
        "baseline, days_since_first, session_id, photo, note, detail_json, supersedes, "
        "correction_reason, source, recorded_by, recorded_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {m.clinic_id, m.entry.patient_id, m.entry.measure_id, m.entry.value,
         m.entry.measured_on.ToString(), m.baseline, m.days_since_first, m.entry.session_id,
         m.entry.photo, m.entry.note, m.entry.detail_json, m.supersedes, m.correction_reason,
         m.source, m.recorded_by, m.recorded_at.unix_seconds});
    // measurements_one_portal_answer: this link's questionnaire was answered meanwhile.
    if (!id && !m.supersedes && m.source.rfind("portal_link/", 0) == 0 &&
        sqlite::LastFailureWasUniqueViolation(db_))
      return Conflict("err.portal_already_answered", {m.entry.measure_id});
    return id;
  });
}

Result<StoredMeasurement> SqliteOutcomeStore::FindMeasurement(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(
      db_, std::string(kSelectMeasurement) + "WHERE m.id = ? AND m.clinic_id = ?", {id, clinic},
      ReadMeasurementRow, NotFound("measurement", std::to_string(id)));
}

Result<std::vector<StoredMeasurement>> SqliteOutcomeStore::ListPatientMeasurements(
    int64_t clinic, int64_t patient_id) const {
  return sqlite::QueryAll(db_,
                          std::string(kSelectMeasurement) +
                              "WHERE m.clinic_id = ? AND m.patient_id = ? "
                              "ORDER BY m.measured_on, m.id",
                          {clinic, patient_id}, ReadMeasurementRow);
}

Result<std::vector<StoredMeasurement>> SqliteOutcomeStore::ListCurrentMeasurements(
    int64_t clinic) const {
  return sqlite::QueryAll(db_,
                          std::string(kSelectMeasurement) +
                              "WHERE m.clinic_id = ? AND NOT EXISTS (SELECT 1 FROM measurements "
                              "n WHERE n.supersedes = m.id) "
                              "ORDER BY m.patient_id, m.measured_on, m.id",
                          {clinic}, ReadMeasurementRow);
}

Result<int64_t> SqliteOutcomeStore::InsertPortalLink(const PortalLink& l) {
  return sqlite::Insert(db_,
                        "INSERT INTO portal_links (clinic_id, patient_id, token_hash, measures, "
                        "expires_at, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                        {l.clinic_id, l.patient_id, l.token_hash, sqlite::JoinList(l.measures),
                         l.expires_at.unix_seconds, l.created_by, l.created_at.unix_seconds});
}

Result<std::optional<PortalLink>> SqliteOutcomeStore::FindPortalLink(
    const std::string& token_hash) const {
  return sqlite::QueryOptional(db_, std::string(kSelectPortalLink) + "WHERE token_hash = ?",
                               {token_hash}, ReadPortalRow);
}

Result<std::vector<PortalLink>> SqliteOutcomeStore::ListPortalLinks(int64_t clinic,
                                                                    int64_t patient_id) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectPortalLink) + "WHERE clinic_id = ? AND patient_id = ? ORDER BY id",
      {clinic, patient_id}, ReadPortalRow);
}

Status SqliteOutcomeStore::RevokePortalLink(int64_t clinic, int64_t id, Timestamp at) {
  return sqlite::ExecOne(
      db_,
      "UPDATE portal_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? "
      "AND clinic_id = ?",
      {at.unix_seconds, id, clinic}, NotFound("portal link", std::to_string(id)));
}

Result<std::string> SqliteOutcomeStore::DeidentificationSalt(const std::string& fresh) {
  auto lock = db_.Lock();
  if (auto st = sqlite::Exec(db_, "INSERT OR IGNORE INTO deidentification (id, salt) VALUES (1, ?)",
                             {fresh});
      !st)
    return st.error();
  return sqlite::QueryOne(
      db_, "SELECT salt FROM deidentification WHERE id = 1", {},
      [](const Statement& s) { return s.Text(0); }, Internal("deidentification salt"));
}

}  // namespace exo::store
