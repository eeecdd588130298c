// The SQLite handle behind a Database; only the SQLite store's own files include this.
#pragma once

#include <sqlite3.h>

#include "store/sqlite/database.h"

namespace exo::store::sqlite {

struct Database::Connection {
  sqlite3* handle = nullptr;  // owned: closed by ~Database
};

}  // namespace exo::store::sqlite
