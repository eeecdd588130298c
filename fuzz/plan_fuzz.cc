// Fuzz target: a treatment plan request (JSON).
#include "fuzz/fuzz_target.h"
#include "treatment/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::treatment::ParsePlanRequest(exo::fuzz::Text(data, size), exo::fuzz::Today());
  return 0;
}
