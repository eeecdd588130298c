// A product lot in the clinic's register and its life cycle:
//   quarantined (on import) -> released (for named routes) -> expired | recalled | destroyed.
// A released lot can be put back into quarantine; recalled and destroyed are final; an
// expired lot can still be recalled or destroyed. Every transition is a LotEvent with who,
// when and why; an override of a not-releasable verdict is kept on the event forever.
#pragma once

#include <cstdint>
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

struct LotEvent {
  int64_t id = 0;
  Timestamp at;
  std::string actor;
  LotAction action = LotAction::kImport;
  std::optional<LotState> from;  // none for the import
  LotState to = LotState::kQuarantined;
  RouteSet routes;  // release: the routes released
  std::string reason;
  bool override = false;                // release against a not_releasable verdict
  std::vector<std::string> overridden;  // criterion ids that blocked, "route:criterion"
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
};

// Plans a release: routes where the report says not_releasable need `override_reason`, and
// are refused outright when a blocking criterion is final (expired, sterility failure,
// non-human origin for IV or injection). Releasing replaces the set of released routes.
Result<LotEvent> PlanRelease(const Lot& lot, RouteSet routes, const QcReport& report,
                             const std::string& override_reason);

// Plans quarantine, recall, destroy or expire; `reason` is required for recall and destroy.
Result<LotEvent> PlanTransition(const Lot& lot, LotAction action, const std::string& reason);

}  // namespace exo::product
