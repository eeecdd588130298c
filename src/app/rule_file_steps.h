// The steps the rule-file use cases share (plain functions, not use cases): an editable file
// found by id, and a new text written once it loads.
#pragma once

#include <string>

#include "app/rule_files.h"

namespace exo::app {

// The editable file `id`, or nullptr.
const RuleFile* FindRuleFile(const std::string& id);

// Checks `text` with the loader of `file` on a scratch copy of the rules folder, then writes it
// (atomically, the old text kept as <file>.previous) and audits "rules.save" with both digests;
// a text that does not load is refused (audited as denied) and nothing is written.
Status WriteCheckedRuleFile(const std::string& rules_dir, store::AuditWriter& audit,
                            const Clock& clock, const Actor& actor, const RuleFile& file,
                            const std::string& text);

}  // namespace exo::app
