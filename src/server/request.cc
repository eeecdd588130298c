#include "server/request.h"

#include <algorithm>
#include <charconv>

#include "core/json_input.h"
#include "core/utf8.h"
#include "server/server.h"

namespace exo::server {

using nlohmann::json;

Lang RequestLang(const httplib::Request& req) {
  if (req.has_param("lang")) {
    if (auto l = ParseLang(req.get_param_value("lang"))) return *l;
  }
  const std::string accept = req.get_header_value("Accept-Language");
  return accept.rfind("ja", 0) == 0 ? Lang::kJa : Lang::kEn;
}

Result<int64_t> PathId(const httplib::Request& req) {
  const std::string& text = req.matches[1].str();
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0)
    return Invalid("id", "err.not_an_id", {text});
  return id;
}

Result<std::string> PathName(const httplib::Request& req) {
  const std::string name = req.matches[1].str();
  if (name.empty() || name.size() > 64) return Invalid("username", "err.username_format", {name});
  return name;
}

Result<json> ObjectBody(const httplib::Request& req) { return ParseJsonObject(req.body, "body"); }

Result<json> ObjectBody(const httplib::Request& req,
                        std::initializer_list<std::string_view> known) {
  auto body = ObjectBody(req);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  RefuseUnknownMembers(*body, "", known, errors);
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return body;
}

Result<std::string> OptionalString(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Invalid(name, "err.expected_string", {it->dump().substr(0, 40)});
  if (TooLong(it->get<std::string>(), 2000))
    return Invalid(name, "err.string_too_long",
                   {std::to_string(CodePoints(it->get<std::string>())), "2000"});
  return it->get<std::string>();
}

Result<std::string> RequiredString(const json& body, const char* name, size_t max) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return Invalid(name, "err.required");
  if (!it->is_string()) return Invalid(name, "err.expected_string", {it->dump().substr(0, 40)});
  const std::string v = it->get<std::string>();
  if (TooLong(v, max))
    return Invalid(name, "err.string_too_long",
                   {std::to_string(CodePoints(v)), std::to_string(max)});
  return v;
}

Result<std::string> OptionalReason(const httplib::Request& req) {
  if (req.body.empty()) return std::string();
  auto body = ObjectBody(req, {"reason"});
  if (!body) return body.error();
  return OptionalString(*body, "reason");
}

Result<std::optional<double>> QueryNumber(const httplib::Request& req, const char* name,
                                          bool positive) {
  if (!req.has_param(name)) return std::optional<double>();
  const std::string text = req.get_param_value(name);
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !(positive ? v > 0 : v >= 0))
    return Invalid(name, positive ? "err.expected_number_positive" : "err.expected_number_nonneg",
                   {text});
  return std::optional<double>(v);
}

Result<std::optional<Date>> QueryDate(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::optional<Date>();
  const auto d = Date::Parse(req.get_param_value(name));
  if (!d) return Invalid(name, "err.expected_date", {req.get_param_value(name)});
  return std::optional<Date>(*d);
}

Result<int64_t> QueryDaySeconds(const httplib::Request& req, const char* name, int64_t fallback) {
  auto day = QueryDate(req, name);
  if (!day) return day.error();
  if (!*day) return fallback;
  return static_cast<int64_t>((*day)->days_since_epoch()) * 86400;
}

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const size_t end = header.find(';', pos);
    const std::string part =
        header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    const size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

// Declared in server.h: the dispatcher refuses bodies nested deeper than max_json_depth.
int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      deepest = std::max(deepest, ++depth);
    else if (c == '}' || c == ']')
      --depth;
  }
  return deepest;
}

}  // namespace exo::server
