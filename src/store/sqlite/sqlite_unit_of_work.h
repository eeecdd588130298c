// The unit of work (store/unit_of_work.h) on the shared SQLite Database: one transaction that
// holds the connection's lock from begin to commit, so no other thread's statement runs inside
// it; nested units and the stores' own transactions become savepoints. A read (Read) holds no
// lock: it runs on the thread's reader connection.
#pragma once

#include "store/sqlite/database.h"
#include "store/unit_of_work.h"

namespace exo::store {

class SqliteUnitOfWork : public UnitOfWork {
 public:
  // `db` must outlive the unit of work.
  explicit SqliteUnitOfWork(sqlite::Database& db) : db_(db) {}

  Status Run(const std::function<Status()>& work) override;
  // One read transaction on the thread's reader connection (sqlite::ReadOnlyScope).
  Status Read(const std::function<Status()>& work) override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
