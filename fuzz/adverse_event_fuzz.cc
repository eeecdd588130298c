// Fuzz target: an adverse event report (JSON) against the shipped term list.
#include "app/rules.h"
#include "fuzz/fuzz_target.h"
#include "outcome/adverse_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* terms =
      new std::vector<std::string>(exo::app::LoadAdverseEventTerms(exo::fuzz::RulesDir()).value());
  (void)exo::outcome::ParseAdverseEvent(exo::fuzz::Text(data, size), exo::fuzz::Today(), *terms);
  return 0;
}
