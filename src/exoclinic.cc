// exoclinic: the program people run. The statistics commands on a CSV (`analyze`,
// `responders`: no database, no server) run here, in a process that loads only what they use;
// every other command, `--help` and `--version` run in the whole program, exoclinic-main
// (main.cc), which this process becomes (execv: the same process id, arguments and
// environment). Issue #17: `exoclinic analyze` on 1e4 rows took ~13 ms, of which ~6 ms was
// loading the server's, the store's and TLS's libraries it never used.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/frame.h"
#include "core/messages.h"

namespace {

constexpr exo::cli::AddCommands kStatistics[] = {exo::cli::AddAnalyzeCommand,
                                                 exo::cli::AddRespondersCommand};

// The global options that take a value (cli/frame.cc), as "--db X" or "--db=X".
bool TakesValue(std::string_view arg) {
  return arg == "--db" || arg == "--rules" || arg == "--lang" || arg == "--format" ||
         arg == "--user";
}

// True when the command is one of kStatistics and nothing asks for the whole program's help or
// version: the first argument that is neither an option nor an option's value names it.
bool RunsHere(int argc, char** argv) {
  std::string_view command;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--version") return false;
    if (!command.empty()) continue;
    if (TakesValue(arg)) {
      ++i;
      continue;
    }
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string_view::npos) {
      const std::string_view name = arg.substr(0, arg.find('='));
      if (!TakesValue(name)) return false;
      continue;
    }
    if (arg.rfind('-', 0) == 0) return false;  // an option the whole program will judge
    command = arg;
  }
  return command == "analyze" || command == "responders";
}

// Becomes the whole program: beside this one (the build) or in <prefix>/lib/exoclinic.
int RunWholeProgram(int argc, char** argv) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path dir = ec ? std::filesystem::path(".") : exe.parent_path();
  std::string tried;
  const exo::Lang lang = exo::cli::HelpLang(argc, argv);
  for (const auto& path :
       {dir / "exoclinic-main", dir.parent_path() / "lib" / "exoclinic" / "exoclinic-main"}) {
    execv(path.c_str(), argv);
    tried += (tried.empty() ? "" : ", ") + path.string() + " (" + std::strerror(errno) + ")";
  }
  std::cerr << "exoclinic: " << exo::Message("err.main_program_missing", lang, {tried}) << "\n";
  return 5;
}

}  // namespace

int main(int argc, char** argv) {
  if (!RunsHere(argc, argv)) return RunWholeProgram(argc, argv);
  // These commands open no database.
  const exo::cli::StoreOpener no_store = [](const std::string&) {
    return exo::Result<std::unique_ptr<exo::cli::StoreHandle>>(
        exo::Internal("statistics commands open no database"));
  };
  return exo::cli::Run(argc, argv, kStatistics, no_store);
}
