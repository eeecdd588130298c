// Fuzz target: analysis data as CSV, read as `exoclinic analyze` reads it; the first byte
// picks whether columns are kept and read as factors.
#include "fuzz/fuzz_target.h"
#include "stats/data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  exo::stats::ReadOptions options;
  if ((data[0] & 1) != 0) options.keep = {"patient", "value", "week"};
  if ((data[0] & 2) != 0) options.factors = {"patient", "week"};
  (void)exo::stats::ParseCsv(exo::fuzz::Text(data + 1, size - 1), options);
  return 0;
}
