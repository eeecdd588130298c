#include "app/token.h"

#include <cstdio>
#include <random>

namespace exo::app {

std::string NewToken() {
  std::random_device rd;  // getrandom(2) on Linux
  std::string out;
  for (int i = 0; i < 4; ++i) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    out += buf;
  }
  return out;
}

}  // namespace exo::app
