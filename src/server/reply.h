// What a route handler knows about its caller and what it returns. The dispatcher
// (dispatcher.h) authenticates and authorises the caller before a handler runs, and turns the
// handler's Reply (or its Error) into the HTTP response.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/accounts.h"
#include "core/messages.h"
#include "core/result.h"

namespace exo::server {

struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string raw_body;  // sent instead of `body` when content_type is set
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  bool reload_rules = false;  // a rule file changed: load the rules again before replying
};

// What a handler knows about its caller.
struct Caller {
  app::Actor actor;
  std::optional<app::Authenticated> auth;  // empty for public endpoints without credentials
};

// Parses the request, calls one use case and renders its result. `lang` is the reader's
// language (RequestLang). Runs while the dispatcher holds the rules lock shared.
using Handler = std::function<Result<Reply>(const httplib::Request&, const Caller&, Lang)>;

// A reply sent as is: PDF, CSV, HTML, SVG or iCalendar.
Reply RawReply(std::string body, std::string content_type, int status = 200);

inline constexpr const char* kCalendar = "text/calendar; charset=utf-8";
inline constexpr const char* kCsv = "text/csv; charset=utf-8";
inline constexpr const char* kHtml = "text/html; charset=utf-8";
inline constexpr const char* kJson = "application/json; charset=utf-8";  // text rendered already
inline constexpr const char* kPdf = "application/pdf";
inline constexpr const char* kSvg = "image/svg+xml";

// A raw reply from a use case's text (PDF, CSV...), or its error.
Result<Reply> RawReply(Result<std::string> body, std::string content_type);

// `render(item)` of every item, as a JSON array.
template <typename Items, typename Render>
nlohmann::json JsonArray(const Items& items, Render render) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(render(item));
  return out;
}

// The value, or JSON null when absent.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The reply `render(*value)` with `status`, or the value's error.
template <typename T, typename Render>
Result<Reply> JsonReply(int status, const Result<T>& value, Render render) {
  if (!value) return value.error();
  return Reply{status, render(*value)};
}

}  // namespace exo::server
