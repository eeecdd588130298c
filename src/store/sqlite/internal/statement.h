// Statements on a Database: one RAII statement with its parameters, and the steps every store
// method repeats (read all rows, read one row, run a change, a guarded update) written once,
// each checking every SQLite result. Callers hold no lock: each helper takes the connection's
// lock for the statement's whole life (the lock is recursive, so a caller's transaction may
// already hold it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "store/sqlite/database.h"

struct sqlite3_stmt;

namespace exo::store::sqlite {

// A value bound to one `?` of a statement, in order. Text and blobs are copied.
class Param {
 public:
  Param(std::nullopt_t) {}                           // NOLINT: implicit by design
  Param(int v) : v_(int64_t{v}) {}                   // NOLINT
  Param(int64_t v) : v_(v) {}                        // NOLINT
  Param(bool v) : v_(int64_t{v ? 1 : 0}) {}          // NOLINT
  Param(double v) : v_(v) {}                         // NOLINT
  Param(std::string v) : v_(std::move(v)) {}         // NOLINT
  Param(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Param(const char* v) : v_(std::string(v)) {}       // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) {  // NOLINT: absent is NULL
    if (v) *this = Param(*v);
  }
  // Bytes stored as a BLOB rather than TEXT.
  static Param Blob(std::string bytes) {
    Param p(std::move(bytes));
    p.blob_ = true;
    return p;
  }

 private:
  friend class Statement;
  std::variant<std::monostate, int64_t, double, std::string> v_;
  bool blob_ = false;
};
using Params = std::vector<Param>;

// A prepared statement with its parameters bound, finalized on scope exit. A failure to
// prepare or bind is reported by the first Step(). Holds the connection's lock; a query
// (kQuery: a SELECT, nothing written) runs on the thread's reader connection when there is one
// (Database::ReaderForThisThread) and then takes no lock.
class Statement {
 public:
  enum Kind { kAny, kQuery };
  Statement(const Database& db, std::string_view sql, const Params& params = {}, Kind kind = kAny);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // true: a row is ready to read; false: done; kInternal with SQLite's message otherwise.
  Result<bool> Step();

  // Columns of the current row, counted from 0.
  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;
  std::optional<int64_t> OptionalInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<int64_t>(Int(col));
  }

 private:
  Error Failure() const;

  std::unique_lock<std::recursive_mutex> lock_;  // not taken on a reader connection
  Database::Connection* connection_;             // the shared one or the thread's reader
  std::string sql_;                              // for error messages
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;                // the first failed result of prepare or bind; SQLITE_OK when none failed
  bool refused_ = false;  // a change inside a read-only scope (Database::InReadOnlyScope)
};

// The rowid of the last row this connection inserted; call while holding the lock.
int64_t LastInsertId(const Database& db);
// Rows changed by the last statement; call while holding the lock.
int Changes(const Database& db);
// Runs SQL text of one or more statements without parameters or rows (pragmas, migrations).
Status ExecScript(const Database& db, std::string_view sql);

// Whether the connection's last failed statement broke a UNIQUE constraint or index; only
// meaningful while the caller still holds the lock it failed under.
bool LastFailureWasUniqueViolation(const Database& db);

// Runs a statement that returns no rows.
Status Exec(const Database& db, std::string_view sql, const Params& params = {});
// Runs a statement that returns no rows; returns how many rows it changed.
Result<int> ExecChanges(const Database& db, std::string_view sql, const Params& params);
// Runs an INSERT of one row; returns its rowid.
Result<int64_t> Insert(const Database& db, std::string_view sql, const Params& params);
// Runs an UPDATE or DELETE meant to change exactly one row; `unchanged` when it changed none.
Status ExecOne(const Database& db, std::string_view sql, const Params& params, Error unchanged);

// Every row of a query, each read by `read_row(const Statement&)`.
template <typename ReadRow>
auto QueryAll(const Database& db, std::string_view sql, const Params& params,
              const ReadRow& read_row)
    -> Result<std::vector<std::invoke_result_t<ReadRow, const Statement&>>> {
  std::vector<std::invoke_result_t<ReadRow, const Statement&>> rows;
  Statement s(db, sql, params, Statement::kQuery);
  while (true) {
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_row(s));
  }
}

// The first row of a query read by `read_row`, or nullopt when there is none.
template <typename ReadRow>
auto QueryOptional(const Database& db, std::string_view sql, const Params& params,
                   const ReadRow& read_row)
    -> Result<std::optional<std::invoke_result_t<ReadRow, const Statement&>>> {
  using Row = std::invoke_result_t<ReadRow, const Statement&>;
  Statement s(db, sql, params, Statement::kQuery);
  auto row = s.Step();
  if (!row) return row.error();
  if (!*row) return std::optional<Row>();
  return std::optional<Row>(read_row(s));
}

// The first row of a query read by `read_row`; `absent` when there is none.
template <typename ReadRow>
auto QueryOne(const Database& db, std::string_view sql, const Params& params,
              const ReadRow& read_row, Error absent)
    -> Result<std::invoke_result_t<ReadRow, const Statement&>> {
  auto row = QueryOptional(db, sql, params, read_row);
  if (!row) return row.error();
  if (!*row) return absent;
  return std::move(**row);
}

// A row's key and what to say when an update guarded by the row's state changed nothing.
struct Guard {
  std::string_view current_sql;  // SELECT ... by the row's key alone (any state)
  Params key;
  Error not_found;                                  // no such row (or another clinic's)
  std::function<Error(const Statement&)> conflict;  // the row exists in another state
};

// Runs `sql`, an UPDATE of one row that also checks the row's state (e.g. "AND status =
// 'draft'"). When it changed no row, reads the row with guard.current_sql: none gives
// guard.not_found, one gives guard.conflict(row).
Status GuardedUpdate(const Database& db, std::string_view sql, const Params& params,
                     const Guard& guard);

}  // namespace exo::store::sqlite
