// Fuzz target: every rule file, read by the loader the program uses. The first byte picks the
// file; the rest replaces it in a scratch copy of the shipped rules directory.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "app/rules.h"
#include "fuzz/fuzz_target.h"

namespace {

using Load = std::function<void(const std::string& dir)>;

struct RuleFile {
  const char* name;
  Load load;
};

const RuleFile kFiles[] = {
    {"qc.toml", [](const std::string& d) { (void)exo::app::LoadQcRules(d); }},
    {"screening.toml", [](const std::string& d) { (void)exo::app::LoadScreeningRules(d); }},
    {"medications.toml", [](const std::string& d) { (void)exo::app::LoadScreeningRules(d); }},
    {"clinic.toml", [](const std::string& d) { (void)exo::app::LoadClinicSettings(d); }},
    {"alternatives.toml", [](const std::string& d) { (void)exo::app::LoadAlternatives(d); }},
    {"aftercare.toml", [](const std::string& d) { (void)exo::app::LoadAftercare(d); }},
    {"ae_terms.toml", [](const std::string& d) { (void)exo::app::LoadAdverseEventTerms(d); }},
    {"measures.toml", [](const std::string& d) { (void)exo::app::LoadMeasures(d); }},
    {"consent/ja.toml", [](const std::string& d) { (void)exo::app::LoadConsentTemplates(d); }},
    {"consent/en.toml", [](const std::string& d) { (void)exo::app::LoadConsentTemplates(d); }},
};
constexpr size_t kFileCount = sizeof(kFiles) / sizeof(kFiles[0]);

// A copy of the shipped rules, made once per process and removed at exit.
const std::string& ScratchRules() {
  static const std::string* dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "exo-fuzz-rules-XXXXXX").string();
    auto* path = new std::string(mkdtemp(tmpl.data()));
    std::filesystem::copy(exo::fuzz::RulesDir(), *path, std::filesystem::copy_options::recursive);
    std::atexit([] { std::filesystem::remove_all(*dir); });
    return path;
  }();
  return *dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string& dir = ScratchRules();
  const RuleFile& file = kFiles[data[0] % kFileCount];
  const std::string path = dir + "/" + file.name;
  const std::string original = exo::app::ReadTextFile(path).value();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  file.load(dir);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << original;
  return 0;
}
