// User-facing texts in Japanese and English. Domain code returns message ids; the outer
// layers (cli/, server/) render them here, once, in the user's language. The texts live in
// i18n/messages.toml, embedded into the program at build time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace exo {

enum class Lang { kJa, kEn };

std::optional<Lang> ParseLang(std::string_view name);  // "ja" | "en"
std::string_view LangName(Lang lang);

// A text in both languages.
struct Text {
  std::string ja;
  std::string en;
  const std::string& In(Lang lang) const { return lang == Lang::kJa ? ja : en; }
};

// Replaces {0}, {1}, ... in `pattern` with args, and a plural "{0|one form|other form}" with the
// first form when args[0] is "1", else the second ("#" in a form stands for the number).
// "{0:route}" shows args[0] as the label of that kind in `lang` (Label("route", "iv") is
// 「点滴静注」); a list of ids joined by ", " is shown as the list of their labels; {0:date}
// shows a YYYY-MM-DD as people write it. Stored records keep ids; the reader sees words.
std::string FormatMessage(std::string_view pattern, const std::vector<std::string>& args,
                          Lang lang = Lang::kEn);

// The catalog text for `id`, with args filled in; an unknown id renders as the id itself.
std::string Message(std::string_view id, Lang lang, const std::vector<std::string>& args = {});
bool HasMessage(std::string_view id);
std::vector<std::string_view> MessageKeys();  // every key of the catalogue, sorted

// The catalogue key of an enum value or vocabulary word: "<kind>.<id>", the id lower-cased with
// every run of other characters than a-z and 0-9 turned into one "_" ("tissue", "Umbilical cord"
// -> "tissue.umbilical_cord"). The web application normalises the same way (i18n.ts).
std::string LabelKey(std::string_view kind, std::string_view id);

// The label of an enum value in `lang` (Label("route", "iv", kJa) == "点滴静注"); the id as
// written when the catalogue has no label (free text from a certificate, say).
std::string Label(std::string_view kind, std::string_view id, Lang lang);

// One line per field problem ("field: message"), or the error's own message.
std::string RenderError(const Error& error, Lang lang);
std::string RenderFieldError(const FieldError& error, Lang lang);

}  // namespace exo
