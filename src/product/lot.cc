#include "product/lot.h"

#include <algorithm>

namespace exo::product {

std::string_view LotStateName(LotState state) {
  switch (state) {
    case LotState::kQuarantined:
      return "quarantined";
    case LotState::kReleased:
      return "released";
    case LotState::kExpired:
      return "expired";
    case LotState::kRecalled:
      return "recalled";
    case LotState::kDestroyed:
      return "destroyed";
  }
  return "quarantined";
}

std::optional<LotState> ParseLotState(std::string_view name) {
  for (LotState s : {LotState::kQuarantined, LotState::kReleased, LotState::kExpired,
                     LotState::kRecalled, LotState::kDestroyed})
    if (LotStateName(s) == name) return s;
  return std::nullopt;
}

bool IsFinal(LotState state) {
  return state == LotState::kRecalled || state == LotState::kDestroyed;
}

std::string_view LotActionName(LotAction action) {
  switch (action) {
    case LotAction::kImport:
      return "import";
    case LotAction::kRelease:
      return "release";
    case LotAction::kQuarantine:
      return "quarantine";
    case LotAction::kExpire:
      return "expire";
    case LotAction::kRecall:
      return "recall";
    case LotAction::kDestroy:
      return "destroy";
  }
  return "import";
}

std::optional<LotAction> ParseLotAction(std::string_view name) {
  for (LotAction a : {LotAction::kImport, LotAction::kRelease, LotAction::kQuarantine,
                      LotAction::kExpire, LotAction::kRecall, LotAction::kDestroy})
    if (LotActionName(a) == name) return a;
  return std::nullopt;
}

namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Error BadTransition(LotState from, LotState to) {
  if (IsFinal(from)) return Conflict("err.lot_final_state", {std::string(LotStateName(from))});
  return Conflict("err.lot_bad_transition",
                  {std::string(LotStateName(from)), std::string(LotStateName(to))});
}

}  // namespace

Result<LotEvent> PlanRelease(const Lot& lot, RouteSet routes, const QcReport& report,
                             const std::string& override_reason) {
  if (routes.empty()) return Invalid("routes", "err.routes_required");
  if (lot.state != LotState::kQuarantined && lot.state != LotState::kReleased)
    return BadTransition(lot.state, LotState::kReleased);
  LotEvent e;
  e.action = LotAction::kRelease;
  e.from = lot.state;
  e.to = LotState::kReleased;
  e.routes = routes;
  for (Route route : kAllRoutes) {
    if (!routes.Has(route)) continue;
    const RouteVerdict* v = report.VerdictFor(route);
    EXO_CHECK(v != nullptr, "report evaluated for every route");
    if (v->releasable) continue;
    std::string blocking;
    for (const auto& id : v->blocking) blocking += (blocking.empty() ? "" : ", ") + id;
    if (!v->overridable) {
      std::string final_ids;
      for (const auto& id : v->final_blocking) final_ids += (final_ids.empty() ? "" : ", ") + id;
      return Conflict("err.lot_never_releasable", {std::string(RouteName(route)), final_ids});
    }
    if (Blank(override_reason))
      return Conflict("err.lot_not_releasable", {std::string(RouteName(route)), blocking});
    e.override = true;
    for (const auto& id : v->blocking)
      e.overridden.push_back(std::string(RouteName(route)) + ":" + id);
  }
  e.reason = override_reason;
  return e;
}

Result<LotEvent> PlanTransition(const Lot& lot, LotAction action, const std::string& reason) {
  LotEvent e;
  e.action = action;
  e.from = lot.state;
  e.reason = reason;
  switch (action) {
    case LotAction::kQuarantine:
      e.to = LotState::kQuarantined;
      if (lot.state != LotState::kReleased) return BadTransition(lot.state, e.to);
      break;
    case LotAction::kExpire:
      e.to = LotState::kExpired;
      if (lot.state != LotState::kReleased && lot.state != LotState::kQuarantined)
        return BadTransition(lot.state, e.to);
      break;
    case LotAction::kRecall:
    case LotAction::kDestroy:
      e.to = action == LotAction::kRecall ? LotState::kRecalled : LotState::kDestroyed;
      if (IsFinal(lot.state)) return BadTransition(lot.state, e.to);
      if (Blank(reason)) return Invalid("reason", "err.reason_required");
      break;
    case LotAction::kImport:
    case LotAction::kRelease:
      EXO_CHECK(false, "import and release have their own planners");
  }
  return e;
}

}  // namespace exo::product
