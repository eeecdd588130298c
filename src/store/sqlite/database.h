// One SQLite connection shared by every SQLite store object: opened with WAL, foreign keys on,
// synchronous=FULL and a 5 s busy timeout. A recursive mutex serialises its use between
// threads; a thread may take it again while it holds it, so a unit of work can hold it across
// the store calls it makes. Transactions nest: inside an open one they become SAVEPOINTs.
// Queries (SELECT) made outside a transaction of the calling thread run instead on a read-only
// connection of that thread's own (a file database only), so concurrent reads neither wait for
// each other nor for a writer (WAL); each sees the last committed state, as on the shared one.
// SQLite's own types stay in internal/ (see internal/connection.h).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace exo::store::sqlite {

class Database {
 public:
  // Opens (creating if needed) the file and sets the connection's pragmas; no migration. The
  // file and its companions are made 0600, missing directories 0700 (internal/files.h).
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Holds the connection for the calling thread until the lock is released.
  [[nodiscard]] std::unique_lock<std::recursive_mutex> Lock() const {
    return std::unique_lock(mu_);
  }

  // True when the calling thread has a transaction open on this connection (then it holds the
  // lock; another thread holding it means the caller has none).
  bool InTransactionOnThisThread() const;

  struct Connection;  // the SQLite handle, defined in internal/connection.h
  // Only while holding Lock().
  Connection& connection() const { return *connection_; }

  // The calling thread's own read-only connection for a query, opened on first use; nullptr
  // when the query must go to the shared connection: an in-memory database, a transaction open
  // on this thread (its uncommitted rows), or a failure to open (then the shared one serves).
  Connection* ReaderForThisThread() const;

  // True while a ReadOnlyScope is open on the calling thread.
  static bool InReadOnlyScope();

 private:
  friend class Transaction;
  Database(std::unique_ptr<Connection> connection, std::string path);

  std::unique_ptr<Connection> connection_;  // guarded by mu_
  mutable std::recursive_mutex mu_;
  int open_transactions_ = 0;  // nesting depth on the connection; guarded by mu_
  const std::string path_;     // empty: no reader connections
  const uint64_t serial_;      // never reused: names this database in threads' reader lists
  mutable std::mutex readers_mu_;
  mutable std::vector<std::unique_ptr<Connection>> readers_;  // guarded by readers_mu_
};

// Several queries that must see one moment (a lot and its events): a read transaction on the
// thread's reader connection, so neither writers nor other readers wait for it; where there is
// no reader (Database::ReaderForThisThread), the shared connection's lock instead. Nests.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(const Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database::Connection* reader_ = nullptr;  // set when this object began the read transaction
  std::unique_lock<std::recursive_mutex> lock_;
};

// The scope of UnitOfWork::Read on this thread: one read transaction on the thread's reader
// connection from the first query to the end of the scope, so every query inside sees one
// moment and they share the transaction's cost (locks, WAL snapshot). Nothing is held where
// there is no reader (an in-memory database). While one is open, a Transaction on this thread
// refuses to begin (kInternal): the scope promises that nothing changes. Nests.
class ReadOnlyScope {
 public:
  explicit ReadOnlyScope(const Database& db);
  ~ReadOnlyScope();
  ReadOnlyScope(const ReadOnlyScope&) = delete;
  ReadOnlyScope& operator=(const ReadOnlyScope&) = delete;

 private:
  Database::Connection* reader_ = nullptr;  // set when this scope began the read transaction
};

// A transaction on `db` (BEGIN IMMEDIATE), or a SAVEPOINT when this thread already has one
// open. Holds the connection's lock from construction to destruction and rolls back (to its
// savepoint) unless Commit() succeeded. Not movable; one scope, one transaction.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Ok when the transaction (or savepoint) began; nothing else may be called otherwise.
  const Status& begun() const { return begun_; }
  // COMMIT (or RELEASE of the savepoint); on failure the destructor still rolls back.
  Status Commit();

 private:
  void Rollback();

  Database& db_;
  std::unique_lock<std::recursive_mutex> lock_;
  Status begun_ = OkStatus();
  int level_ = 0;  // 0: the outer transaction; n > 0: savepoint exo_sp_n
  bool done_ = false;
};

// Runs `work` (returning Result<T> or Status) in a transaction on `db`: commits when it
// returns a value, rolls back when it returns an error (which is passed on).
template <typename Work>
auto InTransaction(Database& db, const Work& work) -> decltype(work()) {
  Transaction tx(db);
  if (!tx.begun()) return tx.begun().error();
  auto result = work();
  if (!result) return result;
  if (auto st = tx.Commit(); !st) return st.error();
  return result;
}

}  // namespace exo::store::sqlite
