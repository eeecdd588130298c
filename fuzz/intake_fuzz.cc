// Fuzz target: the intake questionnaire (exoclinic.intake/1 JSON).
#include "fuzz/fuzz_target.h"
#include "screening/intake.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::screening::ParseIntake(exo::fuzz::Text(data, size));
  return 0;
}
