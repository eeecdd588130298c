// Labels that come from a rule file rather than the catalogue: rules/ae_terms.toml gives each
// coded adverse-event term (MedDRA-style English) its Japanese name. Label() (core/messages.h)
// consults them after the catalogue, so every place that shows a term shows it in the reader's
// language. A clinic may edit the file; loading the rules again replaces a kind's labels as a
// whole. Thread-safe (the server reloads rules while requests run).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace exo {

// Japanese labels of `kind` ("ae_term"), by id as written in the rule file.
void SetRuleLabels(std::string_view kind, std::map<std::string, std::string> ja_by_id);

// The Japanese label of `id`, if the rule file gives one.
std::optional<std::string> RuleLabelJa(std::string_view kind, std::string_view id);

}  // namespace exo
