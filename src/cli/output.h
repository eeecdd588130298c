// What every command prints with: padded columns, JSON documents, the one mapping from an
// error code to an exit code, and error rendering (text on stderr, or JSON on stdout).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/messages.h"
#include "core/result.h"
#include "core/timestamp.h"
#include "store/session_store.h"

namespace exo::cli {

// Exit codes besides ExitCode(ErrorCode).
inline constexpr int kExitUsage = 2;
inline constexpr int kExitAuditBroken = 6;

// Pads to `width` terminal columns (kanji and kana take two) so Japanese columns line up; text
// already as wide gets one space, so neighbouring columns never run together.
std::string Pad(std::string s, size_t width);

// 1 invalid, 3 not found, 4 conflict, 5 anything else.
int ExitCode(ErrorCode code);

// Renders the error as JSON on stdout (format "json") or as text on stderr; its exit code.
int Fail(const Error& error, Lang lang, const std::string& format);

// Writes a document to `path`, owner-only (0600) whatever the umask: the documents and exports
// the CLI writes hold patient data. Exit code 0, or the error rendered.
int WriteBytes(const std::string& path, const std::string& bytes, Lang lang);

// Writes the document to `path`, or renders its error as text; the exit code.
int WriteOr(const Result<std::string>& document, const std::string& path, Lang lang);

// Dates and times in text output: the clinic's zone (rules/clinic.toml), set once when a run
// opens its rules (Context::Open; Asia/Tokyo before), in the run's language. A CLI run is one
// thread; JSON output keeps UTC ISO 8601.
void SetShownTimeZone(std::string zone);
std::string ShownTime(Timestamp t, Lang lang);  // "2026年12月1日 15:14" / "Dec 1, 2026, 3:14 PM"

// The document indented by two, and a newline.
void PrintJson(const nlohmann::json& doc);

// The catalogue text `id` and a newline.
void PrintLine(const std::string& id, Lang lang, const std::vector<std::string>& args = {});

// The whole file, or standard input for "-".
Result<std::string> ReadInput(const std::string& path);

// Who got a lot (`lot recall`, `trace lot`): CSV (a UTF-8 BOM first when `bom`), JSON or a table.
void PrintTrace(const std::vector<store::TraceRow>& rows, Lang lang, const std::string& format,
                bool bom = false);

// Prints the value with `print` (exit code 0), or renders the error.
template <typename T, typename Print>
int PrintOr(const Result<T>& result, Lang lang, const std::string& format, Print print) {
  if (!result) return Fail(result.error(), lang, format);
  print(*result);
  return 0;
}

}  // namespace exo::cli
