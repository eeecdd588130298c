// Helpers shared by the product tests: the repository's rules and certificates to vary.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "product/qc_rules.h"

namespace exo::product::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const QcRules& RepoRules() {
  static const QcRules kRules = [] {
    auto r = ParseQcRules(ReadFile(std::string(EXO_SOURCE_DIR) + "/rules/qc.toml"));
    if (!r) std::abort();
    return std::move(*r);
  }();
  return kRules;
}

inline std::string RepoRulesText() {
  return ReadFile(std::string(EXO_SOURCE_DIR) + "/rules/qc.toml");
}

// The adipose example certificate (tests/data/certificate_adipose.json) as JSON to edit.
inline nlohmann::json ExampleCertificate() {
  return nlohmann::json::parse(
      ReadFile(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json"));
}

}  // namespace exo::product::testing
