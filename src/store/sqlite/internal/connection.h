// The SQLite handle behind a Database; only the SQLite store's own files include this.
#pragma once

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite/database.h"

namespace exo::store::sqlite {

struct Database::Connection {
  sqlite3* handle = nullptr;  // owned: closed by ~Database
  // Prepared statements not in use, by their SQL text: a Statement takes one (or prepares a new
  // one) and gives it back reset, so a query repeated on every request is parsed once. Owned:
  // finalized by ~Database before the handle closes. Guarded by the Database's lock.
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle;
  size_t idle_count = 0;  // statements held in `idle`
};

}  // namespace exo::store::sqlite
