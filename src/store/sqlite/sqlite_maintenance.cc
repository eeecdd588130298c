#include "store/sqlite/sqlite_maintenance.h"

#include <filesystem>
#include <memory>

#include "store/sqlite/internal/connection.h"
#include "store/sqlite/internal/files.h"
#include "store/sqlite/internal/schema.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store {

namespace {

using sqlite::QueryAll;
using sqlite::Statement;

struct CloseHandle {
  void operator()(sqlite3* handle) const { sqlite3_close(handle); }
};
using Handle = std::unique_ptr<sqlite3, CloseHandle>;

Error SqliteFailure(sqlite3* handle, const std::string& what) {
  return MakeError(ErrorCode::kUnavailable, "err.unavailable",
                   {what + ": " + (handle ? sqlite3_errmsg(handle) : "out of memory")});
}

Result<Handle> OpenFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle handle(raw);
  if (rc != SQLITE_OK) return SqliteFailure(raw, path);
  sqlite3_busy_timeout(raw, 5000);
  return handle;
}

// A file: URI for `path` (SQLite reads '?' and '#' as URI syntax, '%' as an escape).
std::string FileUri(const std::string& path, const std::string& query) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + "?" + query;
}

// Copies every page of `from` into `to` in one step (one consistent snapshot of `from`).
Status CopyPages(sqlite3* from, sqlite3* to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return SqliteFailure(to, what);
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);  // another process holds a lock the copy needs; 10 s at most
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) return SqliteFailure(to, what);
  return OkStatus();
}

// integrity_check and foreign_key_check on `handle`; "ok" is no problem.
Result<std::vector<std::string>> Problems(sqlite3* handle) {
  std::vector<std::string> problems;
  for (const char* pragma : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle, pragma, -1, &stmt, nullptr) != SQLITE_OK)
      return SqliteFailure(handle, pragma);
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::string row;
      for (int col = 0; col < sqlite3_column_count(stmt); ++col) {
        const auto* text = sqlite3_column_text(stmt, col);
        if (col > 0) row += ' ';
        row += text ? reinterpret_cast<const char*>(text) : "NULL";
      }
      if (row != "ok") problems.push_back(std::string(pragma + 7) + ": " + row);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return SqliteFailure(handle, pragma);
  }
  return problems;
}

}  // namespace

Result<std::vector<std::string>> SqliteMaintenance::IntegrityProblems() const {
  auto lock = db_.Lock();
  return Problems(db_.connection().handle);
}

Result<std::vector<SignedDocument>> SqliteMaintenance::SignedDocuments() const {
  return QueryAll(db_, "SELECT id, sha256, pdf FROM consents ORDER BY id", {},
                  [](const Statement& s) {
                    return SignedDocument{s.Int(0), s.Text(1), s.Blob(2)};
                  });
}

Status SqliteMaintenance::BackupTo(const std::string& path) const {
  if (auto st = sqlite::CreatePrivateFile(path); !st) return st;
  auto copied = [&]() -> Status {
    auto to = OpenFile(path, SQLITE_OPEN_READWRITE);
    if (!to) return to.error();
    {
      auto lock = db_.Lock();
      if (auto st = CopyPages(db_.connection().handle, to->get(), path); !st) return st;
    }
    // The copy says "WAL" in its header like its source; make it one self-contained file.
    if (sqlite3_exec(to->get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) !=
        SQLITE_OK)
      return SqliteFailure(to->get(), path);
    return OkStatus();
  }();
  if (!copied) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path + "-journal", ec);
  }
  return copied;
}

Status SqliteMaintenance::RestoreFrom(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Invalid("--from", "err.file_read", {path});
  auto from = OpenFile(FileUri(path, "immutable=1"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  if (!from) return Invalid("--from", "err.backup_unsound", {path, from.error().args.at(0)});
  auto problems = Problems(from->get());
  if (!problems)
    return Invalid("--from", "err.backup_unsound", {path, problems.error().args.at(0)});
  if (!problems->empty()) return Invalid("--from", "err.backup_unsound", {path, problems->front()});
  auto lock = db_.Lock();
  if (auto st = CopyPages(from->get(), db_.connection().handle, path); !st) return st;
  return sqlite::Migrate(db_);
}

}  // namespace exo::store
