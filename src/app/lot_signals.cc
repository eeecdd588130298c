// Use case: each lot's adverse-event rate per session against the rest of its route.
#include <map>

#include "app/safety.h"

namespace exo::app {

Result<std::vector<LotSignal>> LotSignals(const SafetyServices& s, const Actor& actor) {
  auto counts = s.safety.CountSignals(actor.clinic_id);
  if (!counts) return counts.error();
  std::map<std::string, std::pair<int64_t, int64_t>> route_totals;
  for (const auto& c : *counts) {
    route_totals[c.route].first += c.sessions;
    route_totals[c.route].second += c.events;
  }
  std::vector<LotSignal> out;
  for (const auto& c : *counts) {
    const auto& t = route_totals[c.route];
    out.push_back({c, outcome::ComputeSignal({c.sessions, c.events, t.first, t.second})});
  }
  return out;
}

}  // namespace exo::app
