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

// Columns `utf8` takes on a terminal: East Asian wide and fullwidth characters (kanji, kana,
// fullwidth forms, Hangul) take two, combining marks none, everything else one.
inline size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) {
      n = 4, cp = c & 0x07;
    } else if (c >= 0xE0) {
      n = 3, cp = c & 0x0F;
    } else if (c >= 0xC0) {
      n = 2, cp = c & 0x1F;
    }
    for (size_t k = 1; k < n && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x3099 && cp <= 0x309A) || cp == 0x200B) continue;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                      (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
                      (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

// True when `text` has more than `max` characters.
inline bool TooLong(std::string_view text, size_t max) { return CodePoints(text) > max; }

}  // namespace exo
