#include "app/rule_files.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/audit.h"
#include "app/crisis_lines.h"
#include "app/rules.h"
#include "auth/crypto.h"
#include "core/route.h"
#include "core/text.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

namespace fs = std::filesystem;

const std::vector<RuleFile>& EditableRuleFiles() {
  static const auto* files = new std::vector<RuleFile>{
      {"qc", "qc.toml"},
      {"screening", "screening.toml"},
      {"medications", "medications.toml"},
      {"clinic", "clinic.toml"},
      {"alternatives", "alternatives.toml"},
      {"aftercare", "aftercare.toml"},
      {"ae_terms", "ae_terms.toml"},
      {"measures", "measures.toml"},
      {"crisis_lines", "crisis_lines.toml"},
      {"consent-ja", "consent/ja.toml"},
      {"consent-en", "consent/en.toml"},
  };
  return *files;
}

namespace {

const RuleFile* Find(const std::string& id) {
  for (const auto& f : EditableRuleFiles())
    if (f.id == id) return &f;
  return nullptr;
}

// Runs the loader that reads `file` on `dir`.
Status Load(const std::string& dir, const RuleFile& file) {
  const auto status = [](const auto& r) -> Status {
    if (!r) return r.error();
    return OkStatus();
  };
  if (file.id == "qc") return status(LoadQcRules(dir));
  if (file.id == "screening" || file.id == "medications") return status(LoadScreeningRules(dir));
  if (file.id == "clinic") return status(LoadClinicSettings(dir));
  if (file.id == "alternatives") return status(LoadAlternatives(dir));
  if (file.id == "aftercare") return status(LoadAftercare(dir));
  if (file.id == "ae_terms") return status(LoadAdverseEventTerms(dir));
  if (file.id == "measures") return status(LoadMeasures(dir));
  if (file.id == "crisis_lines") return status(LoadCrisisContacts(dir));
  return status(LoadConsentTemplates(dir));
}

}  // namespace

Result<std::string> ReadRuleFile(const std::string& rules_dir, const std::string& id) {
  const RuleFile* f = Find(id);
  if (f == nullptr) return NotFound("rule file", id);
  return ReadTextFile(rules_dir + "/" + f->path);
}

Status SaveRuleFile(const std::string& rules_dir, store::AuditWriter& audit, const Clock& clock,
                    const Actor& actor, const std::string& id, const std::string& text) {
  const RuleFile* f = Find(id);
  if (f == nullptr) return NotFound("rule file", id);
  if (rules_dir.empty()) return MakeError(ErrorCode::kUnavailable, "err.unavailable", {"rules"});
  auto old = ReadTextFile(rules_dir + "/" + f->path);
  if (!old) return old.error();
  // Validate on a scratch copy of the whole folder (some loaders read several files).
  std::error_code ec;
  std::random_device rd;
  const fs::path scratch = fs::temp_directory_path() /
                           ("exoclinic-rules-" + std::to_string(rd()) + std::to_string(rd()));
  fs::copy(rules_dir, scratch, fs::copy_options::recursive, ec);
  if (ec) return Internal("copy rules: " + ec.message());
  {
    std::ofstream out(scratch / f->path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  Status loaded = Load(scratch.string(), *f);
  fs::remove_all(scratch, ec);
  if (!loaded) {
    RecordAudit(audit, clock, actor, "rules.save", "rules/" + f->path, store::AuditOutcome::kDenied,
                "invalid");
    return loaded;
  }
  // Write next to the file and rename over it; keep the old text as <file>.previous.
  const fs::path target = fs::path(rules_dir) / f->path;
  const fs::path tmp = target.string() + ".new";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Internal("write " + tmp.string());
  }
  fs::copy_file(target, target.string() + ".previous", fs::copy_options::overwrite_existing, ec);
  fs::rename(tmp, target, ec);
  if (ec) return Internal("rename: " + ec.message());
  RecordAudit(audit, clock, actor, "rules.save", "rules/" + f->path, store::AuditOutcome::kAllowed,
              "sha256 " + auth::Sha256Hex(*old).substr(0, 16) + " -> " +
                  auth::Sha256Hex(text).substr(0, 16));
  return OkStatus();
}

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
      auto n = TomlNode(x, path + "/" + k);
      if (!n) return n.error();
      t->insert(k, std::move(**n));
    }
    return std::unique_ptr<toml::node>(std::move(t));
  }
  return Invalid(path.empty() ? "/" : path, "err.expected_value", {ShortJson(v)});
}

}  // namespace

Result<nlohmann::json> ReadClinicSettingsJson(const std::string& rules_dir) {
  auto s = LoadClinicSettings(rules_dir);
  if (!s) return s.error();
  nlohmann::json weekdays = nlohmann::json::array(), dates = nlohmann::json::array(),
                 prices = nlohmann::json::object();
  for (int d : s->closed_weekdays) weekdays.push_back(treatment::WeekdayName(d));
  for (Date d : s->closed_dates) dates.push_back(d.ToString());
  for (const auto& [route, price] : s->price_per_session) prices[RouteName(route)] = price;
  return nlohmann::json{{"clinic", {{"time_zone", s->time_zone}}},
                        {"closed", {{"weekdays", weekdays}, {"dates", dates}}},
                        {"prices",
                         {{"currency", s->currency},
                          {"consumption_tax_rate", s->consumption_tax_rate},
                          {"per_session", prices}}},
                        {"followups", {{"days", s->followup_days}}}};
}

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
  return SaveRuleFile(rules_dir, audit, clock, actor, "clinic",
                      treatment::ClinicSettingsToml(*parsed));
}

}  // namespace exo::app
