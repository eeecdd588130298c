#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

namespace exo::server {

namespace {

std::string ContentType(const std::filesystem::path& file) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  };
  const std::string ext = file.extension().string();
  for (const auto& [suffix, type] : kTypes)
    if (ext == suffix) return std::string(type);
  return "application/octet-stream";
}

// True when no segment of `relative` is "..", and it holds no backslash or NUL.
bool StaysInside(std::string_view relative) {
  if (relative.find('\\') != std::string_view::npos) return false;
  if (relative.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= relative.size()) {
    const size_t end = std::min(relative.find('/', start), relative.size());
    if (relative.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::optional<StaticFile> ReadStaticFile(const std::string& dir, const std::string& mount,
                                         const std::string& path) {
  if (path != mount && path.rfind(mount + "/", 0) != 0) return std::nullopt;
  std::string relative = path.substr(std::min(path.size(), mount.size() + 1));
  if (!StaysInside(relative)) return std::nullopt;
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  const std::filesystem::path file = std::filesystem::path(dir) / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return StaticFile{content.str(), ContentType(file)};
}

}  // namespace exo::server
