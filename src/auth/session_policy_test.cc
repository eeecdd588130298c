#include "auth/session_policy.h"

#include <gtest/gtest.h>

namespace exo::auth {
namespace {

TEST(SessionPolicy, IdleAndAbsoluteTimeouts) {
  const SessionPolicy p{1800, 43200};
  EXPECT_TRUE(SessionAlive(p, 0, 0, 1800));
  EXPECT_FALSE(SessionAlive(p, 0, 0, 1801));  // idle
  EXPECT_TRUE(SessionAlive(p, 0, 43000, 43200));
  EXPECT_FALSE(SessionAlive(p, 0, 43100, 43201));  // absolute, though active
}

TEST(PasswordRules, LengthCountsCharactersNotBytes) {
  EXPECT_FALSE(CheckPasswordRules("password", "short").has_value());
  EXPECT_EQ(CheckPasswordRules("password", "short").error().fields[0].field, "password");
  EXPECT_TRUE(CheckPasswordRules("p", "twelve chars").has_value());
  EXPECT_FALSE(CheckPasswordRules("p", "日本語のパスワード").has_value());  // 9 characters
  EXPECT_TRUE(CheckPasswordRules("p", "日本語のとても長いパスワード").has_value());
  EXPECT_FALSE(CheckPasswordRules("p", std::string(300, 'x')).has_value());
}

TEST(LoginLimiter, BlocksAfterMaxFailuresWithinTheWindow) {
  const LoginLimiter l(3, 900);
  EXPECT_EQ(l.SecondsBlocked({}, 100), 0);
  EXPECT_EQ(l.SecondsBlocked({100, 101}, 102), 0);
  EXPECT_GT(l.SecondsBlocked({100, 101, 102}, 200), 0);
  EXPECT_EQ(l.SecondsBlocked({100, 101, 102}, 1003), 0);  // the window has passed
}

TEST(LoginLimiter, SecondsBlockedLastsUntilEnoughFailuresLeaveTheWindow) {
  const LoginLimiter l(3, 900);
  EXPECT_EQ(l.SecondsBlocked({100, 101}, 200), 0);
  EXPECT_EQ(l.SecondsBlocked({100, 101, 150}, 200), 100 + 900 - 200);
  EXPECT_EQ(l.SecondsBlocked({10, 100, 101, 150}, 200), 100 + 900 - 200);  // 2 of 4 must leave
  EXPECT_EQ(l.SecondsBlocked({100, 101, 150}, 1000), 0);                   // 100 has left
}

}  // namespace
}  // namespace exo::auth
