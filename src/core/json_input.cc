#include "core/json_input.h"

#include <algorithm>
#include <cstddef>
#include <set>

#include "core/text.h"

namespace exo {

using nlohmann::json;

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not well formed (overlong
// forms, surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

// Offset of the first byte that is not well-formed UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

// True when every byte reads as Shift_JIS (ASCII, half-width katakana, or a lead byte followed by
// a trail byte) and at least one two-byte character occurs.
bool ReadsAsShiftJis(std::string_view text) {
  bool double_byte = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) continue;
    const bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
    if (!lead || i + 1 >= text.size()) return false;
    const auto t = static_cast<unsigned char>(text[i + 1]);
    if (t < 0x40 || t == 0x7F || t > 0xFC) return false;
    double_byte = true;
    ++i;
  }
  return double_byte;
}

// Line and column (both from 1) of byte `offset`, counting columns in characters.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Tracks where the parser is, so that a key given twice is named by its path.
class DuplicateKeyFinder {
 public:
  bool OnEvent(json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        EnterValue();
        frames_.push_back(Frame{true, {}, "", 0});
        break;
      case json::parse_event_t::array_start:
        EnterValue();
        frames_.push_back(Frame{false, {}, "", 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second && duplicate_.empty()) duplicate_ = Path();
        break;
      }
      case json::parse_event_t::value:
        EnterValue();
        break;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    size_t next_index;
  };
  // A value starts inside an array: it takes the next index.
  void EnterValue() {
    if (!frames_.empty() && !frames_.back().object) {
      frames_.back().key = std::to_string(frames_.back().next_index++);
    }
  }
  std::string Path() const {
    std::string out;
    for (const Frame& f : frames_) out += "/" + EscapePointerToken(f.key);
    return out;
  }
  std::vector<Frame> frames_;
  std::string duplicate_;
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

Result<json> ParseJsonStrict(std::string_view text, const std::string& where) {
  if (text.size() >= 2 &&
      ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
    return Invalid(where, "err.json_utf16");
  if (const size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    if (ReadsAsShiftJis(text)) return Invalid(where, "err.json_shift_jis");
    const auto [line, column] = LineColumn(text, bad);
    return Invalid(where, "err.json_not_utf8", {std::to_string(line), std::to_string(column)});
  }
  DuplicateKeyFinder finder;
  json doc;
  try {
    doc = json::parse(
        text.begin(), text.end(),
        [&finder](int, json::parse_event_t event, json& parsed) {
          return finder.OnEvent(event, parsed);
        },
        /*allow_exceptions=*/true);
  } catch (const json::parse_error& e) {
    const auto [line, column] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    return Invalid(where, "err.json_syntax", {std::to_string(line), std::to_string(column)});
  } catch (const json::exception&) {
    // A number no double holds ("1e400"): nlohmann reports it as out_of_range (406) even to a
    // callback parser, not as a parse error (found by fuzz_certificate).
    return Invalid(where, "err.json_number_range");
  }
  if (!finder.duplicate().empty())
    return Invalid(finder.duplicate(), "err.duplicate_key",
                   {finder.duplicate().substr(finder.duplicate().rfind('/') + 1)});
  return doc;
}

Result<json> ParseJsonObject(std::string_view text, const std::string& where) {
  auto doc = ParseJsonStrict(text, where);
  if (!doc) return doc.error();
  if (!doc->is_object()) return Invalid(where, "err.expected_object", {ShortJson(*doc)});
  return doc;
}

namespace {

template <typename Names>
std::string Nearest(std::string_view name, const Names& known) {
  std::string best;
  size_t best_distance = 3;
  for (const auto& candidate : known) {
    const std::string_view k = candidate;
    const size_t d = EditDistance(name, k);
    if (d < best_distance && 2 * d < std::max(name.size(), k.size())) {
      best_distance = d;
      best = std::string(k);
    }
  }
  return best;
}

}  // namespace

std::string NearestName(std::string_view name, std::initializer_list<std::string_view> known) {
  return Nearest(name, known);
}

std::string NearestName(std::string_view name, const std::vector<std::string>& known) {
  return Nearest(name, known);
}

std::string JsonPointerToken(const std::string& key) { return EscapePointerToken(key); }

void RefuseUnknownMembers(const json& object, const std::string& path,
                          std::initializer_list<std::string_view> known,
                          std::vector<FieldError>& errors) {
  if (!object.is_object()) return;
  for (const auto& [name, value] : object.items()) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string where = path + "/" + EscapePointerToken(name);
    const std::string near = NearestName(name, known);
    if (near.empty())
      errors.push_back({where, "err.unknown_field", {name}});
    else
      errors.push_back({where, "err.unknown_field_did_you_mean", {name, near}});
  }
}

}  // namespace exo
