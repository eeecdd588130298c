// Percent-decoding of a request target's path and its query text (also an HTML form's
// urlencoded body), into the parameter map the handlers read. Our own, so the transport does
// not lean on a library's internal helpers.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace exo::server {

// "%E5%B1%B1" → "山". With `plus_is_space` (query text, forms) '+' is a space. A '%' not
// followed by two hexadecimal digits is kept as it is.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=%E5%B1%B1&c" → {a: "1", b: "山", c: ""} added to `params` (a key may repeat).
void ParseQueryText(std::string_view text, std::multimap<std::string, std::string>& params);

}  // namespace exo::server
