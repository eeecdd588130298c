// app::ReadTextFile (rules.h), apart from the rule loading so that a program reading a CSV
// links no rule parser (src/exoclinic.cc).
#include <fstream>

#include "app/rules.h"

namespace exo::app {

Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "err.file_read", {path});
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes)
      return MakeError(ErrorCode::kTooLarge, "err.too_large", {std::to_string(max_bytes)});
  }
  return text;
}

}  // namespace exo::app
