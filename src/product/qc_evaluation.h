// Evaluates a certificate of analysis against the QC rules: one status per criterion,
// derived values, a verdict per route and disclosure scores. Pure: `today` and the
// patient's dosing context come in as values.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/messages.h"
#include "core/route.h"
#include "product/certificate.h"
#include "product/qc_rules.h"

namespace exo::product {

enum class CriterionStatus { kPass, kFail, kNotDisclosed, kNotApplicable };
std::string_view StatusName(CriterionStatus status);  // "pass", "fail", ...

struct QcContext {
  Date today;
  std::optional<Route> route;               // evaluate for this route only
  std::optional<double> patient_weight_kg;  // IV per-dose endotoxin check
  std::optional<double> dose_ml;            // default: one vial (lot.volume_ml)
  std::optional<double> infusion_minutes;   // doses given within an hour count as one hour
  // The lot's state when it takes every route out of use ("recalled", "destroyed", "expired"):
  // each route is then blocked by "lot.state", which no override lifts, whatever the certificate
  // says. Empty for a certificate evaluated on its own or a lot in use.
  std::string unusable_state;
};

// The id a route's blocking list carries for a lot whose state takes it out of use.
inline constexpr const char* kLotStateBlocks = "lot.state";

// One value filled into a detail message; numbers and dates are formatted only when the
// detail is rendered, which keeps evaluation cheap.
struct DetailArg {
  DetailArg(std::string s) : value(std::move(s)) {}    // NOLINT: implicit by design
  DetailArg(const char* s) : value(std::string(s)) {}  // NOLINT
  DetailArg(double d) : value(d) {}                    // NOLINT
  DetailArg(int i) : value(i) {}                       // NOLINT
  DetailArg(Date d) : value(d) {}                      // NOLINT
  DetailArg(Route r) : value(r) {}                     // NOLINT
  // As a reader of `lang` reads it: dates written out, routes by their label.
  std::string Render(Lang lang) const;
  std::variant<std::string, double, int, Date, Route> value;
};

struct CriterionResult {
  const QcCriterion* criterion = nullptr;  // points into the QcRules evaluated against
  CriterionStatus status = CriterionStatus::kNotApplicable;
  std::string_view detail_id;  // a message id in core/messages (a string literal)
  std::vector<DetailArg> detail_args;
};

// The criterion's detail text in `lang`.
std::string RenderDetail(const CriterionResult& result, Lang lang);

struct QcDerived {
  std::optional<double> particles_per_ug_protein;
  std::optional<std::string> purity_grade;  // "high" | "low" | "impure" (Webber & Clayton)
  std::optional<double> particles_per_vial;
  std::optional<double> protein_ug_per_vial;
  std::optional<double> endotoxin_eu_per_vial;
  std::optional<int> days_to_expiry;  // negative when expired
  std::optional<double> iv_dose_ml;   // the volume the IV check used
  std::optional<double> iv_endotoxin_eu_per_kg_per_h;
  std::optional<double> iv_endotoxin_limit_eu;  // K x weight x hours
};

struct RouteVerdict {
  Route route = Route::kIv;
  bool releasable = false;
  std::vector<std::string> blocking;        // criterion ids
  bool overridable = true;                  // false if any blocking criterion is final
  std::vector<std::string> final_blocking;  // the blocking criteria no override can lift
  std::vector<std::string> warning_ids;     // message ids, e.g. route not intended
};

struct AreaDisclosure {
  QcArea area = QcArea::kOriginLot;
  int disclosed = 0;
  int total = 0;
  double Share() const { return total == 0 ? 0.0 : static_cast<double>(disclosed) / total; }
};

struct QcReport {
  std::vector<CriterionResult> criteria;
  std::vector<RouteVerdict> verdicts;  // one per evaluated route, in kAllRoutes order
  QcDerived derived;
  std::vector<std::string> not_disclosed;  // JSON pointers of undisclosed fields
  std::vector<AreaDisclosure> disclosure;
  std::vector<std::string> unknown_fields;  // JSON pointers the schema does not know
  bool human_origin = false;

  const RouteVerdict* VerdictFor(Route route) const;
  const CriterionResult* ResultFor(std::string_view criterion_id) const;
};

QcReport EvaluateCoa(const Certificate& certificate, const QcRules& rules,
                     const QcContext& context);

}  // namespace exo::product
