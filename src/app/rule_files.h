// The clinic-editable rule files (rules/*.toml) seen from the application: list, read, and save
// after validation. A new text is checked by the same loader the program uses at start-up, run
// on a scratch copy of the rules folder; only a text that loads is written (atomically, the old
// one kept as <file>.previous), and the audit log records both SHA-256 digests. The running
// server keeps the rules it loaded: changes apply at the next start.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/result.h"
#include "store/audit_log.h"

namespace exo::app {

struct RuleFile {
  std::string id;    // "qc", "screening", ..., "consent-ja"
  std::string path;  // relative to the rules folder: "qc.toml", "consent/ja.toml"
};

const std::vector<RuleFile>& EditableRuleFiles();

Result<std::string> ReadRuleFile(const std::string& rules_dir, const std::string& id);

// kInvalid naming the problem (with the loader's line and key) when the text does not load;
// kNotFound for an unknown id.
Status SaveRuleFile(const std::string& rules_dir, store::AuditWriter& audit, const Clock& clock,
                    const Actor& actor, const std::string& id, const std::string& text);

// The clinic settings (closed days, prices, follow-up days) as JSON for a form:
// {"closed": {"weekdays": ["sunday"], "dates": [...]}, "prices": {"currency",
// "consumption_tax_rate", "per_session": {"iv": 180000, ...}}, "followups": {"days": [...]}}.
Result<nlohmann::json> ReadClinicSettingsJson(const std::string& rules_dir);

// Saves the settings from that JSON: the values are checked by the loader of clinic.toml (errors
// name the key, e.g. "prices.per_session.iv"), then written as clinic.toml with its comments
// through SaveRuleFile.
Status SaveClinicSettingsJson(const std::string& rules_dir, store::AuditWriter& audit,
                              const Clock& clock, const Actor& actor, const nlohmann::json& body);

}  // namespace exo::app
