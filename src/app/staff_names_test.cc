#include "app/staff_names.h"

#include <gtest/gtest.h>

namespace exo::app {
namespace {

StaffNames Names() {
  StaffNames n;
  n.by_login = {{"dr.sato", "佐藤 一郎"}, {"nurse.ito", ""}};
  return n;
}

TEST(ActorName, StaffMemberShowsByDisplayName) {
  EXPECT_EQ(ActorName(Names(), "dr.sato", Lang::kJa), "佐藤 一郎");
  EXPECT_EQ(ActorName(Names(), "dr.sato", Lang::kEn), "佐藤 一郎");
}

TEST(ActorName, ApiTokenOfAStaffMemberShowsTheirName) {
  EXPECT_EQ(ActorName(Names(), "dr.sato#token3", Lang::kJa), "佐藤 一郎");
}

TEST(ActorName, LoginInParenthesesOnlyWhereNoDisplayNameIsSet) {
  EXPECT_EQ(ActorName(Names(), "nurse.ito", Lang::kJa), "(nurse.ito)");
  EXPECT_EQ(ActorName(Names(), "gone#token9", Lang::kEn), "(gone)");
}

TEST(ActorName, TheUnsignedCommandLineIsNamedFromTheCatalogue) {
  EXPECT_EQ(ActorName(Names(), "cli:local", Lang::kJa), "コマンドライン（ログインなし、local）");
  EXPECT_EQ(ActorName(Names(), "cli:root", Lang::kEn), "command line (not signed in, root)");
}

TEST(ActorName, SystemJobsAreNamedFromTheCatalogue) {
  EXPECT_EQ(ActorName(Names(), "system", Lang::kJa), "システム（自動処理）");
  EXPECT_EQ(ActorName(Names(), "system", Lang::kEn), "system (automatic)");
}

}  // namespace
}  // namespace exo::app
