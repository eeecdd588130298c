// The SQLite schema and its migrations (schema.cc).
#pragma once

#include "core/result.h"
#include "store/sqlite/database.h"

namespace exo::store::sqlite {

// Applies the pending migrations in one transaction. kUnavailable when the file's schema is
// newer than this program.
Status Migrate(Database& db);
// The highest migration applied; 0 for a new file.
Result<int> SchemaVersion(const Database& db);

}  // namespace exo::store::sqlite
