// Fuzz target: an lme4-style model formula.
#include "stats/formula.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::stats::ParseFormula(exo::fuzz::Text(data, size));
  return 0;
}
