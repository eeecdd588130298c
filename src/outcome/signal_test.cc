#include "outcome/signal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace exo::outcome {
namespace {

TEST(BinomialUpperTail, MatchesHandComputedValues) {
  // P(X >= 3 | 10, 0.1) = 1 - (0.9^10 + 10*0.1*0.9^9 + 45*0.01*0.9^8) = 0.0701908...
  EXPECT_NEAR(BinomialUpperTail(3, 10, 0.1), 0.07019083, 1e-8);
  EXPECT_NEAR(BinomialUpperTail(1, 5, 0.5), 1 - 0.03125, 1e-12);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(0, 5, 0.2), 1.0);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(6, 5, 0.2), 0.0);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(1, 5, 0.0), 0.0);
  EXPECT_NEAR(BinomialUpperTail(200, 200, 0.5), std::pow(0.5, 200), 1e-70);
}

// Generated clinic where the truth is known: 20 lots of 200 sessions by the same route; 19 lots
// have an adverse event after every 20th session (5%), one after every 5th (20%).
TEST(LotSignal, FlagsTheLotWithTheHigherRateAndNoOther) {
  std::vector<SignalInput> lots;
  int64_t route_sessions = 0, route_events = 0;
  for (int lot = 0; lot < 20; ++lot) {
    SignalInput in;
    in.lot_sessions = 200;
    for (int s = 1; s <= 200; ++s) in.lot_events += (lot == 7 ? s % 5 == 0 : s % 20 == 0) ? 1 : 0;
    route_sessions += in.lot_sessions;
    route_events += in.lot_events;
    lots.push_back(in);
  }
  for (int lot = 0; lot < 20; ++lot) {
    lots[static_cast<size_t>(lot)].route_sessions = route_sessions;
    lots[static_cast<size_t>(lot)].route_events = route_events;
    const Signal s = ComputeSignal(lots[static_cast<size_t>(lot)]);
    ASSERT_TRUE(s.p_value.has_value());
    EXPECT_EQ(s.flagged, lot == 7) << "lot " << lot << " p=" << *s.p_value;
    if (lot == 7)
      EXPECT_LT(*s.p_value, 1e-10);
    else
      EXPECT_GT(*s.p_value, 0.3);
  }
}

TEST(LotSignal, NoReferenceWithoutOtherSessions) {
  const Signal s = ComputeSignal({10, 2, 10, 2});
  EXPECT_FALSE(s.reference_rate.has_value());
  EXPECT_FALSE(s.flagged);
  EXPECT_DOUBLE_EQ(s.lot_rate, 0.2);
}

}  // namespace
}  // namespace exo::outcome
