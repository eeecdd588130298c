#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/messages.h"

namespace exo::cli {

TEST(CliHelp, EveryCommandAndOptionHasItsHelpInTheCatalogue) {
  const auto texts = AllHelpTexts();
  ASSERT_GT(texts.size(), 100u);
  std::vector<std::string> missing;
  for (const auto& h : texts)
    if (!HasMessage(h.key)) missing.push_back(h.key);
  EXPECT_EQ(missing, std::vector<std::string>{});
  for (const auto& h : texts)  // readable lines to add to i18n/messages.toml
    if (!HasMessage(h.key)) std::cout << "MISSING\t" << h.key << "\t" << h.en << "\n";
}

TEST(CliHelp, KeysNameTheCommandPath) {
  bool lot_list = false, due = false;
  for (const auto& h : AllHelpTexts()) {
    lot_list = lot_list || h.key == "help.cmd.lot.list";
    due = due || h.key == "help.opt.followups.due";
  }
  EXPECT_TRUE(lot_list);
  EXPECT_TRUE(due);
}

}  // namespace exo::cli
