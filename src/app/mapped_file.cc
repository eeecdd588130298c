#include "app/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace exo::app {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (mapped_) munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (mapped_) munmap(const_cast<char*>(data_), size_);
}

Result<MappedFile> MapFile(const std::string& path, size_t max_bytes) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kNotFound, "err.file_read", {path});
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return MakeError(ErrorCode::kNotFound, "err.file_read", {path});
  }
  const auto size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) {
    close(fd);
    return MakeError(ErrorCode::kTooLarge, "err.too_large", {std::to_string(max_bytes)});
  }
  MappedFile f;
  if (size > 0) {
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
      close(fd);
      return MakeError(ErrorCode::kNotFound, "err.file_read", {path});
    }
    f.data_ = static_cast<const char*>(p);
    f.size_ = size;
    f.mapped_ = true;
  }
  close(fd);
  return f;
}

}  // namespace exo::app
