// Lot safety signal: is a lot's adverse-event rate per session higher than the rest of the
// clinic's sessions by the same route? One-sided exact binomial test. Pure.
#pragma once

#include <cstdint>
#include <optional>

namespace exo::outcome {

// P(X >= k) for X ~ Binomial(n, p), computed exactly in log space.
double BinomialUpperTail(int64_t k, int64_t n, double p);

struct SignalInput {
  int64_t lot_sessions = 0;
  int64_t lot_events = 0;      // sessions of the lot followed by at least one adverse event
  int64_t route_sessions = 0;  // all sessions by the same route, this lot included
  int64_t route_events = 0;
};

struct Signal {
  double lot_rate = 0;
  std::optional<double> reference_rate;  // the rest of the route; none without other sessions
  std::optional<double> p_value;         // one-sided, lot rate > reference
  bool flagged = false;                  // p < alpha
};

Signal ComputeSignal(const SignalInput& in, double alpha = 0.05);

}  // namespace exo::outcome
