#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/audit.h"
#include "app/crisis_lines.h"
#include "app/rule_file_steps.h"
#include "app/rules.h"
#include "auth/crypto.h"

namespace exo::app {

namespace fs = std::filesystem;

namespace {

// Runs the loader that reads `file` on `dir`.
Status LoadWith(const std::string& dir, const RuleFile& file) {
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

const RuleFile* FindRuleFile(const std::string& id) {
  for (const auto& f : EditableRuleFiles())
    if (f.id == id) return &f;
  return nullptr;
}

Status WriteCheckedRuleFile(const std::string& rules_dir, store::AuditWriter& audit,
                            const Clock& clock, const Actor& actor, const RuleFile& file,
                            const std::string& text) {
  const RuleFile* f = &file;
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
  Status loaded = LoadWith(scratch.string(), *f);
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
  // A change (of a file): its entry waits for the disk, unlike a read's (RecordAudit).
  if (auto st = AppendAudit(audit, clock, actor, "rules.save", "rules/" + f->path,
                            store::AuditOutcome::kAllowed,
                            "sha256 " + auth::Sha256Hex(*old).substr(0, 16) + " -> " +
                                auth::Sha256Hex(text).substr(0, 16));
      !st)
    std::fprintf(stderr, "exoclinic: audit log write failed for rules.save %s\n", f->path.c_str());
  return OkStatus();
}

}  // namespace exo::app
