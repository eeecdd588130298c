// Transition only (issue #12): one object that is every SQLite store at once, for the call
// sites that still pass the same object for each interface (src/cli/cli.cc and
// tests/server_fixture.h). New code uses SqliteStores and store::Stores; delete this file when
// those two call sites have moved.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite/sqlite_stores.h"

namespace exo::store {

namespace sqlite_transition {
// Owns the database; a base class so that it is built before the stores that use it.
struct DatabaseOwner {
  std::unique_ptr<sqlite::Database> db;
};
}  // namespace sqlite_transition

class SqliteStore final : private sqlite_transition::DatabaseOwner,
                          public SqliteLotStore,
                          public SqliteAuditLog,
                          public SqliteAccountStore,
                          public SqlitePatientStore,
                          public SqlitePlanStore,
                          public SqliteConsentStore,
                          public SqliteTreatmentSessionStore,
                          public SqliteSafetyStore,
                          public SqliteOutcomeStore,
                          public SqliteUnitOfWork {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  int SchemaVersion() const;
  Stores Refs() {
    return Stores{*this, *this, *this, *this, *this, *this, *this, *this,
                  *this, *this, *this, *this, *this, *this, *this, *this};
  }

 private:
  explicit SqliteStore(std::unique_ptr<sqlite::Database> db);
};

}  // namespace exo::store
