// Reading the clinic-editable TOML rule files (rules/*.toml): one parse with errors that name
// the file and line, and bilingual texts. Shared by the domain modules that load rules.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/result.h"

namespace exo::rulefile {

// Parses `text`; a syntax error is kInvalid on field `file` with the description and line.
Result<toml::table> Parse(std::string_view text, std::string_view file);

// {ja, en} under `node`; records "err.required" on `path`.ja / `path`.en when missing.
Text ReadText(const toml::node_view<const toml::node>& node, const std::string& path,
              std::vector<FieldError>& errors);

}  // namespace exo::rulefile
