// User-facing texts in Japanese and English. Domain code returns message ids; the outer
// layers (cli/, server/) render them here, once, in the user's language.
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

// Replaces {0}, {1}, ... in `pattern` with args.
std::string FormatMessage(std::string_view pattern, const std::vector<std::string>& args);

// The catalog text for `id`, with args filled in; an unknown id renders as the id itself.
std::string Message(std::string_view id, Lang lang, const std::vector<std::string>& args = {});
bool HasMessage(std::string_view id);

// One line per field problem ("field: message"), or the error's own message.
std::string RenderError(const Error& error, Lang lang);
std::string RenderFieldError(const FieldError& error, Lang lang);

}  // namespace exo
