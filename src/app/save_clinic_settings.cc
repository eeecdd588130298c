// Use case: save the clinic settings from the form's JSON as clinic.toml.
#include <toml++/toml.h>

#include <sstream>

#include "app/rule_file_steps.h"
#include "app/rule_files.h"
#include "core/text.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

namespace {

// A JSON value as a TOML node; objects become tables. Only what a rule file can hold.
Result<std::unique_ptr<toml::node>> TomlNode(const nlohmann::json& v, const std::string& path) {
  if (v.is_string()) return std::unique_ptr<toml::node>(new toml::value(v.get<std::string>()));
  if (v.is_boolean()) return std::unique_ptr<toml::node>(new toml::value(v.get<bool>()));
  if (v.is_number_integer()) return std::unique_ptr<toml::node>(new toml::value(v.get<int64_t>()));
  if (v.is_number()) return std::unique_ptr<toml::node>(new toml::value(v.get<double>()));
  if (v.is_array()) {
    auto a = std::make_unique<toml::array>();
    for (size_t i = 0; i < v.size(); ++i) {
      auto n = TomlNode(v[i], path + "/" + std::to_string(i));
      if (!n) return n.error();
      a->push_back(std::move(**n));
    }
    return std::unique_ptr<toml::node>(std::move(a));
  }
  if (v.is_object()) {
    auto t = std::make_unique<toml::table>();
    for (const auto& [k, x] : v.items()) {
      std::string child = path + "/";
      child += k;
      auto n = TomlNode(x, child);
      if (!n) return n.error();
      t->insert(k, std::move(**n));
    }
    return std::unique_ptr<toml::node>(std::move(t));
  }
  return Invalid(path.empty() ? "/" : path, "err.expected_value", {ShortJson(v)});
}

}  // namespace

Status SaveClinicSettingsJson(const std::string& rules_dir, store::AuditWriter& audit,
                              const Clock& clock, const Actor& actor, const nlohmann::json& body) {
  if (!body.is_object()) return Invalid("/", "err.expected_object", {ShortJson(body)});
  auto node = TomlNode(body, "");
  if (!node) return node.error();
  auto& table = static_cast<toml::table&>(**node);
  table.insert_or_assign("schema", "exoclinic.clinic/1");
  std::ostringstream text;
  text << table;
  auto parsed = treatment::ParseClinicSettings(text.str());
  if (!parsed) return parsed.error();
  return WriteCheckedRuleFile(rules_dir, audit, clock, actor, *FindRuleFile("clinic"),
                              treatment::ClinicSettingsToml(*parsed));
}

}  // namespace exo::app
