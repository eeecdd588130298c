#include "app/rules.h"

#include <fstream>
#include <sstream>

#include "rulefile/toml.h"

namespace exo::app {

Result<product::QcRules> LoadQcRules(const std::string& rules_dir) {
  const std::string path = rules_dir + "/qc.toml";
  auto text = ReadTextFile(path);
  if (!text) return text.error();
  auto rules = product::ParseQcRules(*text);
  if (!rules) {
    Error e = rules.error();
    for (auto& f : e.fields) f.field = path + ": " + f.field;
    return e;
  }
  return rules;
}

Result<screening::ScreeningRules> LoadScreeningRules(const std::string& rules_dir) {
  const std::string spath = rules_dir + "/screening.toml";
  const std::string mpath = rules_dir + "/medications.toml";
  auto stext = ReadTextFile(spath);
  if (!stext) return stext.error();
  auto mtext = ReadTextFile(mpath);
  if (!mtext) return mtext.error();
  auto rules = screening::ParseScreeningRules(*stext, *mtext);
  if (!rules) {
    Error e = rules.error();
    for (auto& f : e.fields) f.field = rules_dir + "/{screening,medications}.toml: " + f.field;
    return e;
  }
  return rules;
}

namespace {
template <typename T, typename Parse>
Result<T> LoadFile(const std::string& path, Parse parse) {
  auto text = ReadTextFile(path);
  if (!text) return text.error();
  auto parsed = parse(*text);
  if (!parsed) {
    Error e = parsed.error();
    for (auto& f : e.fields) f.field = path + ": " + f.field;
    return e;
  }
  return parsed;
}
}  // namespace

Result<treatment::ClinicSettings> LoadClinicSettings(const std::string& rules_dir) {
  return LoadFile<treatment::ClinicSettings>(rules_dir + "/clinic.toml",
                                             treatment::ParseClinicSettings);
}

Result<std::map<Lang, consent::ConsentTemplate>> LoadConsentTemplates(
    const std::string& rules_dir) {
  std::map<Lang, consent::ConsentTemplate> out;
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    auto t = LoadFile<consent::ConsentTemplate>(
        rules_dir + "/consent/" + std::string(LangName(lang)) + ".toml",
        consent::ParseConsentTemplate);
    if (!t) return t.error();
    out[lang] = std::move(*t);
  }
  return out;
}

Result<treatment::AftercareRules> LoadAftercare(const std::string& rules_dir) {
  return LoadFile<treatment::AftercareRules>(rules_dir + "/aftercare.toml",
                                             treatment::ParseAftercare);
}

Result<std::vector<std::string>> LoadAdverseEventTerms(
    const std::string& rules_dir, std::map<std::string, std::string>* ja_labels) {
  const std::string path = rules_dir + "/ae_terms.toml";
  auto text = ReadTextFile(path);
  if (!text) return text.error();
  auto doc = rulefile::Parse(*text, path);
  if (!doc) return doc.error();
  std::vector<std::string> terms;
  if (const auto* t = (*doc)["terms"].as_table()) {
    for (const auto& [key, value] : *t) {
      terms.emplace_back(key.str());
      const auto* entry = value.as_table();
      const auto* ja = entry != nullptr ? entry->get_as<std::string>("ja") : nullptr;
      if (ja != nullptr && ja_labels != nullptr) (*ja_labels)[std::string(key.str())] = ja->get();
    }
  }
  return terms;
}

Result<std::vector<outcome::Measure>> LoadMeasures(const std::string& rules_dir) {
  const std::string path = rules_dir + "/measures.toml";
  auto text = ReadTextFile(path);
  if (!text) return text.error();
  return outcome::ParseMeasures(*text);
}

Result<std::vector<treatment::Alternative>> LoadAlternatives(const std::string& rules_dir) {
  return LoadFile<std::vector<treatment::Alternative>>(rules_dir + "/alternatives.toml",
                                                       treatment::ParseAlternatives);
}

}  // namespace exo::app
