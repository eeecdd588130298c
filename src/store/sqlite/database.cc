#include "store/sqlite/database.h"

#include <atomic>
#include <cstdio>

#include "store/sqlite/internal/connection.h"
#include "store/sqlite/internal/files.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store::sqlite {

namespace {

std::atomic<uint64_t> next_serial{1};

// The reader connections this thread opened, by their database's serial. A database that is
// gone leaves its entry behind (its serial is never used again); the list is kept short.
struct ThreadReaders {
  static constexpr size_t kMax = 8;
  std::vector<std::pair<uint64_t, Database::Connection*>> list;
};
thread_local ThreadReaders t_readers;

// How many ReadOnlyScopes are open on this thread.
thread_local int t_read_only_scopes = 0;

// Runs one of the few fixed statements that begin and end read transactions, prepared once
// per connection (kept with the connection's idle statements). False when SQLite refused it.
bool RunFixed(Database::Connection& c, const char* sql) {
  auto& idle = c.idle[sql];
  sqlite3_stmt* stmt = nullptr;
  if (!idle.empty()) {
    stmt = idle.back();
    idle.pop_back();
    --c.idle_count;
  } else if (sqlite3_prepare_v3(c.handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
             SQLITE_OK) {
    return false;
  }
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_reset(stmt);
  idle.push_back(stmt);
  ++c.idle_count;
  return ok;
}

void Close(Database::Connection& c) {
  for (auto& [sql, statements] : c.idle)
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  if (sqlite3_close(c.handle) != SQLITE_OK)  // a statement outlived its database
    std::fprintf(stderr, "exoclinic: closing the database failed: %s\n", sqlite3_errmsg(c.handle));
}

bool InMemory(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

}  // namespace

Database::Database(std::unique_ptr<Connection> connection, std::string path)
    : connection_(std::move(connection)),
      path_(InMemory(path) ? std::string() : std::move(path)),
      serial_(next_serial.fetch_add(1)) {}

Database::~Database() {
  for (auto& reader : readers_) Close(*reader);
  Close(*connection_);
}

bool Database::InReadOnlyScope() { return t_read_only_scopes > 0; }

Database::Connection* Database::ReaderForThisThread() const {
  if (path_.empty() || InTransactionOnThisThread()) return nullptr;
  for (const auto& [serial, reader] : t_readers.list)
    if (serial == serial_) return reader;
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path_.c_str(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK ||
      sqlite3_busy_timeout(handle, 5000) != SQLITE_OK) {
    sqlite3_close(handle);
    return nullptr;
  }
  auto reader = std::make_unique<Connection>();
  reader->handle = handle;
  Connection* raw = reader.get();
  {
    const std::lock_guard lock(readers_mu_);
    readers_.push_back(std::move(reader));
  }
  if (t_readers.list.size() >= ThreadReaders::kMax) t_readers.list.erase(t_readers.list.begin());
  t_readers.list.emplace_back(serial_, raw);
  return raw;
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
  auto db = std::unique_ptr<Database>(new Database(std::move(connection), path));
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

ReadSnapshot::ReadSnapshot(const Database& db) {
  Database::Connection* reader = db.ReaderForThisThread();
  if (reader == nullptr) {
    lock_ = db.Lock();
    return;
  }
  if (sqlite3_get_autocommit(reader->handle) == 0) return;  // an enclosing snapshot holds it
  // A failed BEGIN leaves each query its own moment, as without a snapshot; the queries report
  // any real trouble themselves.
  if (RunFixed(*reader, "BEGIN")) reader_ = reader;
}

ReadSnapshot::~ReadSnapshot() {
  if (reader_ != nullptr && sqlite3_get_autocommit(reader_->handle) == 0)
    RunFixed(*reader_, "COMMIT");
}

ReadOnlyScope::ReadOnlyScope(const Database& db) {
  ++t_read_only_scopes;
  Database::Connection* reader = db.ReaderForThisThread();
  if (reader == nullptr || sqlite3_get_autocommit(reader->handle) == 0) return;
  // As for ReadSnapshot, a failed BEGIN leaves each query its own moment.
  if (RunFixed(*reader, "BEGIN")) reader_ = reader;
}

ReadOnlyScope::~ReadOnlyScope() {
  if (reader_ != nullptr && sqlite3_get_autocommit(reader_->handle) == 0)
    RunFixed(*reader_, "COMMIT");
  --t_read_only_scopes;
}

Transaction::Transaction(Database& db) : db_(db), lock_(db.Lock()) {
  if (t_read_only_scopes > 0) {
    begun_ = Internal("a change inside a read-only scope (UnitOfWork::Read)");
    return;
  }
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
