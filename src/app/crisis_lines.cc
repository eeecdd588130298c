#include "app/crisis_lines.h"

#include "app/rules.h"
#include "rulefile/toml.h"

namespace exo::app {

Result<CrisisContacts> ParseCrisisContacts(std::string_view toml_text, const std::string& file) {
  auto doc = rulefile::Parse(toml_text, file);
  if (!doc) return doc.error();
  std::vector<FieldError> errors;
  if ((*doc)["schema"].value_or(std::string()) != "exoclinic.crisis-lines/1")
    errors.push_back({"schema",
                      "err.expected_one_of",
                      {(*doc)["schema"].value_or(std::string()), "exoclinic.crisis-lines/1"}});
  CrisisContacts c;
  c.clinic_phone = (*doc)["clinic"]["phone"].value_or(std::string());
  if (const auto hours = (*doc)["clinic"]["hours"]; hours.is_table()) {
    c.clinic_hours.ja = hours["ja"].value_or(std::string());
    c.clinic_hours.en = hours["en"].value_or(std::string());
  }
  if (const auto* lines = (*doc)["line"].as_array()) {
    for (size_t i = 0; i < lines->size(); ++i) {
      const auto node = toml::node_view<const toml::node>((*lines)[i]);
      const std::string path = "line[" + std::to_string(i) + "]";
      CrisisLine l;
      l.name = rulefile::ReadText(node["name"], path + ".name", errors);
      l.hours = rulefile::ReadText(node["hours"], path + ".hours", errors);
      l.phone = node["phone"].value_or(std::string());
      l.source = node["source"].value_or(std::string());
      if (l.phone.empty()) errors.push_back({path + ".phone", "err.required", {}});
      if (l.source.empty()) errors.push_back({path + ".source", "err.required", {}});
      c.lines.push_back(std::move(l));
    }
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return c;
}

Result<CrisisContacts> LoadCrisisContacts(const std::string& rules_dir) {
  const std::string path = rules_dir + "/crisis_lines.toml";
  auto text = ReadTextFile(path);
  if (!text) return text.error();
  return ParseCrisisContacts(*text, path);
}

}  // namespace exo::app
