#include "store/sqlite/sqlite_treatment_session_store.h"

#include <utility>

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSessionColumns =
    "s.id, s.clinic_id, s.patient_id, s.plan_id, s.lot_id, s.performed_at, s.operator, s.route, "
    "s.sites, s.dose_particles, s.volume_ml, s.vials_used, s.vitals_json, s.reactions, s.notes, "
    "s.recorded_by, s.recorded_at, s.interval_override_reason";

StoredSession ReadSessionRow(const Statement& s) {
  StoredSession r;
  r.id = s.Int(0);
  r.clinic_id = s.Int(1);
  r.patient_id = s.Int(2);
  r.plan_id = s.Int(3);
  r.lot_id = s.Int(4);
  r.performed_at.unix_seconds = s.Int(5);
  r.operator_name = s.Text(6);
  r.route = s.Text(7);
  r.sites = s.Text(8);
  r.dose_particles = s.Double(9);
  r.volume_ml = s.Double(10);
  r.vials_used = static_cast<int>(s.Int(11));
  r.vitals_json = s.Text(12);
  r.reactions = s.Text(13);
  r.notes = s.Text(14);
  r.recorded_by = s.Text(15);
  r.recorded_at.unix_seconds = s.Int(16);
  r.interval_override_reason = s.Text(17);
  return r;
}

TraceRow ReadTraceRow(const Statement& s) {
  TraceRow t;
  t.session = ReadSessionRow(s);
  t.patient_number = s.Text(18);
  t.name_kanji = s.Text(19);
  t.name_kana = s.Text(20);
  t.phone = s.Text(21);
  t.email = s.Text(22);
  return t;
}

constexpr const char* kFollowUpColumns =
    "id, clinic_id, patient_id, session_id, lot_id, due_on, kind, note, done_at, days_after";

FollowUp ReadFollowUpRow(const Statement& s) {
  FollowUp f;
  f.id = s.Int(0);
  f.clinic_id = s.Int(1);
  f.patient_id = s.Int(2);
  f.session_id = s.OptionalInt(3);
  f.lot_id = s.OptionalInt(4);
  f.due_on = Date::Parse(s.Text(5)).value_or(Date());
  f.kind = ParseFollowUpKind(s.Text(6)).value_or(FollowUpKind::kAftercare);
  f.note = s.Text(7);
  if (!s.IsNull(8)) f.done_at = Timestamp{s.Int(8)};
  if (!s.IsNull(9)) f.days_after = static_cast<int>(s.Int(9));
  return f;
}

// The lot's state and stock (nullopt: not counted).
struct LotStock {
  std::string state;
  std::optional<int64_t> vials;
};

}  // namespace

Status SqliteTreatmentSessionStore::InsertFollowUpRows(const std::vector<FollowUp>& followups) {
  for (const auto& f : followups) {
    if (auto st =
            sqlite::Exec(db_,
                         "INSERT INTO followups (clinic_id, patient_id, session_id, lot_id, "
                         "due_on, kind, note, days_after) VALUES (?,?,?,?,?,?,?,?)",
                         {f.clinic_id, f.patient_id, f.session_id, f.lot_id, f.due_on.ToString(),
                          std::string(FollowUpKindName(f.kind)), f.note, f.days_after});
        !st)
      return st;
  }
  return OkStatus();
}

Status SqliteTreatmentSessionStore::TakeStock(const StoredSession& r) {
  auto lot = sqlite::QueryOne(
      db_, "SELECT state, vials_in_stock FROM lots WHERE id = ? AND clinic_id = ?",
      {r.lot_id, r.clinic_id},
      [](const Statement& s) {
        return LotStock{s.Text(0), s.OptionalInt(1)};
      },
      NotFound("lot", std::to_string(r.lot_id)));
  if (!lot) return lot.error();
  if (lot->state != "released")
    return Conflict("err.lot_unusable", {std::to_string(r.lot_id), r.route, lot->state});
  if (lot->vials && *lot->vials < r.vials_used)
    return Conflict("err.stock_empty", {std::to_string(r.lot_id), std::to_string(*lot->vials),
                                        std::to_string(r.vials_used)});
  return sqlite::Exec(db_,
                      "UPDATE lots SET vials_in_stock = vials_in_stock - ? WHERE id = ? AND "
                      "clinic_id = ? AND vials_in_stock IS NOT NULL",
                      {r.vials_used, r.lot_id, r.clinic_id});
}

Result<int64_t> SqliteTreatmentSessionStore::InsertTreatmentSession(
    const StoredSession& r, const std::vector<FollowUp>& followups) {
  return sqlite::InTransaction(db_, [&]() -> Result<int64_t> {
    if (auto st = TakeStock(r); !st) return st.error();
    auto id = sqlite::Insert(
        db_,
        "INSERT INTO treatment_sessions (clinic_id, patient_id, plan_id, lot_id, performed_at, "
        "operator, route, sites, dose_particles, volume_ml, vials_used, vitals_json, reactions, "
        "notes, recorded_by, recorded_at, interval_override_reason) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {r.clinic_id, r.patient_id, r.plan_id, r.lot_id, r.performed_at.unix_seconds,
         r.operator_name, r.route, r.sites, r.dose_particles, r.volume_ml, r.vials_used,
         r.vitals_json, r.reactions, r.notes, r.recorded_by, r.recorded_at.unix_seconds,
         r.interval_override_reason});
    if (!id) return id.error();
    std::vector<FollowUp> with_session = followups;
    for (auto& f : with_session) f.session_id = *id;
    if (auto st = InsertFollowUpRows(with_session); !st) return st.error();
    return id;
  });
}

Result<StoredSession> SqliteTreatmentSessionStore::FindTreatmentSession(int64_t clinic,
                                                                        int64_t id) const {
  return sqlite::QueryOne(db_,
                          std::string("SELECT ") + kSessionColumns +
                              " FROM treatment_sessions s WHERE s.id = ? AND s.clinic_id = ?",
                          {id, clinic}, ReadSessionRow, NotFound("session", std::to_string(id)));
}

Result<std::vector<StoredSession>> SqliteTreatmentSessionStore::ListPatientSessions(
    int64_t clinic, int64_t patient_id) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kSessionColumns +
                              " FROM treatment_sessions s WHERE s.clinic_id = ? AND "
                              "s.patient_id = ? ORDER BY s.performed_at, s.id",
                          {clinic, patient_id}, ReadSessionRow);
}

Result<std::vector<TraceRow>> SqliteTreatmentSessionStore::TraceLot(int64_t clinic,
                                                                    int64_t lot_id) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kSessionColumns +
                              ", p.patient_number, p.name_kanji, p.name_kana, p.phone, p.email "
                              "FROM treatment_sessions s JOIN patients p ON p.id = s.patient_id "
                              "WHERE s.lot_id = ? AND s.clinic_id = ? ORDER BY s.id",
                          {lot_id, clinic}, ReadTraceRow);
}

Status SqliteTreatmentSessionStore::InsertFollowUps(const std::vector<FollowUp>& followups) {
  return sqlite::InTransaction(db_, [&] { return InsertFollowUpRows(followups); });
}

Result<std::vector<FollowUp>> SqliteTreatmentSessionStore::ListOpenFollowUps(
    int64_t clinic, std::optional<Date> due_until) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kFollowUpColumns +
                              " FROM followups WHERE clinic_id = ?1 AND done_at IS NULL AND "
                              "(?2 = '' OR due_on <= ?2) ORDER BY due_on, id",
                          {clinic, due_until ? due_until->ToString() : std::string()},
                          ReadFollowUpRow);
}

Result<FollowUp> SqliteTreatmentSessionStore::FindFollowUp(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(
      db_,
      std::string("SELECT ") + kFollowUpColumns + " FROM followups WHERE clinic_id = ? AND id = ?",
      {clinic, id}, ReadFollowUpRow, NotFound("follow-up", std::to_string(id)));
}

Status SqliteTreatmentSessionStore::CompleteFollowUp(int64_t clinic, int64_t id, Timestamp at) {
  return sqlite::GuardedUpdate(
      db_, "UPDATE followups SET done_at = ? WHERE clinic_id = ? AND id = ? AND done_at IS NULL",
      {at.unix_seconds, clinic, id},
      {"SELECT 1 FROM followups WHERE clinic_id = ? AND id = ?",
       {clinic, id},
       NotFound("follow-up", std::to_string(id)),
       [id](const Statement&) { return Conflict("err.followup_done", {std::to_string(id)}); }});
}

}  // namespace exo::store
