// Fuzz target: a measurement entry (JSON) against the shipped measures catalogue.
#include "app/rules.h"
#include "fuzz/fuzz_target.h"
#include "outcome/measurement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* catalogue =
      new std::vector<exo::outcome::Measure>(exo::app::LoadMeasures(exo::fuzz::RulesDir()).value());
  (void)exo::outcome::ParseMeasurement(exo::fuzz::Text(data, size), *catalogue, exo::fuzz::Today());
  return 0;
}
