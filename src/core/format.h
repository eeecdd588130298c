// Number formatting for people: compact, locale-independent.
#pragma once

#include <string>

namespace exo {

// Up to `significant` significant digits; scientific ("8.0e9") from 1e6 up or below 1e-3.
std::string FormatNumber(double value, int significant = 4);

}  // namespace exo
