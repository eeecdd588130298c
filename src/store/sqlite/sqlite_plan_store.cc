#include "store/sqlite/sqlite_plan_store.h"

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kSelectPlan =
    "SELECT id, clinic_id, patient_id, lot_id, request_json, status, created_at, created_by, "
    "activated_at, activated_by, activation_override FROM plans ";

StoredPlan ReadPlanRow(const Statement& s) {
  StoredPlan p;
  p.id = s.Int(0);
  p.clinic_id = s.Int(1);
  p.patient_id = s.Int(2);
  p.lot_id = s.Int(3);
  p.request_json = s.Text(4);
  // The schema allows only the table's names; anything else reads as cancelled (never usable).
  p.status = store::ParsePlanStatus(s.Text(5)).value_or(PlanStatus::kCancelled);
  p.created_at.unix_seconds = s.Int(6);
  p.created_by = s.Text(7);
  if (!s.IsNull(8)) p.activated_at = Timestamp{s.Int(8)};
  p.activated_by = s.Text(9);
  p.activation_override = s.Text(10);
  return p;
}

}  // namespace

Result<int64_t> SqlitePlanStore::InsertPlan(const StoredPlan& p) {
  return sqlite::Insert(
      db_,
      "INSERT INTO plans (clinic_id, patient_id, lot_id, request_json, status, "
      "created_at, created_by) VALUES (?,?,?,?,?,?,?)",
      {p.clinic_id, p.patient_id, p.lot_id, p.request_json, std::string(PlanStatusName(p.status)),
       p.created_at.unix_seconds, p.created_by});
}

Result<StoredPlan> SqlitePlanStore::FindPlan(int64_t clinic, int64_t id) const {
  return sqlite::QueryOne(db_, std::string(kSelectPlan) + "WHERE id = ? AND clinic_id = ?",
                          {id, clinic}, ReadPlanRow, NotFound("plan", std::to_string(id)));
}

Result<std::vector<StoredPlan>> SqlitePlanStore::ListPlans(int64_t clinic,
                                                           int64_t patient_id) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectPlan) + "WHERE clinic_id = ? AND patient_id = ? ORDER BY id DESC",
      {clinic, patient_id}, ReadPlanRow);
}

Result<std::vector<StoredPlan>> SqlitePlanStore::ListPlansByStatus(int64_t clinic,
                                                                   PlanStatus status) const {
  return sqlite::QueryAll(
      db_, std::string(kSelectPlan) + "WHERE clinic_id = ? AND status = ? ORDER BY id",
      {clinic, std::string(PlanStatusName(status))}, ReadPlanRow);
}

Status SqlitePlanStore::ActivatePlan(int64_t clinic, int64_t id, const std::string& by,
                                     Timestamp at, const std::string& override_reason) {
  return sqlite::GuardedUpdate(
      db_,
      "UPDATE plans SET status = 'active', activated_at = ?, activated_by = ?, "
      "activation_override = ? WHERE id = ? AND clinic_id = ? AND status = 'draft'",
      {at.unix_seconds, by, override_reason, id, clinic},
      {"SELECT status FROM plans WHERE id = ? AND clinic_id = ?",
       {id, clinic},
       NotFound("plan", std::to_string(id)),
       [](const Statement& current) { return Conflict("err.plan_not_draft", {current.Text(0)}); }});
}

}  // namespace exo::store
