#include "core/route.h"

namespace exo {

std::string_view RouteName(Route route) {
  switch (route) {
    case Route::kIv:
      return "iv";
    case Route::kInjection:
      return "injection";
    case Route::kMicroneedle:
      return "microneedle";
    case Route::kTopical:
      return "topical";
  }
  return "iv";
}

std::optional<Route> ParseRoute(std::string_view name) {
  for (Route r : kAllRoutes)
    if (RouteName(r) == name) return r;
  return std::nullopt;
}

RouteSet RouteSet::All() {
  RouteSet s;
  for (Route r : kAllRoutes) s.Add(r);
  return s;
}

std::string RouteSetToString(RouteSet routes) {
  std::string out;
  for (Route r : kAllRoutes) {
    if (!routes.Has(r)) continue;
    if (!out.empty()) out += ',';
    out += RouteName(r);
  }
  return out;
}

std::optional<RouteSet> ParseRouteSet(std::string_view text, std::string* bad_name) {
  RouteSet set;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      const auto route = ParseRoute(name);
      if (!route) {
        if (bad_name != nullptr) *bad_name = std::string(name);
        return std::nullopt;
      }
      set.Add(*route);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return set;
}

}  // namespace exo
