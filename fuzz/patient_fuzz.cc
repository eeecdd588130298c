// Fuzz target: a patient's registration (JSON).
#include "fuzz/fuzz_target.h"
#include "treatment/patient.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::treatment::ParsePatient(exo::fuzz::Text(data, size), exo::fuzz::Today());
  return 0;
}
