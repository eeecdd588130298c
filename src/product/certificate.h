// A product lot's certificate of analysis (CoA), schema "exoclinic.certificate/1"
// (docs/certificate-format.md). Every field may be absent: absence is kept as
// std::nullopt and reported as "not disclosed", never guessed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/route.h"

namespace exo::product {

inline constexpr std::string_view kCertificateSchema = "exoclinic.certificate/1";

// Outcome of a safety test (sterility, mycoplasma, a donor infection marker).
enum class TestOutcome { kNegative, kPositive, kNotTested };
std::string_view TestOutcomeName(TestOutcome outcome);

struct Certificate {
  // product
  std::optional<std::string> product_name;
  std::optional<std::string> manufacturer;
  std::optional<std::string> species;    // product.origin.species, lower-cased
  std::optional<std::string> tissue;     // product.origin.tissue
  std::optional<std::string> cell_type;  // product.origin.cell_type
  std::optional<std::string> form;       // "liquid", "lyophilized", ...
  std::optional<std::vector<Route>> intended_routes;
  // lot
  std::optional<std::string> lot_number;
  std::optional<Date> manufactured_on;
  std::optional<Date> expires_on;
  std::optional<double> storage_celsius;
  std::optional<double> volume_ml;  // per vial
  // donor (human material only)
  std::optional<bool> donor_consented;
  std::map<std::string, TestOutcome> donor_screening;  // key as written, e.g. "HTLV-1"
  // manufacturing
  std::optional<bool> gmp;
  std::optional<std::vector<std::string>> separation;
  std::optional<double> sterile_filtration_um;
  std::optional<std::string> viral_inactivation;
  // tests
  std::optional<TestOutcome> sterility;
  std::optional<TestOutcome> mycoplasma;
  std::optional<double> endotoxin_eu_per_ml;
  std::optional<double> particles_per_ml;
  std::optional<std::string> particle_method;
  std::optional<double> size_mode_nm;
  std::optional<double> size_d10_nm;
  std::optional<double> size_d90_nm;
  std::optional<double> protein_ug_per_ml;
  std::optional<std::vector<std::string>> markers_positive;
  std::optional<std::vector<std::string>> markers_negative;
  std::optional<std::vector<std::string>> imaging;  // a string in the JSON is a list of one

  // JSON pointers of every value that was present and not null, sorted.
  std::vector<std::string> disclosed_paths;
  // JSON pointers of members the schema does not know (likely typos), sorted.
  std::vector<std::string> unknown_paths;

  bool IsDisclosed(std::string_view json_pointer) const;
};

// Parses and validates a certificate. Errors name the JSON pointer and what was expected,
// e.g. {"/tests/endotoxin_eu_per_ml", "err.expected_number_nonneg", {"\"abc\""}}; all
// problems are returned at once. Inconsistent values (expiry before manufacture, d10 > d90,
// negative counts) are errors too.
Result<Certificate> ParseCertificate(std::string_view json_text);

}  // namespace exo::product
