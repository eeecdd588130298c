// Reading JSON that people and their tools send: one strict parse for every input document
// (request bodies, intake, certificate, plan and session files) and one check for members the
// program does not know. A misspelt member (`wieght_kg`) or a key given twice would otherwise be
// dropped or overwritten without a word, and a file saved as Shift_JIS would read as noise.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace exo {

// `text` as one JSON document. Refused, naming `where` (a JSON pointer such as "/" or the word
// "body"): text that is not UTF-8 (err.json_shift_jis when it reads as Shift_JIS,
// err.json_utf16 for a UTF-16 byte-order mark, err.json_not_utf8 with the byte otherwise), a
// syntax error (err.json_syntax with line and column), a key given twice in one object
// (err.duplicate_key, naming the key's own path). A UTF-8 byte-order mark is allowed.
Result<nlohmann::json> ParseJsonStrict(std::string_view text, const std::string& where = "/");

// As ParseJsonStrict, and the document must be an object (err.expected_object).
Result<nlohmann::json> ParseJsonObject(std::string_view text, const std::string& where = "/");

// Adds err.unknown_field for every member of `object` (at JSON pointer `path`, "" for the top)
// whose name is not in `known`; the message offers the nearest known name when one is close
// (err.unknown_field_did_you_mean). `object` that is not an object adds nothing.
void RefuseUnknownMembers(const nlohmann::json& object, const std::string& path,
                          std::initializer_list<std::string_view> known,
                          std::vector<FieldError>& errors);

// The known name nearest to `name` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours), when it is at most 2 edits and less than half the name; "" otherwise.
std::string NearestName(std::string_view name, std::initializer_list<std::string_view> known);
std::string NearestName(std::string_view name, const std::vector<std::string>& known);

// `key` as one token of a JSON pointer ("~" as "~0", "/" as "~1").
std::string JsonPointerToken(const std::string& key);

}  // namespace exo
