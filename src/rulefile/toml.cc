#include "rulefile/toml.h"

#include <sstream>

namespace exo::rulefile {

Result<toml::table> Parse(std::string_view text, std::string_view file) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << e.description() << " (line " << e.source().begin.line << ")";
    return Invalid(std::string(file), "err.rules_syntax", {msg.str()});
  }
}

Text ReadText(const toml::node_view<const toml::node>& node, const std::string& path,
              std::vector<FieldError>& errors) {
  Text t{node["ja"].value<std::string>().value_or(""),
         node["en"].value<std::string>().value_or("")};
  if (t.ja.empty()) errors.push_back({path + ".ja", "err.required", {}});
  if (t.en.empty()) errors.push_back({path + ".en", "err.required", {}});
  return t;
}

}  // namespace exo::rulefile
