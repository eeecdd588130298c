// A file's bytes mapped into memory, read-only, for reading large inputs (analysis CSV) without
// copying them: the pages load as they are touched and belong to the page cache.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace exo::app {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // The whole file; valid while this object lives.
  std::string_view text() const { return {data_, size_}; }

 private:
  friend Result<MappedFile> MapFile(const std::string& path, size_t max_bytes);
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

// kNotFound naming the path if it cannot be opened or read, kTooLarge over `max_bytes`.
Result<MappedFile> MapFile(const std::string& path, size_t max_bytes);

}  // namespace exo::app
