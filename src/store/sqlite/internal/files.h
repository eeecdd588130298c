// The database's files are its owner's alone, whatever the process umask: a directory the
// program creates for them is 0700, the database file and its -wal, -shm and -journal
// companions are 0600 (SQLite gives the companions the database file's mode), and so is a
// backup.
#pragma once

#include <string>

#include "core/result.h"

namespace exo::store::sqlite {

// Creates the missing directories above `path` (0700) and the file itself (0600) when it does
// not exist; an existing file and companions are set to 0600. An existing directory is left as
// it is (it may be shared, like /tmp); a dedicated one (systemd's StateDirectory) is 0700.
Status PrepareDataFile(const std::string& path);

// Creates `path`, which must not exist yet (kConflict otherwise), empty and 0600.
Status CreatePrivateFile(const std::string& path);

}  // namespace exo::store::sqlite
