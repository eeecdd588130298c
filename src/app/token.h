// Unguessable tokens for public links (lot transparency pages).
#pragma once

#include <string>

namespace exo::app {

// 128 random bits from the operating system, as 32 lower-case hex digits.
std::string NewToken();

}  // namespace exo::app
