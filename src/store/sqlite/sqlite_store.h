// The lot register and audit log on an embedded SQLite file. Opening applies pending schema
// migrations in one transaction; WAL, foreign keys on, synchronous=FULL. One connection,
// guarded by a mutex: safe to share between the HTTP server's threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/consent_store.h"
#include "store/lot_store.h"
#include "store/outcome_store.h"
#include "store/patient_store.h"
#include "store/plan_store.h"
#include "store/safety_store.h"
#include "store/session_store.h"

struct sqlite3;

namespace exo::store {

class SqliteStore final : public LotReader,
                          public LotWriter,
                          public AuditWriter,
                          public AuditReader,
                          public UserStore,
                          public SessionStore,
                          public TokenStore,
                          public ClinicStore,
                          public PatientStore,
                          public ScreeningStore,
                          public PlanStore,
                          public ConsentStore,
                          public TreatmentSessionStore,
                          public SafetyStore,
                          public OutcomeStore {
 public:
  // Opens (creating if needed) the database file and migrates it to the current schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int SchemaVersion() const;

  Result<Lot> FindLot(ClinicId clinic, LotId id) const override;
  Result<std::vector<Lot>> ListLots(ClinicId clinic, const LotFilter& filter) const override;
  Result<Lot> FindLotByToken(const std::string& public_token) const override;
  Result<std::optional<LotId>> FindLotByNumber(ClinicId clinic, const std::string& manufacturer,
                                               const std::string& lot_number) const override;
  Result<LotId> InsertLot(const Lot& lot, const LotEvent& import_event) override;
  Status ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& event) override;

  Status Append(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const override;

  Result<int64_t> InsertUser(const User& user) override;
  Result<User> FindUserByName(const std::string& username) const override;
  Result<User> FindUser(int64_t id) const override;
  Result<std::vector<User>> ListUsers(std::optional<int64_t> clinic) const override;
  Result<int64_t> CountUsers() const override;
  Status UpdatePassword(int64_t user_id, const std::string& password_hash) override;
  Status SetDisabled(int64_t user_id, bool disabled) override;

  Status InsertSession(const Session& session) override;
  Result<std::optional<Session>> FindSession(const std::string& token_hash) const override;
  Status TouchSession(const std::string& token_hash, int64_t now) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteUserSessions(int64_t user_id) override;

  Result<int64_t> InsertToken(const ApiToken& token) override;
  Result<std::optional<ApiToken>> FindTokenByHash(const std::string& token_hash) const override;
  Result<ApiToken> FindToken(int64_t id) const override;
  Result<std::vector<ApiToken>> ListTokens(int64_t user_id) const override;
  Status RevokeToken(int64_t id, int64_t now) override;

  Result<int64_t> InsertClinic(const std::string& name) override;
  Result<std::vector<Clinic>> ListClinics() const override;

  Result<treatment::Patient> InsertPatient(const treatment::Patient& patient) override;
  Result<treatment::Patient> FindPatient(int64_t clinic, int64_t id) const override;
  Result<std::vector<treatment::Patient>> SearchPatients(int64_t clinic, const std::string& query,
                                                         int limit) const override;
  Result<int64_t> InsertScreening(const StoredScreening& screening) override;
  Result<StoredScreening> FindScreening(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredScreening>> ListScreenings(int64_t clinic,
                                                      int64_t patient_id) const override;
  Status SignOffScreening(int64_t clinic, int64_t id, const std::string& by,
                          const std::string& note, Timestamp at) override;

  Result<int64_t> InsertPlan(const StoredPlan& plan) override;
  Result<StoredPlan> FindPlan(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredPlan>> ListPlans(int64_t clinic, int64_t patient_id) const override;
  Result<std::vector<StoredPlan>> ListPlansByStatus(int64_t clinic,
                                                    const std::string& status) const override;
  Status ActivatePlan(int64_t clinic, int64_t id, const std::string& by, Timestamp at) override;

  Result<int64_t> InsertConsent(const StoredConsent& consent) override;
  Result<StoredConsent> FindConsent(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredConsent>> ListConsents(int64_t clinic, int64_t plan_id) const override;
  Status WithdrawConsent(int64_t clinic, int64_t id, const std::string& reason,
                         const std::string& by, Timestamp at) override;

  Result<int64_t> InsertSession(const StoredSession& session,
                                const std::vector<FollowUp>& followups) override;
  Result<StoredSession> FindSession(int64_t clinic, int64_t id) const override;

  Result<int64_t> InsertAdverseEvent(const StoredAdverseEvent& event) override;
  Result<std::vector<StoredAdverseEvent>> ListAlerts(int64_t clinic) const override;
  Result<std::vector<SignalCounts>> CountSignals(int64_t clinic) const override;
  Result<std::vector<StoredAdverseEvent>> ListPatientAdverseEvents(
      int64_t clinic, int64_t patient_id) const override;
  Result<std::vector<StoredSession>> ListPatientSessions(int64_t clinic,
                                                         int64_t patient_id) const override;
  Result<std::vector<TraceRow>> TraceLot(int64_t clinic, int64_t lot_id) const override;
  Status InsertFollowUps(const std::vector<FollowUp>& followups) override;
  Result<std::vector<FollowUp>> ListOpenFollowUps(int64_t clinic,
                                                  std::optional<Date> due_until) const override;
  Result<FollowUp> FindFollowUp(int64_t clinic, int64_t id) const override;
  Status CompleteFollowUp(int64_t clinic, int64_t id, Timestamp at) override;

  Result<int64_t> InsertMeasurement(const StoredMeasurement& m) override;
  Result<StoredMeasurement> FindMeasurement(int64_t clinic, int64_t id) const override;
  Result<std::vector<StoredMeasurement>> ListPatientMeasurements(int64_t clinic,
                                                                 int64_t patient_id) const override;
  Result<std::vector<StoredMeasurement>> ListCurrentMeasurements(int64_t clinic) const override;
  Result<int64_t> InsertPortalLink(const PortalLink& link) override;
  Result<std::optional<PortalLink>> FindPortalLink(const std::string& token_hash) const override;
  Result<std::vector<PortalLink>> ListPortalLinks(int64_t clinic,
                                                  int64_t patient_id) const override;
  Status RevokePortalLink(int64_t clinic, int64_t id, Timestamp at) override;
  Result<std::string> DeidentificationSalt(const std::string& fresh) override;

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  Status Migrate();
  Status InsertEvent(LotId id, const LotEvent& event);
  Status ChainUnhashedAudit();  // after migration 2: hash entries written before the chain
  Status InsertFollowUpsLocked(const std::vector<FollowUp>& followups);  // caller holds mu_
  Result<std::vector<StoredAdverseEvent>> QueryAdverseEvents(const std::string& where,
                                                             int64_t clinic, int64_t arg) const;

  sqlite3* db_;  // owned; guarded by mu_
  mutable std::mutex mu_;
};

}  // namespace exo::store
