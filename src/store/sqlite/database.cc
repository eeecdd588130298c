#include "store/sqlite/database.h"

#include <cstdio>

#include "store/sqlite/internal/connection.h"
#include "store/sqlite/internal/files.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store::sqlite {

Database::Database(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}

Database::~Database() {
  for (auto& [sql, statements] : connection_->idle)
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  if (sqlite3_close(connection_->handle) != SQLITE_OK)  // a statement outlived its database
    std::fprintf(stderr, "exoclinic: closing the database failed: %s\n",
                 sqlite3_errmsg(connection_->handle));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  if (auto st = PrepareDataFile(path); !st) return st.error();
  sqlite3* handle = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);  // closing a failed open: nothing more to report
    return MakeError(ErrorCode::kUnavailable, "err.unavailable", {path + ": " + msg});
  }
  auto connection = std::make_unique<Connection>();
  connection->handle = handle;
  auto db = std::unique_ptr<Database>(new Database(std::move(connection)));
  if (sqlite3_busy_timeout(handle, 5000) != SQLITE_OK)
    return MakeError(ErrorCode::kUnavailable, "err.unavailable",
                     {path + ": " + sqlite3_errmsg(handle)});
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    if (auto st = ExecScript(*db, pragma); !st)
      return MakeError(ErrorCode::kUnavailable, "err.unavailable",
                       {path + ": " + sqlite3_errmsg(handle)});
  }
  return db;
}

namespace {

std::string SavepointName(int level) { return "exo_sp_" + std::to_string(level); }

}  // namespace

bool Database::InTransactionOnThisThread() const {
  const std::unique_lock lock(mu_, std::try_to_lock);
  return lock.owns_lock() && open_transactions_ > 0;
}

Transaction::Transaction(Database& db) : db_(db), lock_(db.Lock()) {
  level_ = db_.open_transactions_;
  sqlite3* handle = db_.connection().handle;
  if (level_ > 0 && sqlite3_get_autocommit(handle) != 0) {
    // SQLite rolled the enclosing transaction back by itself (after a disk or memory error);
    // a savepoint now would start and commit a transaction of its own.
    begun_ = Internal("the enclosing transaction was rolled back");
    return;
  }
  begun_ = Exec(db_, level_ == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + SavepointName(level_));
  if (begun_) ++db_.open_transactions_;
}

Transaction::~Transaction() {
  if (begun_ && !done_) Rollback();
}

Status Transaction::Commit() {
  EXO_CHECK(begun_ && !done_, "Commit() on a transaction that did not begin or has ended");
  auto st = Exec(db_, level_ == 0 ? "COMMIT" : "RELEASE " + SavepointName(level_));
  if (!st) return st;
  done_ = true;
  --db_.open_transactions_;
  return OkStatus();
}

void Transaction::Rollback() {
  done_ = true;
  --db_.open_transactions_;
  sqlite3* handle = db_.connection().handle;
  if (level_ == 0 && sqlite3_get_autocommit(handle) != 0) return;  // SQLite rolled back already
  const std::string sql =
      level_ == 0 ? "ROLLBACK"
                  : "ROLLBACK TO " + SavepointName(level_) + "; RELEASE " + SavepointName(level_);
  if (auto st = ExecScript(db_, sql); !st)
    std::fprintf(stderr, "exoclinic: rollback failed: %s\n", st.error().args[0].c_str());
}

}  // namespace exo::store::sqlite
