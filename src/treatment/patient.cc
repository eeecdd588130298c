#include "treatment/patient.h"

#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "core/text.h"

namespace exo::treatment {

using nlohmann::json;

int Patient::AgeOn(Date day) const {
  const std::string b = birth_date.ToString(), d = day.ToString();
  int age = std::stoi(d.substr(0, 4)) - std::stoi(b.substr(0, 4));
  if (d.substr(5) < b.substr(5)) --age;
  return age;
}

bool IsKana(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ') {
      ++i;
      continue;
    }
    if ((c & 0xF0) != 0xE0 || i + 3 > s.size()) return false;  // kana are 3-byte UTF-8
    const uint32_t cp = ((c & 0x0Fu) << 12) |
                        ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    const bool kana = (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF) ||
                      cp == 0x3000;  // hiragana, katakana (incl. ー and ・), ideographic space
    if (!kana) return false;
    i += 3;
  }
  return !s.empty();
}

namespace {

// U+FF61..U+FF9D (｡ to ﾝ) as their full-width code points.
constexpr char16_t kFullWidth[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3};
static_assert(sizeof(kFullWidth) / sizeof(kFullWidth[0]) == 0xFF9D - 0xFF61 + 1);

// カ..ト and ハ..ホ take the voiced mark (the next code point); ハ..ホ also the semi-voiced one.
bool TakesVoicedMark(char32_t cp) {
  return (cp >= 0x30AB && cp <= 0x30C2 && (cp - 0x30AB) % 2 == 0) || cp == 0x30C4 || cp == 0x30C6 ||
         cp == 0x30C8 || (cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0);
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string FullWidthKatakana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t last = 0;  // the full-width kana just written, while a mark may still join it
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Half-width katakana are U+FF61..U+FF9F: EF BD A1..BF and EF BE 80..9F.
    if (c == 0xEF && i + 3 <= s.size() &&
        (static_cast<unsigned char>(s[i + 1]) == 0xBD ||
         static_cast<unsigned char>(s[i + 1]) == 0xBE)) {
      const char32_t cp = 0xF000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      if (cp >= 0xFF61 && cp <= 0xFF9F) {
        i += 3;
        char32_t full;
        if (cp == 0xFF9E || cp == 0xFF9F) {  // ﾞ ﾟ
          const bool voiced = cp == 0xFF9E;
          if (last != 0 &&
              (voiced ? (TakesVoicedMark(last) || last == 0x30A6)
                      : (last >= 0x30CF && last <= 0x30DB && (last - 0x30CF) % 3 == 0))) {
            out.resize(out.size() - 3);  // the kana written last, joined with its mark
            full = last == 0x30A6 ? char32_t{0x30F4} : last + (voiced ? 1 : 2);
            AppendUtf8(out, full);
            last = 0;
            continue;
          }
          full = voiced ? 0x309B : 0x309C;
        } else {
          full = kFullWidth[cp - 0xFF61];
        }
        AppendUtf8(out, full);
        last = full;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
    last = 0;
  }
  return out;
}

namespace {

// The comparable form of a name: code points without spaces or middle dots, hiragana as
// katakana, Latin letters lower case. Malformed UTF-8 bytes are kept as they are.
std::u32string NameKey(std::string_view text) {
  const std::string full = FullWidthKatakana(text);
  const std::string_view s = full;
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0 && i + 4 <= s.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      n = 4;
    } else if (c >= 0xE0 && i + 3 <= s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      n = 3;
    } else if (c >= 0xC0 && i + 2 <= s.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      n = 2;
    }
    i += n;
    if (cp == U' ' || cp == U'\t' || cp == 0x3000 || cp == 0x30FB || cp == 0xFF65) continue;
    if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;               // hiragana → katakana
    if (cp >= 0xFF21 && cp <= 0xFF3A) cp = cp - 0xFF21 + U'a';  // full-width A–Z
    if (cp >= 0xFF41 && cp <= 0xFF5A) cp = cp - 0xFF41 + U'a';  // full-width a–z
    if (cp >= U'A' && cp <= U'Z') cp = cp - U'A' + U'a';
    out.push_back(cp);
  }
  return out;
}

}  // namespace

bool SignerNameMatches(std::string_view typed, std::string_view name_kanji,
                       std::string_view name_kana) {
  const std::u32string key = NameKey(typed);
  return !key.empty() && (key == NameKey(name_kanji) || key == NameKey(name_kana));
}

Result<Patient> ParsePatient(std::string_view json_text, Date today) {
  auto parsed = ParseJsonObject(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  std::vector<FieldError> errors;
  RefuseUnknownMembers(doc, "",
                       {"patient_number", "name_kanji", "name_kana", "birth_date", "sex", "phone",
                        "email", "address", "weight_kg", "confirmed_distinct"},
                       errors);
  Patient p;
  p.patient_number = JsonString(doc, "patient_number", 20, false, errors);
  p.name_kanji = JsonString(doc, "name_kanji", 100, true, errors);
  p.name_kana = FullWidthKatakana(JsonString(doc, "name_kana", 200, true, errors));
  if (!p.name_kana.empty() && !IsKana(p.name_kana))
    errors.push_back({"/name_kana", "err.expected_kana", {"\"" + p.name_kana + "\""}});
  const std::string birth = JsonString(doc, "birth_date", 64, true, errors);
  if (!birth.empty()) {
    const auto d = Date::Parse(birth);
    if (!d) {
      errors.push_back({"/birth_date", "err.expected_date", {"\"" + birth + "\""}});
    } else if (*d > today) {
      errors.push_back({"/birth_date", "err.date_in_future", {birth}});
    } else if (DaysBetween(*d, today) > 130 * 366) {
      errors.push_back({"/birth_date", "err.out_of_range", {birth, "130 years ago", "today"}});
    } else {
      p.birth_date = *d;
    }
  }
  p.sex = JsonString(doc, "sex", 10, true, errors);
  if (!p.sex.empty() && p.sex != "female" && p.sex != "male" && p.sex != "other" &&
      p.sex != "unknown")
    errors.push_back(
        {"/sex", "err.expected_one_of", {"\"" + p.sex + "\"", "female, male, other, unknown"}});
  p.phone = JsonString(doc, "phone", 30, false, errors);
  if (p.phone.find_first_not_of("0123456789+-() ") != std::string::npos)
    errors.push_back({"/phone", "err.expected_phone", {"\"" + p.phone + "\""}});
  p.email = JsonString(doc, "email", 200, false, errors);
  if (!p.email.empty() &&
      (p.email.find('@') == std::string::npos || p.email.front() == '@' || p.email.back() == '@'))
    errors.push_back({"/email", "err.expected_email", {"\"" + p.email + "\""}});
  p.address = JsonString(doc, "address", 300, false, errors);
  if (const auto it = doc.find("weight_kg"); it != doc.end() && !it->is_null()) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 400)
      errors.push_back(
          {"/weight_kg", "err.out_of_range", {ShortJson(*it), "0 (exclusive)", "400"}});
    else
      p.weight_kg = it->get<double>();
  }
  if (const auto it = doc.find("confirmed_distinct"); it != doc.end() && !it->is_null()) {
    if (!it->is_boolean())
      errors.push_back({"/confirmed_distinct", "err.expected_bool", {ShortJson(*it)}});
    else
      p.confirmed_distinct = it->get<bool>();
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  return p;
}

}  // namespace exo::treatment
