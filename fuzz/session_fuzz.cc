// Fuzz target: a treatment session record (JSON).
#include "fuzz/fuzz_target.h"
#include "treatment/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::treatment::ParseSessionRequest(exo::fuzz::Text(data, size), exo::fuzz::Now());
  return 0;
}
