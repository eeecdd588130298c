#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "app/error_json.h"
#include "app/rules.h"
#include "core/utf8.h"

namespace exo::cli {

std::string Pad(std::string s, size_t width) {
  const size_t used = DisplayWidth(s);
  s.append(used < width ? width - used : 1, ' ');
  return s;
}

int ExitCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 1;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kConflict:
      return 4;
    default:
      return 5;
  }
}

int Fail(const Error& error, Lang lang, const std::string& format) {
  if (format == "json") {
    std::cout << app::ErrorToJson(error, lang).dump(2) << "\n";
  } else {
    std::cerr << "exoclinic: " << Message(error.message_id, lang, error.args) << "\n";
    for (const auto& f : error.fields) std::cerr << "  " << RenderFieldError(f, lang) << "\n";
  }
  return ExitCode(error.code);
}

int WriteBytes(const std::string& path, const std::string& bytes, Lang lang) {
  const auto failed = [&] {
    return Fail(MakeError(ErrorCode::kUnavailable, "err.file_write", {path}), lang, "text");
  };
  // Owner-only whatever the umask, also when the file was there with other modes: what the CLI
  // writes (consents, reports, exports) is patient data.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return failed();
  bool ok = ::fchmod(fd, 0600) == 0;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  return ok ? 0 : failed();
}

int WriteOr(const Result<std::string>& document, const std::string& path, Lang lang) {
  if (!document) return Fail(document.error(), lang, "text");
  return WriteBytes(path, *document, lang);
}

void PrintJson(const nlohmann::json& doc) { std::cout << doc.dump(2) << "\n"; }

void PrintLine(const std::string& id, Lang lang, const std::vector<std::string>& args) {
  std::cout << Message(id, lang, args) << "\n";
}

Result<std::string> ReadInput(const std::string& path) {
  if (path != "-") return app::ReadTextFile(path);
  return std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
}

}  // namespace exo::cli
