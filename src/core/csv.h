// CSV (RFC 4180) helpers for exports.
#pragma once

#include <string>

namespace exo {

// The field as written in a CSV line: quoted, with quotes doubled, when it holds a comma, a
// quote or a line break.
std::string CsvField(const std::string& value);

}  // namespace exo
