// Fuzz target: questionnaire answers (the portal's and the corrections' JSON value part) for
// every measure of the shipped catalogue; the first byte picks the measure.
#include "app/rules.h"
#include "fuzz/fuzz_target.h"
#include "outcome/measurement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* catalogue =
      new std::vector<exo::outcome::Measure>(exo::app::LoadMeasures(exo::fuzz::RulesDir()).value());
  if (size == 0 || catalogue->empty()) return 0;
  const auto& measure = (*catalogue)[data[0] % catalogue->size()];
  exo::outcome::MeasurementEntry entry;
  entry.measure_id = measure.id;
  (void)exo::outcome::ParseMeasuredValue(exo::fuzz::Text(data + 1, size - 1), measure, entry);
  return 0;
}
