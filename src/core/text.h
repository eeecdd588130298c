// Small text helpers shared by the parsers and renderers.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

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

}  // namespace exo
