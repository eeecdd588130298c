// Fuzz target: an lme4-style model formula.
#include "fuzz/fuzz_target.h"
#include "stats/formula.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::stats::ParseFormula(exo::fuzz::Text(data, size));
  return 0;
}
