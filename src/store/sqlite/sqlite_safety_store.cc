#include "store/sqlite/sqlite_safety_store.h"

#include <algorithm>
#include <string>

#include "store/sqlite/internal/lists.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSelectAdverseEvent =
    "SELECT id, patient_id, onset_date, description, term, term_coded, ctcae_grade, serious, "
    "seriousness_criteria, causality, action_taken, outcome, recorded_by, recorded_at, clinic_id, "
    "(SELECT group_concat(x.session_id, ',') FROM adverse_event_sessions x "
    "WHERE x.ae_id = adverse_events.id) "
    "FROM adverse_events WHERE clinic_id = ? AND ";

// "3,1,2" (the linked sessions as SQLite's group_concat gives them) in ascending order.
std::vector<int64_t> SessionIds(const std::string& joined) {
  std::vector<int64_t> ids;
  for (size_t start = 0; start < joined.size();) {
    const size_t end = std::min(joined.find(',', start), joined.size());
    ids.push_back(std::stoll(joined.substr(start, end - start)));
    start = end + 1;
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

StoredAdverseEvent ReadAdverseEventRow(const Statement& s) {
  StoredAdverseEvent a;
  auto& e = a.event;
  e.id = s.Int(0);
  e.patient_id = s.Int(1);
  e.onset_date = Date::Parse(s.Text(2)).value_or(Date());
  e.description = s.Text(3);
  e.term = s.Text(4);
  e.term_coded = s.Int(5) != 0;
  e.ctcae_grade = static_cast<int>(s.Int(6));
  e.serious = s.Int(7) != 0;
  e.seriousness_criteria = sqlite::SplitList(s.Text(8));
  e.causality = s.Text(9);
  e.action_taken = s.Text(10);
  e.outcome = s.Text(11);
  a.recorded_by = s.Text(12);
  a.recorded_at.unix_seconds = s.Int(13);
  a.clinic_id = s.Int(14);
  e.session_ids = SessionIds(s.Text(15));
  return a;
}

}  // namespace

Result<int64_t> SqliteSafetyStore::InsertAdverseEvent(const StoredAdverseEvent& a) {
  const auto& e = a.event;
  return sqlite::InTransaction(db_, [&]() -> Result<int64_t> {
    auto id = sqlite::Insert(
        db_,
        "INSERT INTO adverse_events (clinic_id, patient_id, onset_date, description, term, "
        "term_coded, ctcae_grade, serious, seriousness_criteria, causality, action_taken, "
        "outcome, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {a.clinic_id, e.patient_id, e.onset_date.ToString(), e.description, e.term, e.term_coded,
         e.ctcae_grade, e.serious, sqlite::JoinList(e.seriousness_criteria), e.causality,
         e.action_taken, e.outcome, a.recorded_by, a.recorded_at.unix_seconds});
    if (!id) return id.error();
    for (const int64_t session : e.session_ids) {
      auto mine = sqlite::QueryOptional(
          db_, "SELECT 1 FROM treatment_sessions WHERE id = ? AND clinic_id = ? AND patient_id = ?",
          {session, a.clinic_id, e.patient_id}, [](const Statement&) { return true; });
      if (!mine) return mine.error();
      if (!*mine)
        return Invalid("/session_ids", "err.not_found", {"session", std::to_string(session)});
      if (auto st = sqlite::Exec(
              db_, "INSERT OR IGNORE INTO adverse_event_sessions (ae_id, session_id) VALUES (?,?)",
              {*id, session});
          !st)
        return st.error();
    }
    return id;
  });
}

Result<std::vector<StoredAdverseEvent>> SqliteSafetyStore::ListAlerts(int64_t clinic) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectAdverseEvent) + "(serious = 1 OR ctcae_grade >= 3) ORDER BY id DESC",
      {clinic}, ReadAdverseEventRow);
}

Result<std::vector<StoredAdverseEvent>> SqliteSafetyStore::ListPatientAdverseEvents(
    int64_t clinic, int64_t patient_id) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectAdverseEvent) + "patient_id = ? ORDER BY onset_date, id",
      {clinic, patient_id}, ReadAdverseEventRow);
}

Result<std::vector<SignalCounts>> SqliteSafetyStore::CountSignals(int64_t clinic) const {
  return sqlite::QueryAll(
      db_,
      "SELECT s.lot_id, l.lot_number, s.route, COUNT(*), COUNT(DISTINCT a.ae_id) "
      "FROM treatment_sessions s JOIN lots l ON l.id = s.lot_id "
      "LEFT JOIN adverse_event_sessions a ON a.session_id = s.id "
      "WHERE s.clinic_id = ? GROUP BY s.lot_id, s.route ORDER BY s.lot_id, s.route",
      {clinic}, [](const Statement& s) {
        return SignalCounts{s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)};
      });
}

}  // namespace exo::store
