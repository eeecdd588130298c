// Small text helpers shared by the parsers and renderers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/utf8.h"

namespace exo {

// A JSON value as an error message quotes it: compact, at most 40 characters.
inline std::string ShortJson(const nlohmann::json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// Escapes & < > " ' for HTML and SVG text and attributes.
inline std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A string member of a JSON object, as the input parsers read one. Absent or null: "" (with
// err.required when `required`); not a string: err.expected_string; longer than `max` characters
// (code points): err.string_too_long; blank when `required`: err.empty_string. Errors name "/key".
inline std::string JsonString(const nlohmann::json& doc, const char* key, size_t max, bool required,
                              std::vector<FieldError>& errors) {
  const std::string path = std::string("/") + key;
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) {
    if (required) errors.push_back({path, "err.required", {}});
    return "";
  }
  if (!it->is_string()) {
    errors.push_back({path, "err.expected_string", {ShortJson(*it)}});
    return "";
  }
  std::string v = it->get<std::string>();
  if (CodePoints(v) > max) {
    errors.push_back(
        {path, "err.string_too_long", {std::to_string(CodePoints(v)), std::to_string(max)}});
    return "";
  }
  if (required && v.find_first_not_of(" \t") == std::string::npos) {
    errors.push_back({path, "err.empty_string", {}});
    return "";
  }
  return v;
}

}  // namespace exo
