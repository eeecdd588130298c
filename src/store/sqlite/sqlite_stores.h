// Every store on one SQLite file: owns the Database and one object per store interface, and
// hands them out as store::Stores. The one place wiring code (main.cc, test fixtures) names
// the SQLite store. Safe to share between threads (see database.h).
#pragma once

#include <memory>
#include <string>

#include "store/sqlite/database.h"
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/sqlite_audit_log.h"
#include "store/sqlite/sqlite_consent_store.h"
#include "store/sqlite/sqlite_front_desk_store.h"
#include "store/sqlite/sqlite_group_audit_log.h"
#include "store/sqlite/sqlite_lot_store.h"
#include "store/sqlite/sqlite_maintenance.h"
#include "store/sqlite/sqlite_outcome_store.h"
#include "store/sqlite/sqlite_patient_store.h"
#include "store/sqlite/sqlite_plan_store.h"
#include "store/sqlite/sqlite_safety_store.h"
#include "store/sqlite/sqlite_treatment_session_store.h"
#include "store/sqlite/sqlite_unit_of_work.h"
#include "store/stores.h"

namespace exo::store {

class SqliteStores {
 public:
  // Opens (creating if needed) the file and migrates it to the current schema; kUnavailable
  // when it cannot be opened or was written by a newer program.
  static Result<std::unique_ptr<SqliteStores>> Open(const std::string& path);
  // The same, for code that builds its own store objects on the database.
  static Result<std::unique_ptr<sqlite::Database>> OpenDatabase(const std::string& path);

  SqliteStores(const SqliteStores&) = delete;
  SqliteStores& operator=(const SqliteStores&) = delete;

  // References into this object; valid while it lives.
  Stores Refs();
  int SchemaVersion() const;
  // Integrity checks, backup and restore of the whole database (`exoclinic backup` ...).
  Maintenance& maintenance() { return maintenance_; }

 private:
  explicit SqliteStores(std::unique_ptr<sqlite::Database> db);

  std::unique_ptr<sqlite::Database> db_;
  SqliteLotStore lots_;
  SqliteAuditLog audit_;
  SqliteAccountStore accounts_;
  SqlitePatientStore patients_;
  SqlitePlanStore plans_;
  SqliteConsentStore consents_;
  SqliteTreatmentSessionStore treatment_sessions_;
  SqliteSafetyStore safety_;
  SqliteOutcomeStore outcomes_;
  SqliteFrontDeskStore front_desk_;
  SqliteUnitOfWork unit_of_work_;
  SqliteMaintenance maintenance_;
  SqliteGroupAuditLog audit_writer_;  // stops its writer before the stores above go
  AuditReaderAfterWriter audit_reader_{audit_, audit_writer_};
};

}  // namespace exo::store
