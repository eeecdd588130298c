// The command-line adapter: parses arguments (CLI11), calls one use case, renders the result
// as text or JSON in Japanese or English. Exit codes: 0 ok, 1 invalid input, 2 usage,
// 3 not found, 4 conflict (refused transition), 5 other failure, 6 audit chain broken.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/services.h"
#include "core/result.h"

namespace exo::cli {

// An open database: owns its connections; Refs() stays valid while it lives.
class StoreHandle {
 public:
  virtual ~StoreHandle() = default;
  virtual app::StoreRefs Refs() = 0;
};

// Opens (creating and migrating if needed) the database at `path`. main.cc picks the store.
using StoreOpener = std::function<Result<std::unique_ptr<StoreHandle>>(const std::string& path)>;

int Main(int argc, char** argv, const StoreOpener& open_store);

// Every help text of the command line: the catalogue key ("help.cmd.lot.list",
// "help.opt.lot.list.state") and the English text the code gives. Help is shown from the
// catalogue in the run's language (--lang, else LC_ALL/LC_MESSAGES/LANG); the test checks that
// every key is there.
struct HelpText {
  std::string key;
  std::string en;
};
std::vector<HelpText> AllHelpTexts();

}  // namespace exo::cli
