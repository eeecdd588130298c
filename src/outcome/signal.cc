#include "outcome/signal.h"

#include <algorithm>
#include <cmath>

namespace exo::outcome {

double BinomialUpperTail(int64_t k, int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  if (p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  // Sum the smaller tail for accuracy.
  const auto log_pmf = [n, p](int64_t i) {
    return std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
           i * std::log(p) + (n - i) * std::log1p(-p);
  };
  double upper = 0;
  for (int64_t i = k; i <= n; ++i) upper += std::exp(log_pmf(i));
  return std::clamp(upper, 0.0, 1.0);
}

Signal ComputeSignal(const SignalInput& in, double alpha) {
  Signal s;
  if (in.lot_sessions > 0) s.lot_rate = static_cast<double>(in.lot_events) / in.lot_sessions;
  const int64_t other_sessions = in.route_sessions - in.lot_sessions;
  const int64_t other_events = in.route_events - in.lot_events;
  if (other_sessions <= 0 || in.lot_sessions <= 0) return s;
  s.reference_rate = static_cast<double>(other_events) / other_sessions;
  s.p_value = BinomialUpperTail(in.lot_events, in.lot_sessions, *s.reference_rate);
  s.flagged = in.lot_events > 0 && *s.p_value < alpha && s.lot_rate > *s.reference_rate;
  return s;
}

}  // namespace exo::outcome
