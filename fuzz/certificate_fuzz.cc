// Fuzz target: the lot's certificate of analysis (exoclinic CoA JSON).
#include "fuzz/fuzz_target.h"
#include "product/certificate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)exo::product::ParseCertificate(exo::fuzz::Text(data, size));
  return 0;
}
