#include "auth/crypto.h"

#include <gtest/gtest.h>

namespace exo::auth {
namespace {

TEST(Crypto, PasswordHashIsArgon2idSaltedAndVerifies) {
  const std::string h1 = HashPassword("correct horse battery");
  const std::string h2 = HashPassword("correct horse battery");
  EXPECT_EQ(h1.rfind("$argon2id$", 0), 0u);
  EXPECT_NE(h1, h2);  // salted
  EXPECT_EQ(h1.find("correct"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(h1, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(h1, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
}

TEST(Crypto, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomHexHasTheLengthAndDiffers) {
  const std::string a = RandomHex(32), b = RandomHex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(EqualConstantTime(a, a));
  EXPECT_FALSE(EqualConstantTime(a, b));
  EXPECT_FALSE(EqualConstantTime(a, a.substr(1)));
}

}  // namespace
}  // namespace exo::auth
