#include "store/sqlite/sqlite_stores.h"

#include "store/sqlite/internal/schema.h"

namespace exo::store {

Result<std::unique_ptr<sqlite::Database>> SqliteStores::OpenDatabase(const std::string& path) {
  auto db = sqlite::Database::Open(path);
  if (!db) return db.error();
  if (auto st = sqlite::Migrate(**db); !st) return st.error();
  if (auto st = SqliteAuditLog(**db).ChainUnhashedEntries(); !st) return st.error();
  return db;
}

Result<std::unique_ptr<SqliteStores>> SqliteStores::Open(const std::string& path) {
  auto db = OpenDatabase(path);
  if (!db) return db.error();
  return std::unique_ptr<SqliteStores>(new SqliteStores(std::move(*db)));
}

SqliteStores::SqliteStores(std::unique_ptr<sqlite::Database> db)
    : db_(std::move(db)),
      lots_(*db_),
      audit_(*db_),
      accounts_(*db_),
      patients_(*db_),
      plans_(*db_),
      consents_(*db_),
      treatment_sessions_(*db_),
      safety_(*db_),
      outcomes_(*db_),
      front_desk_(*db_),
      unit_of_work_(*db_),
      maintenance_(*db_),
      audit_writer_(*db_) {}

Stores SqliteStores::Refs() {
  return Stores{lots_,         lots_,      audit_writer_,       audit_reader_, accounts_,
                accounts_,     accounts_,  accounts_,           patients_,     patients_,
                plans_,        consents_,  treatment_sessions_, safety_,       outcomes_,
                unit_of_work_, front_desk_};
}

int SqliteStores::SchemaVersion() const {
  const auto version = sqlite::SchemaVersion(*db_);
  return version ? *version : 0;
}

}  // namespace exo::store
