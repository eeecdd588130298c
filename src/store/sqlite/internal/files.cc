#include "store/sqlite/internal/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace exo::store::sqlite {

namespace {

constexpr mode_t kPrivateFile = 0600;
constexpr mode_t kPrivateDirectory = 0700;

Error FileError(const std::string& path) {
  return MakeError(ErrorCode::kUnavailable, "err.unavailable",
                   {path + ": " + std::strerror(errno)});
}

// mkdir -p with 0700 for every directory it creates (chmod after mkdir: umask-proof).
Status CreateDirectories(const std::filesystem::path& dir) {
  if (dir.empty()) return OkStatus();
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return OkStatus();
  if (auto st = CreateDirectories(dir.parent_path()); !st) return st;
  if (::mkdir(dir.c_str(), kPrivateDirectory) != 0 && errno != EEXIST)
    return FileError(dir.string());
  if (::chmod(dir.c_str(), kPrivateDirectory) != 0) return FileError(dir.string());
  return OkStatus();
}

}  // namespace

Status PrepareDataFile(const std::string& path) {
  if (path.empty() || path == ":memory:") return OkStatus();
  if (auto st = CreateDirectories(std::filesystem::path(path).parent_path()); !st) return st;
  // Never open and close an existing database file here: closing any descriptor of a file drops
  // every POSIX lock this process holds on it, the locks of its live SQLite connections included
  // (another process could then check-point and remove the WAL under them). Only a file that
  // does not exist yet is created (no connection can hold it); an existing one is chmod-ed by
  // its path.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) return FileError(path);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFile);
    if (fd >= 0) {
      const bool ok = ::fchmod(fd, kPrivateFile) == 0;
      ::close(fd);
      if (!ok) return FileError(path);
    } else if (errno != EEXIST) {  // another process created it meanwhile: chmod below
      return FileError(path);
    }
  }
  if (::chmod(path.c_str(), kPrivateFile) != 0) return FileError(path);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string companion = path + suffix;
    if (::chmod(companion.c_str(), kPrivateFile) != 0 && errno != ENOENT)
      return FileError(companion);
  }
  return OkStatus();
}

Status CreatePrivateFile(const std::string& path) {
  if (auto st = CreateDirectories(std::filesystem::path(path).parent_path()); !st) return st;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFile);
  if (fd < 0) {
    if (errno == EEXIST) return Conflict("err.file_exists", {path});
    return FileError(path);
  }
  const bool ok = ::fchmod(fd, kPrivateFile) == 0;
  ::close(fd);
  if (!ok) return FileError(path);
  return OkStatus();
}

}  // namespace exo::store::sqlite
