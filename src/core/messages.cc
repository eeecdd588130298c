#include "core/messages.h"

#include <algorithm>
#include <string_view>

#include "core/date.h"
#include "core/internal/catalogue.h"
#include "core/local_time.h"
#include "core/rule_labels.h"

namespace exo {

namespace {

const internal::CatalogueEntry* Find(std::string_view id) {
  const auto* begin = internal::kCatalogue;
  const auto* end = internal::kCatalogue + internal::kCatalogueSize;
  const auto* it = std::lower_bound(
      begin, end, id,
      [](const internal::CatalogueEntry& e, std::string_view k) { return e.key < k; });
  return it != end && it->key == id ? it : nullptr;
}

// "{k|one|other}" at `pattern[i]`: the form for args[k] (one when it is "1"), "#" in it replaced
// by the number. Returns the position after the closing brace, or npos when this is not one.
size_t AppendPlural(std::string_view pattern, size_t i, const std::vector<std::string>& args,
                    std::string& out) {
  const size_t close = pattern.find('}', i);
  if (close == std::string_view::npos || i + 2 >= close || pattern[i + 2] != '|') {
    return std::string_view::npos;
  }
  const std::string_view body = pattern.substr(i + 3, close - i - 3);
  const size_t bar = body.find('|');
  if (bar == std::string_view::npos) return std::string_view::npos;
  const size_t k = static_cast<size_t>(pattern[i + 1] - '0');
  const std::string number = k < args.size() ? args[k] : "";
  const std::string_view form = number == "1" ? body.substr(0, bar) : body.substr(bar + 1);
  for (const char c : form) {
    if (c == '#') {
      out += number;
    } else {
      out += c;
    }
  }
  return close + 1;
}

// "{k:kind}" at `pattern[i]`: args[k] as labels of `kind`. Returns the position after the closing
// brace, or npos when this is not one.
size_t AppendLabels(std::string_view pattern, size_t i, const std::vector<std::string>& args,
                    Lang lang, std::string& out) {
  const size_t close = pattern.find('}', i);
  if (close == std::string_view::npos || i + 3 >= close || pattern[i + 2] != ':')
    return std::string_view::npos;
  const std::string_view kind = pattern.substr(i + 3, close - i - 3);
  if (!std::all_of(kind.begin(), kind.end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
    return std::string_view::npos;
  const size_t k = static_cast<size_t>(pattern[i + 1] - '0');
  const std::string value = k < args.size() ? args[k] : "";
  if (kind == "date") {  // a stored YYYY-MM-DD, as people write it in `lang`
    const auto day = Date::Parse(value);
    out += day ? FormatDate(*day, lang) : value;
    return close + 1;
  }
  const std::string separator = lang == Lang::kJa ? "、" : ", ";
  for (size_t start = 0, n = 0; start <= value.size(); ++n) {
    size_t end = value.find(", ", start);
    if (end == std::string::npos) end = value.size();
    if (n > 0) out += separator;
    out += Label(kind, std::string_view(value).substr(start, end - start), lang);
    start = end + 2;
  }
  return close + 1;
}

}  // namespace

std::optional<Lang> ParseLang(std::string_view name) {
  if (name == "ja") return Lang::kJa;
  if (name == "en") return Lang::kEn;
  return std::nullopt;
}

std::string_view LangName(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }

std::string FormatMessage(std::string_view pattern, const std::vector<std::string>& args,
                          Lang lang) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    const bool digit = pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' &&
                       pattern[i + 1] <= '9';
    if (digit && pattern[i + 2] == '}') {
      const size_t k = static_cast<size_t>(pattern[i + 1] - '0');
      if (k < args.size()) out += args[k];
      i += 2;
      continue;
    }
    if (digit && pattern[i + 2] == ':') {
      const size_t next = AppendLabels(pattern, i, args, lang, out);
      if (next != std::string_view::npos) {
        i = next - 1;
        continue;
      }
    }
    if (digit) {
      const size_t next = AppendPlural(pattern, i, args, out);
      if (next != std::string_view::npos) {
        i = next - 1;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

bool HasMessage(std::string_view id) { return Find(id) != nullptr; }

std::vector<std::string_view> MessageKeys() {
  std::vector<std::string_view> keys;
  keys.reserve(internal::kCatalogueSize);
  for (size_t i = 0; i < internal::kCatalogueSize; ++i) keys.push_back(internal::kCatalogue[i].key);
  return keys;
}

std::string Message(std::string_view id, Lang lang, const std::vector<std::string>& args) {
  const auto* entry = Find(id);
  if (entry == nullptr) return std::string(id);
  return FormatMessage(lang == Lang::kJa ? entry->ja : entry->en, args, lang);
}

std::string LabelKey(std::string_view kind, std::string_view id) {
  std::string key(kind);
  key += '.';
  bool gap = false;
  for (const char c : id) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (gap && key.back() != '.') key += '_';
      key += lower;
      gap = false;
    } else {
      gap = true;
    }
  }
  return key;
}

std::string Label(std::string_view kind, std::string_view id, Lang lang) {
  const auto* entry = Find(LabelKey(kind, id));
  if (entry == nullptr && lang == Lang::kJa)
    if (auto from_rules = RuleLabelJa(kind, id)) return *from_rules;
  if (entry == nullptr) return std::string(id);
  return std::string(lang == Lang::kJa ? entry->ja : entry->en);
}

std::string RenderFieldError(const FieldError& error, Lang lang) {
  return error.field + ": " + Message(error.message_id, lang, error.args);
}

std::string RenderError(const Error& error, Lang lang) {
  if (error.fields.empty()) return Message(error.message_id, lang, error.args);
  std::string out;
  for (const auto& f : error.fields) {
    if (!out.empty()) out += '\n';
    out += RenderFieldError(f, lang);
  }
  return out;
}

}  // namespace exo
