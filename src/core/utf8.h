// Text lengths as people count them: Unicode code points of UTF-8 text, not bytes (「山田」 is
// 2 characters, 6 bytes). Every length limit is stated and checked in these characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace exo {

inline size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (const unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// True when `text` has more than `max` characters.
inline bool TooLong(std::string_view text, size_t max) { return CodePoints(text) > max; }

}  // namespace exo
