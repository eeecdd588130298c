#include "product/lot.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_input.h"

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

namespace {

std::string RouteList(RouteSet routes) {
  std::string out;
  for (Route r : kAllRoutes)
    if (routes.Has(r)) out += (out.empty() ? "" : ", ") + std::string(RouteName(r));
  return out;
}

std::string OverrideField(const std::string& criterion) {
  return "/overrides/" + JsonPointerToken(criterion);
}

// The criteria blocking the chosen not-releasable routes, each with those routes, in the
// report's criterion order; an error when one of those routes can never be released.
Result<std::vector<CriterionOverride>> BlockingCriteria(RouteSet routes, const QcReport& report) {
  std::vector<CriterionOverride> blocking;
  for (Route route : kAllRoutes) {
    if (!routes.Has(route)) continue;
    const RouteVerdict* v = report.VerdictFor(route);
    EXO_CHECK(v != nullptr, "report evaluated for every route");
    if (v->releasable) continue;
    if (!v->overridable) {
      std::string final_ids;
      for (const auto& id : v->final_blocking) final_ids += (final_ids.empty() ? "" : ", ") + id;
      return Conflict("err.lot_never_releasable", {std::string(RouteName(route)), final_ids});
    }
    for (const auto& id : v->blocking) {
      auto it = std::find_if(
          blocking.begin(), blocking.end(),
          [&criterion = id](const CriterionOverride& o) { return o.criterion == criterion; });
      if (it == blocking.end()) it = blocking.insert(blocking.end(), CriterionOverride{id, {}, {}});
      it->routes.Add(route);
    }
  }
  std::vector<std::string> order;
  for (const auto& c : report.criteria) order.push_back(c.criterion->id);
  const auto rank = [&order](const CriterionOverride& o) {
    return std::find(order.begin(), order.end(), o.criterion) - order.begin();
  };
  std::stable_sort(blocking.begin(), blocking.end(),
                   [&rank](const auto& a, const auto& b) { return rank(a) < rank(b); });
  return blocking;
}

// Each entry of `overrides` must name a known criterion that blocks a chosen route, with a reason.
std::vector<FieldError> CheckOverrideEntries(const OverrideReasons& overrides,
                                             const std::vector<CriterionOverride>& blocking,
                                             const QcReport& report, RouteSet routes) {
  std::vector<std::string> known;
  for (const auto& c : report.criteria) known.push_back(c.criterion->id);
  std::vector<FieldError> errors;
  for (const auto& [id, reason] : overrides) {
    const std::string field = OverrideField(id);
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      std::string near = NearestName(id, known);
      if (near.empty())  // "endotoxin" for "tests.endotoxin": the id without its area
        for (const auto& k : known)
          if (k.size() > id.size() && k.ends_with("." + id)) near = k;
      if (near.empty())
        errors.push_back({field, "err.override_unknown_criterion", {id}});
      else
        errors.push_back({field, "err.override_unknown_criterion_did_you_mean", {id, near}});
      continue;
    }
    const bool blocks = std::any_of(
        blocking.begin(), blocking.end(),
        [&criterion = id](const CriterionOverride& o) { return o.criterion == criterion; });
    if (!blocks)
      errors.push_back({field, "err.override_not_blocking", {id, RouteList(routes)}});
    else if (Blank(reason))
      errors.push_back({field, "err.reason_required", {}});
  }
  return errors;
}

}  // namespace

Result<LotEvent> PlanRelease(const Lot& lot, RouteSet routes, const QcReport& report,
                             const OverrideReasons& overrides) {
  if (routes.empty()) return Invalid("routes", "err.routes_required");
  if (lot.state != LotState::kQuarantined && lot.state != LotState::kReleased)
    return BadTransition(lot.state, LotState::kReleased);
  auto blocking = BlockingCriteria(routes, report);
  if (!blocking) return blocking.error();
  if (auto errors = CheckOverrideEntries(overrides, *blocking, report, routes); !errors.empty())
    return InvalidFields(std::move(errors));
  Error missing = Conflict("err.override_missing");
  for (auto& o : *blocking) {
    const auto it = overrides.find(o.criterion);
    if (it != overrides.end()) {
      o.reason = it->second;
      continue;
    }
    if (missing.fields.empty()) missing.args = {o.criterion, RouteList(o.routes)};
    missing.fields.push_back(
        {OverrideField(o.criterion), "err.override_required", {RouteList(o.routes)}});
  }
  if (!missing.fields.empty()) return missing;
  LotEvent e;
  e.action = LotAction::kRelease;
  e.from = lot.state;
  e.to = LotState::kReleased;
  e.routes = routes;
  e.override = !blocking->empty();
  e.overridden = std::move(*blocking);
  return e;
}

std::string OverridesToText(const std::vector<CriterionOverride>& overridden) {
  if (overridden.empty()) return "";
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : overridden) {
    nlohmann::json routes = nlohmann::json::array();
    for (Route r : kAllRoutes)
      if (o.routes.Has(r)) routes.push_back(std::string(RouteName(r)));
    out.push_back({{"criterion", o.criterion}, {"routes", routes}, {"reason", o.reason}});
  }
  return out.dump();
}

std::vector<CriterionOverride> OverridesFromText(std::string_view text,
                                                 const std::string& legacy_reason) {
  std::vector<CriterionOverride> out;
  if (text.starts_with("[")) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_array()) return out;
    for (const auto& o : doc) {
      if (!o.is_object()) continue;
      CriterionOverride c{o.value("criterion", ""), {}, o.value("reason", "")};
      for (const auto& r : o.value("routes", nlohmann::json::array()))
        if (auto route = r.is_string() ? ParseRoute(r.get<std::string>()) : std::nullopt)
          c.routes.Add(*route);
      out.push_back(std::move(c));
    }
    return out;
  }
  // Before #13: "iv:tests.endotoxin,injection:tests.endotoxin", one reason for the release.
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    const auto route = ParseRoute(item.substr(0, colon));
    const std::string id(item.substr(colon + 1));
    auto it = std::find_if(out.begin(), out.end(), [&criterion = id](const CriterionOverride& o) {
      return o.criterion == criterion;
    });
    if (it == out.end()) it = out.insert(out.end(), CriterionOverride{id, {}, legacy_reason});
    if (route) it->routes.Add(*route);
  }
  return out;
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
