// Treatment sessions, follow-up tasks and lot traceability (TreatmentSessionStore) on the
// shared SQLite Database.
#pragma once

#include "store/session_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteTreatmentSessionStore : public TreatmentSessionStore {
 public:
  // `db` must outlive the store.
  explicit SqliteTreatmentSessionStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertTreatmentSession(const StoredSession& session,
                                         const std::vector<FollowUp>& followups) override;
  Result<StoredSession> FindTreatmentSession(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredSession>> ListPatientSessions(int64_t clinic,
                                                         int64_t patient_id) const override;
  Result<std::vector<TraceRow>> TraceLot(int64_t clinic, int64_t lot_id) const override;
  Status InsertFollowUps(const std::vector<FollowUp>& followups) override;
  Result<std::vector<FollowUp>> ListOpenFollowUps(int64_t clinic,
                                                  std::optional<Date> due_until) const override;
  Result<FollowUp> FindFollowUp(int64_t clinic, int64_t id) const override;
  Status CompleteFollowUp(int64_t clinic, int64_t id, Timestamp at) override;

 private:
  // Checks the lot is released with enough vials and takes them from its stock.
  Status TakeStock(const StoredSession& session);
  Status InsertFollowUpRows(const std::vector<FollowUp>& followups);  // inside a transaction

  sqlite::Database& db_;
};

}  // namespace exo::store
