// What every fuzz target shares: the libFuzzer entry point's declaration, the input as text, a
// fixed "today" (domain code takes time as an argument), and the source tree's rule files.
// A target may return only 0; a crash, a sanitizer report or an EXO_CHECK failure is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace exo::fuzz {

inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline Date Today() { return *Date::Parse("2026-11-24"); }
inline Timestamp Now() { return Timestamp{1795000000}; }

// The rule files shipped with the program (the source tree's rules/).
inline std::string RulesDir() { return std::string(EXO_SOURCE_DIR) + "/rules"; }

}  // namespace exo::fuzz
