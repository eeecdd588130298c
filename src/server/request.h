// Reading a request: the id or name in its path, its JSON body and members, query parameters,
// the session cookie and the reader's language. Every error names the field it is about, so
// the client can show it beside that field.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/messages.h"
#include "core/result.h"

namespace exo::server {

// ?lang=ja|en first, then Accept-Language (ja* is Japanese, anything else English).
Lang RequestLang(const httplib::Request& req);

// The first path group as a positive id ("id", err.not_an_id otherwise).
Result<int64_t> PathId(const httplib::Request& req);
// The first path group as a user name of 1 to 64 bytes.
Result<std::string> PathName(const httplib::Request& req);

// The body as a JSON object, read strictly (core/json_input.h); errors name "body".
Result<nlohmann::json> ObjectBody(const httplib::Request& req);
// As above, and a member not in `known` is refused, naming it (with the nearest known name).
Result<nlohmann::json> ObjectBody(const httplib::Request& req,
                                  std::initializer_list<std::string_view> known);
// An optional string member of at most 2000 bytes; absent or null gives "".
Result<std::string> OptionalString(const nlohmann::json& body, const char* name);
// A required string member of at most `max` bytes.
Result<std::string> RequiredString(const nlohmann::json& body, const char* name, size_t max);
// The "reason" of an optional {"reason": ...} body; no body gives "".
Result<std::string> OptionalReason(const httplib::Request& req);

// Query parameter `name` as a number (> 0 if `positive`, else >= 0); absent gives nullopt.
Result<std::optional<double>> QueryNumber(const httplib::Request& req, const char* name,
                                          bool positive);
// Query parameter `name` as a date (YYYY-MM-DD); absent gives nullopt.
Result<std::optional<Date>> QueryDate(const httplib::Request& req, const char* name);
// Query parameter `name` as a date, in seconds since the epoch at its start; absent: `fallback`.
Result<int64_t> QueryDaySeconds(const httplib::Request& req, const char* name, int64_t fallback);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name);

}  // namespace exo::server
