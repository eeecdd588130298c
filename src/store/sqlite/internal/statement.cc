#include "store/sqlite/internal/statement.h"

#include "store/sqlite/internal/connection.h"

namespace exo::store::sqlite {

namespace {

sqlite3* Handle(const Database& db) { return db.connection().handle; }

// At most this many idle prepared statements are kept (the stores use fewer than 200 distinct
// queries; a query built from a filter counts once per shape).
constexpr size_t kMaxIdleStatements = 512;

int BindOne(sqlite3_stmt* stmt, int index,
            const std::variant<std::monostate, int64_t, double, std::string>& v, bool blob) {
  if (std::holds_alternative<int64_t>(v))
    return sqlite3_bind_int64(stmt, index, std::get<int64_t>(v));
  if (std::holds_alternative<double>(v))
    return sqlite3_bind_double(stmt, index, std::get<double>(v));
  if (std::holds_alternative<std::string>(v)) {
    const std::string& s = std::get<std::string>(v);
    const int size = static_cast<int>(s.size());
    return blob ? sqlite3_bind_blob(stmt, index, s.data(), size, SQLITE_TRANSIENT)
                : sqlite3_bind_text(stmt, index, s.data(), size, SQLITE_TRANSIENT);
  }
  return sqlite3_bind_null(stmt, index);
}

// Another connection holding the database past the busy timeout is worth a retry, not a bug:
// kUnavailable with a fixed message (the server answers 503); `detail` is for the log only.
Error FailureOf(int rc, std::string detail) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return MakeError(ErrorCode::kUnavailable, "err.db_busy", {std::move(detail)});
  return Internal(std::move(detail));
}

}  // namespace

Statement::Statement(const Database& db, std::string_view sql, const Params& params, Kind kind)
    : connection_(kind == kQuery ? db.ReaderForThisThread() : nullptr), sql_(sql) {
  // A statement that may write, inside a read-only scope and outside any transaction (which
  // would have refused to begin there): refused before it runs.
  refused_ = kind != kQuery && Database::InReadOnlyScope() && !db.InTransactionOnThisThread();
  if (connection_ == nullptr) {
    lock_ = db.Lock();
    connection_ = &db.connection();
  }
  auto& idle = connection_->idle;
  if (auto it = idle.find(sql_); it != idle.end() && !it->second.empty()) {
    stmt_ = it->second.back();
    it->second.pop_back();
    --connection_->idle_count;
    rc_ = SQLITE_OK;
  } else {
    rc_ = sqlite3_prepare_v3(connection_->handle, sql_.data(), static_cast<int>(sql_.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  for (size_t i = 0; rc_ == SQLITE_OK && i < params.size(); ++i)
    rc_ = BindOne(stmt_, static_cast<int>(i + 1), params[i].v_, params[i].blob_);
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  // The results of reset and finalize repeat the last Step()'s, which was checked there.
  sqlite3_reset(stmt_);
  Database::Connection& c = *connection_;
  if (c.idle_count >= kMaxIdleStatements) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_clear_bindings(stmt_);
  c.idle[sql_].push_back(stmt_);
  ++c.idle_count;
}

Error Statement::Failure() const {
  // The statement's first words say which query failed; parameters are never shown.
  return FailureOf(rc_, sql_.substr(0, 60) + ": " + sqlite3_errmsg(connection_->handle));
}

Result<bool> Statement::Step() {
  if (refused_) return Internal(sql_.substr(0, 60) + ": a change inside a read-only scope");
  if (rc_ != SQLITE_OK) return Failure();
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  rc_ = rc;
  return Failure();
}

int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

std::string Statement::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string(static_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

bool LastFailureWasUniqueViolation(const Database& db) {
  return sqlite3_extended_errcode(Handle(db)) == SQLITE_CONSTRAINT_UNIQUE;
}

int64_t LastInsertId(const Database& db) { return sqlite3_last_insert_rowid(Handle(db)); }
int Changes(const Database& db) { return sqlite3_changes(Handle(db)); }

Status ExecScript(const Database& db, std::string_view sql) {
  auto lock = db.Lock();
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(Handle(db), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  const std::string why = message != nullptr ? message : sqlite3_errmsg(Handle(db));
  sqlite3_free(message);
  return FailureOf(rc, text.substr(0, 60) + ": " + why);
}

Status Exec(const Database& db, std::string_view sql, const Params& params) {
  Statement s(db, sql, params);
  if (auto row = s.Step(); !row) return row.error();
  return OkStatus();
}

Result<int> ExecChanges(const Database& db, std::string_view sql, const Params& params) {
  Statement s(db, sql, params);
  if (auto row = s.Step(); !row) return row.error();
  return Changes(db);
}

Result<int64_t> Insert(const Database& db, std::string_view sql, const Params& params) {
  Statement s(db, sql, params);
  if (auto row = s.Step(); !row) return row.error();
  return LastInsertId(db);
}

Status ExecOne(const Database& db, std::string_view sql, const Params& params, Error unchanged) {
  auto changed = ExecChanges(db, sql, params);
  if (!changed) return changed.error();
  if (*changed == 0) return unchanged;
  return OkStatus();
}

Status GuardedUpdate(const Database& db, std::string_view sql, const Params& params,
                     const Guard& guard) {
  auto lock = db.Lock();
  auto changed = ExecChanges(db, sql, params);
  if (!changed) return changed.error();
  if (*changed > 0) return OkStatus();
  Statement current(db, guard.current_sql, guard.key);
  auto row = current.Step();
  if (!row) return row.error();
  if (!*row) return guard.not_found;
  return guard.conflict(current);
}

}  // namespace exo::store::sqlite
