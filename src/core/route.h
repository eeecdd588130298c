// Routes of administration an EV product can be given by.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace exo {

enum class Route { kIv, kInjection, kMicroneedle, kTopical };

inline constexpr std::array<Route, 4> kAllRoutes = {Route::kIv, Route::kInjection,
                                                    Route::kMicroneedle, Route::kTopical};

// "iv", "injection", "microneedle", "topical".
std::string_view RouteName(Route route);
std::optional<Route> ParseRoute(std::string_view name);

// A small set of routes.
class RouteSet {
 public:
  constexpr RouteSet() = default;
  static RouteSet All();
  void Add(Route r) { bits_ |= Bit(r); }
  void Remove(Route r) { bits_ &= ~Bit(r); }
  bool Has(Route r) const { return (bits_ & Bit(r)) != 0; }
  bool empty() const { return bits_ == 0; }
  bool operator==(const RouteSet&) const = default;

 private:
  static constexpr unsigned Bit(Route r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

// "iv,injection" in kAllRoutes order; "" for the empty set.
std::string RouteSetToString(RouteSet routes);
// Parses a comma-separated list; the bad name on error.
std::optional<RouteSet> ParseRouteSet(std::string_view text, std::string* bad_name = nullptr);

}  // namespace exo
