// Fuzz target: the lot's certificate of analysis (exoclinic CoA JSON).
#include "product/certificate.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::product::ParseCertificate(exo::fuzz::Text(data, size));
  return 0;
}
