// Use case: the text of one editable rule file.
#include "app/rule_file_steps.h"
#include "app/rule_files.h"
#include "app/rules.h"

namespace exo::app {

Result<std::string> ReadRuleFile(const std::string& rules_dir, const std::string& id) {
  const RuleFile* f = FindRuleFile(id);
  if (f == nullptr) return NotFound("rule file", id);
  return ReadTextFile(rules_dir + "/" + f->path);
}

}  // namespace exo::app
