// Helpers for the screening tests: the repository's rule files and an intake to vary.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "screening/screening_rules.h"

namespace exo::screening::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const ScreeningRules& RepoRules() {
  static const ScreeningRules kRules =
      ParseScreeningRules(ReadFile(std::string(EXO_SOURCE_DIR) + "/rules/screening.toml"),
                          ReadFile(std::string(EXO_SOURCE_DIR) + "/rules/medications.toml"))
          .value();
  return kRules;
}

inline nlohmann::json ExampleIntake() {
  return nlohmann::json::parse(ReadFile(std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json"));
}

}  // namespace exo::screening::testing
