#include "store/sqlite/sqlite_consent_store.h"

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSelectConsent =
    "SELECT id, clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name, "
    "has_signature_image, signed_at, recorded_by, withdrawn_at, withdrawn_reason, withdrawn_by, "
    "signer_relationship FROM consents ";

StoredConsent ReadConsentRow(const Statement& s) {
  StoredConsent c;
  c.id = s.Int(0);
  c.clinic_id = s.Int(1);
  c.plan_id = s.Int(2);
  c.patient_id = s.Int(3);
  c.lang = s.Text(4);
  c.pdf = s.Blob(5);
  c.sha256 = s.Text(6);
  c.typed_name = s.Text(7);
  c.has_signature_image = s.Int(8) != 0;
  c.signed_at.unix_seconds = s.Int(9);
  c.recorded_by = s.Text(10);
  if (!s.IsNull(11)) c.withdrawn_at = Timestamp{s.Int(11)};
  c.withdrawn_reason = s.Text(12);
  c.withdrawn_by = s.Text(13);
  c.signer_relationship = s.Text(14);
  return c;
}

}  // namespace

Result<int64_t> SqliteConsentStore::InsertConsent(const StoredConsent& c) {
  return sqlite::Insert(
      db_,
      "INSERT INTO consents (clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name, "
      "has_signature_image, signed_at, recorded_by, signer_relationship) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      {c.clinic_id, c.plan_id, c.patient_id, c.lang, sqlite::Param::Blob(c.pdf), c.sha256,
       c.typed_name, c.has_signature_image, c.signed_at.unix_seconds, c.recorded_by,
       c.signer_relationship});
}

Result<StoredConsent> SqliteConsentStore::FindConsent(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(db_, std::string(kSelectConsent) + "WHERE id = ? AND clinic_id = ?",
                          {id, clinic}, ReadConsentRow, NotFound("consent", std::to_string(id)));
}

Result<std::vector<StoredConsent>> SqliteConsentStore::ListConsents(int64_t clinic,
                                                                    int64_t plan_id) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectConsent) + "WHERE clinic_id = ? AND plan_id = ? ORDER BY id DESC",
      {clinic, plan_id}, ReadConsentRow);
}

Status SqliteConsentStore::WithdrawConsent(int64_t clinic, int64_t id, const std::string& reason,
                                           const std::string& by, Timestamp at) {
  return sqlite::GuardedUpdate(
      db_,
      "UPDATE consents SET withdrawn_at = ?, withdrawn_reason = ?, withdrawn_by = ? "
      "WHERE id = ? AND clinic_id = ? AND withdrawn_at IS NULL",
      {at.unix_seconds, reason, by, id, clinic},
      {"SELECT 1 FROM consents WHERE id = ? AND clinic_id = ?",
       {id, clinic},
       NotFound("consent", std::to_string(id)),
       [](const Statement&) { return Conflict("err.consent_withdrawn"); }});
}

}  // namespace exo::store
