#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/internal/schema.h"

namespace exo::store {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  auto db = SqliteStores::OpenDatabase(path);
  if (!db) return db.error();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db)));
}

SqliteStore::SqliteStore(std::unique_ptr<sqlite::Database> owned)
    : DatabaseOwner{std::move(owned)},
      SqliteLotStore(*db),
      SqliteAuditLog(*db),
      SqliteAccountStore(*db),
      SqlitePatientStore(*db),
      SqlitePlanStore(*db),
      SqliteConsentStore(*db),
      SqliteTreatmentSessionStore(*db),
      SqliteSafetyStore(*db),
      SqliteOutcomeStore(*db),
      SqliteUnitOfWork(*db) {}

int SqliteStore::SchemaVersion() const {
  const auto version = sqlite::SchemaVersion(*db);
  return version ? *version : 0;
}

}  // namespace exo::store
