// Test helper: every row of the data tables as text, to check that a rejected request
// changed nothing. The audit log is dumped separately: rejected attempts are audited.
#pragma once

#include <sqlite3.h>

#include <string>

namespace exo::testing {

inline std::string DumpTable(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<cannot open>";
  }
  sqlite3_stmt* s = nullptr;
  const std::string sql = "SELECT * FROM " + table + " ORDER BY 1";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const auto* t = sqlite3_column_text(s, i);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

// SELECT COUNT(*) FROM `from` (a table, optionally with a WHERE clause); -1 on error.
inline int CountRows(const std::string& path, const std::string& from) {
  sqlite3* db = nullptr;
  int n = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    const std::string sql = "SELECT COUNT(*) FROM " + from;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

// Runs `sql` on a connection of its own, as another process (the sqlite3 shell, a second
// server) would change the file; false on error.
inline bool ExecOnOtherConnection(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3_close(db);
  return ok;
}

// Every table of the file, the audit log included, by table name: to check that a failed
// change left nothing behind at all.
inline std::string DumpAllTables(const std::string& path) {
  std::string out;
  std::string names = DumpTable(path, "(SELECT name FROM sqlite_master WHERE type = 'table')");
  size_t start = 0;
  while (start < names.size()) {
    const size_t end = names.find("|\n", start);
    if (end == std::string::npos) break;
    const std::string table = names.substr(start, end - start);
    out += "# " + table + "\n" + DumpTable(path, table);
    start = end + 2;
  }
  return out;
}

inline std::string DumpData(const std::string& path) {
  std::string out;
  for (const char* t : {"schema_migrations", "clinics", "lots", "lot_events"})
    out += std::string("# ") + t + "\n" + DumpTable(path, t);
  return out;
}

}  // namespace exo::testing
