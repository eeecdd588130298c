// A product lot in the clinic's register and its life cycle:
//   quarantined (on import) -> released (for named routes) -> expired | recalled | destroyed.
// A released lot can be put back into quarantine; recalled and destroyed are final; an
// expired lot can still be recalled or destroyed. Every transition is a LotEvent with who,
// when and why; an override of a not-releasable verdict is kept on the event forever.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/route.h"
#include "core/timestamp.h"
#include "product/qc_evaluation.h"

namespace exo::product {

enum class LotState { kQuarantined, kReleased, kExpired, kRecalled, kDestroyed };
std::string_view LotStateName(LotState state);
std::optional<LotState> ParseLotState(std::string_view name);
bool IsFinal(LotState state);

using LotId = int64_t;
using ClinicId = int64_t;

enum class LotAction { kImport, kRelease, kQuarantine, kExpire, kRecall, kDestroy };
std::string_view LotActionName(LotAction action);
std::optional<LotAction> ParseLotAction(std::string_view name);

// One blocking criterion a physician acknowledged to release a lot against its verdict (#13):
// which criterion, the released routes it blocked, and the reason given for it.
struct CriterionOverride {
  std::string criterion;  // a QcCriterion id ("tests.endotoxin")
  RouteSet routes;        // the released routes it made not releasable
  std::string reason;     // the physician's words for this criterion
  bool operator==(const CriterionOverride&) const = default;
};

// A release request's acknowledgements: criterion id -> reason.
using OverrideReasons = std::map<std::string, std::string, std::less<>>;

struct LotEvent {
  int64_t id = 0;
  Timestamp at;
  std::string actor;
  LotAction action = LotAction::kImport;
  std::optional<LotState> from;  // none for the import
  LotState to = LotState::kQuarantined;
  RouteSet routes;        // release: the routes released
  std::string reason;     // quarantine, recall, destroy; a release keeps its reasons per criterion
  bool override = false;  // release against a not_releasable verdict
  std::vector<CriterionOverride> overridden;  // each criterion acknowledged, in report order
};

// How the store counts changes to what a lot's JSON is made of (besides the rules and the day):
// `lot` changes with every change to the lot or its events, `staff` with every change to its
// clinic's staff names (shown in its history). Equal revisions of one lot: the same stored lot.
struct LotRevision {
  int64_t lot = 0;
  int64_t staff = 0;
  friend bool operator==(const LotRevision&, const LotRevision&) = default;
};

struct Lot {
  LotId id = 0;
  ClinicId clinic_id = 0;
  std::string lot_number;
  std::string product_name;
  std::string manufacturer;
  std::optional<Date> expires_on;
  LotState state = LotState::kQuarantined;
  RouteSet released_routes;
  std::optional<int> vials_in_stock;
  std::string certificate_json;  // exactly as imported
  std::string public_token;      // for the public transparency page
  Timestamp imported_at;
  bool has_override = false;     // any release of this lot overrode a verdict
  std::vector<LotEvent> events;  // oldest first
  LotRevision revision;          // set by the store, never from input
};

// Plans a release. A chosen route whose verdict is not_releasable is refused outright when a
// blocking criterion is final (expired, sterility failure, non-human origin for IV or
// injection); otherwise every criterion blocking a chosen route needs its own entry in
// `overrides` (criterion id -> reason), and the entries must name exactly those criteria:
//   - an entry for an unknown criterion (err.override_unknown_criterion, with a near id when one
//     is close), for one that blocks none of the chosen routes (err.override_not_blocking) or
//     with a blank reason (err.reason_required): kInvalid, each naming "/overrides/<id>";
//   - a blocking criterion without an entry: kConflict err.override_missing naming the first
//     one, with a field "/overrides/<id>" (err.override_required) for each.
// Releasing replaces the set of released routes.
Result<LotEvent> PlanRelease(const Lot& lot, RouteSet routes, const QcReport& report,
                             const OverrideReasons& overrides);

// The stored form of `LotEvent::overridden` (a JSON array of {criterion, routes, reason}) and
// back. `legacy_reason` is the event's reason, used for rows written before #13 as
// "route:criterion" lists with one reason for all of them.
std::string OverridesToText(const std::vector<CriterionOverride>& overridden);
std::vector<CriterionOverride> OverridesFromText(std::string_view text,
                                                 const std::string& legacy_reason);

// Plans quarantine, recall, destroy or expire; `reason` is required for recall and destroy.
Result<LotEvent> PlanTransition(const Lot& lot, LotAction action, const std::string& reason);

}  // namespace exo::product
