// Quality criteria for certificates of analysis, loaded from a clinic-editable TOML file
// (rules/qc.toml). Each criterion names a built-in check kind, the routes it applies to,
// when it blocks release, its parameters (thresholds), its text in Japanese and English and
// its source. The loader refuses a file that weakens the safety floor (see SafetyFloor in
// qc_rules.cc and docs/qc-criteria.md).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/result.h"
#include "core/route.h"

namespace exo::product {

// The three product areas people are told to check before choosing a clinic.
enum class QcArea { kOriginLot, kManufacturingQc, kContentPurity };
inline constexpr QcArea kAllAreas[] = {QcArea::kOriginLot, QcArea::kManufacturingQc,
                                       QcArea::kContentPurity};
std::string_view AreaName(QcArea area);  // "origin_lot" | "manufacturing_qc" | "content_purity"

enum class CheckKind {
  kOriginDisclosed,
  kHumanOrigin,
  kLotNumber,
  kLotDates,
  kNotExpired,
  kStorage,
  kDonorConsent,
  kDonorScreening,
  kGmp,
  kSterileFiltration,
  kSterility,
  kMycoplasma,
  kEndotoxinPerMl,
  kEndotoxinPerDoseIv,
  kParticles,
  kSize,
  kProtein,
  kPurity,
  kMarkersPositive,
  kMarkersNegative,
  kImaging,
};
std::string_view CheckKindName(CheckKind kind);

struct QcCriterion {
  std::string id;
  CheckKind check = CheckKind::kLotNumber;
  QcArea area = QcArea::kOriginLot;
  RouteSet routes;                   // where the criterion applies at all
  RouteSet blocks_if_fail;           // routes a `fail` makes not releasable
  RouteSet blocks_if_not_disclosed;  // routes a `not_disclosed` makes not releasable
  bool final_if_fail = false;        // a blocking fail cannot be overridden
  bool final_if_not_disclosed = false;
  Text title;
  Text requirement;
  // Where the criterion comes from: one citation for both languages (`source = "..."`), or
  // `source.ja` and `source.en` when it explains something in words.
  Text source;
  std::map<std::string, double, std::less<>> numbers;  // thresholds, by parameter name
  std::map<std::string, std::vector<std::string>, std::less<>> lists;  // accepted values

  double Number(std::string_view name) const;  // EXO_CHECKed present by the loader
  const std::vector<std::string>& List(std::string_view name) const;
};

struct QcRules {
  std::vector<QcCriterion> criteria;
  // JSON pointers counted in each area's disclosure score.
  std::map<QcArea, std::vector<std::string>> disclosure_fields;
  // Every disclosure field once, sorted, for a linear merge with Certificate::disclosed_paths.
  std::vector<std::string> disclosure_sorted;
  // For each area's field, its position in disclosure_sorted.
  std::map<QcArea, std::vector<size_t>> disclosure_pos;
  // Which rules these are: whoever replaces a QcRules object in place while readers keep it
  // (app::ReloadRuleSet) gives the new rules a higher version, so a cache of evaluations
  // (app/lot_report_cache.h) notices. 0 as parsed; the evaluation never reads it.
  int64_t version = 0;
  const QcCriterion* Find(std::string_view id) const;
};

// Parses rules from TOML text. Errors name the criterion (e.g. "criterion[3].max_eu_per_ml")
// and what was expected; unknown check kinds, missing parameters and safety-floor violations
// are errors.
Result<QcRules> ParseQcRules(std::string_view toml_text);

// Renders the criteria as a Markdown table (docs/qc-criteria.md is generated from this).
std::string QcRulesToMarkdown(const QcRules& rules);

}  // namespace exo::product
