// The web application's files (web/dist, built by Vite), served read-only under a mount point.
#pragma once

#include <optional>
#include <string>

namespace exo::server {

struct StaticFile {
  std::string content;
  std::string content_type;
};

// The file `path` names under `mount` ("/app": "/app/x.js" is `dir`/x.js; "/app" and "/app/"
// are `dir`/index.html). Nothing when the path is outside the mount, climbs out of `dir` (a
// ".." segment, a backslash or a NUL), or names no regular file.
std::optional<StaticFile> ReadStaticFile(const std::string& dir, const std::string& mount,
                                         const std::string& path);

}  // namespace exo::server
