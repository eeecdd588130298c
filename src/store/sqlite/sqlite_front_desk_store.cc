#include "store/sqlite/sqlite_front_desk_store.h"

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSelectCheckIn =
    "SELECT id, clinic_id, patient_id, day, checked_in_at, checked_in_by, undone_at, undone_by "
    "FROM checkins WHERE clinic_id = ? AND ";

CheckIn ReadCheckIn(const Statement& s) {
  CheckIn c;
  c.id = s.Int(0);
  c.clinic_id = s.Int(1);
  c.patient_id = s.Int(2);
  c.day = Date::Parse(s.Text(3)).value_or(Date());
  c.checked_in_at.unix_seconds = s.Int(4);
  c.checked_in_by = s.Text(5);
  if (!s.IsNull(6)) c.undone_at = Timestamp{s.Int(6)};
  c.undone_by = s.Text(7);
  return c;
}

}  // namespace

Result<int64_t> SqliteFrontDeskStore::InsertCheckIn(const CheckIn& c) {
  auto id = sqlite::Insert(
      db_,
      "INSERT INTO checkins (clinic_id, patient_id, day, checked_in_at, "
      "checked_in_by) VALUES (?,?,?,?,?)",
      {c.clinic_id, c.patient_id, c.day.ToString(), c.checked_in_at.unix_seconds, c.checked_in_by});
  if (!id && sqlite::LastFailureWasUniqueViolation(db_)) return Conflict("err.already_checked_in");
  return id;
}

Result<CheckIn> SqliteFrontDeskStore::FindCheckIn(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(db_, std::string(kSelectCheckIn) + "id = ?", {clinic, id}, ReadCheckIn,
                          NotFound("check-in", std::to_string(id)));
}

Status SqliteFrontDeskStore::UndoCheckIn(int64_t clinic, int64_t id, Timestamp at,
                                         const std::string& by) {
  return sqlite::GuardedUpdate(db_,
                               "UPDATE checkins SET undone_at = ?, undone_by = ? "
                               "WHERE clinic_id = ? AND id = ? AND undone_at IS NULL",
                               {at.unix_seconds, by, clinic, id},
                               {"SELECT 1 FROM checkins WHERE clinic_id = ? AND id = ?",
                                {clinic, id},
                                NotFound("check-in", std::to_string(id)),
                                [](const Statement&) { return Conflict("err.check_in_undone"); }});
}

Result<std::vector<CheckIn>> SqliteFrontDeskStore::ListCheckIns(int64_t clinic, Date day) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectCheckIn) + "day = ? AND undone_at IS NULL ORDER BY checked_in_at, id",
      {clinic, day.ToString()}, ReadCheckIn);
}

}  // namespace exo::store
