// Use case: save a rule file's new text once it loads (see rule_files.h).
#include "app/rule_file_steps.h"
#include "app/rule_files.h"

namespace exo::app {

Status SaveRuleFile(const std::string& rules_dir, store::AuditWriter& audit, const Clock& clock,
                    const Actor& actor, const std::string& id, const std::string& text) {
  const RuleFile* f = FindRuleFile(id);
  if (f == nullptr) return NotFound("rule file", id);
  return WriteCheckedRuleFile(rules_dir, audit, clock, actor, *f, text);
}

}  // namespace exo::app
