#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/commands/commands.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

// Every top-level command, in the order of `exoclinic --help`.
constexpr AddCommands kCommands[] = {
    AddQcCommands,         AddLotCommands,          AddScreenCommand,   AddPatientCommands,
    AddScreeningCommands,  AddPlanCommands,         AddConsentCommands, AddSessionCommands,
    AddTraceCommands,      AddAdverseEventCommands, AddAlertsCommand,   AddTimelineCommand,
    AddSignalsCommand,     AddFollowUpsCommand,     AddScheduleCommand, AddMeasureCommands,
    AddPortalLinkCommands, AddExportCommands,       AddReportCommands,  AddAnalyzeCommand,
    AddRespondersCommand,  AddDemoCommand,          AddServeCommand,    AddUserCommands,
    AddTokenCommands,      AddClinicCommands,       AddAuditCommands,   AddDatabaseCommands,
};

// The global options; every subcommand passes the options it does not know up to here, so they
// work before or after it. `early_format` is a --format the command itself did not take.
void AddGlobalOptions(CLI::App& cli, GlobalOptions& g, std::string& early_format) {
  cli.fallthrough();  // inherited by every subcommand added later
  cli.add_option("--db", g.db,
                 "SQLite database file (default: ~/.local/share/exoclinic/exoclinic.db)");
  cli.add_option("--rules", g.rules_dir, "directory with the rule files (qc.toml)")
      ->capture_default_str();
  cli.add_option("--lang", g.lang, "ja or en (default: from LANG)")
      ->check(CLI::IsMember({"ja", "en"}));
  cli.add_option("--format", early_format, "output format, for commands that have one");
}

// The subcommand at the end of the parsed chain ("lot list": list).
const CLI::App* Leaf(const CLI::App& app) {
  const auto parsed = app.get_subcommands();
  return parsed.empty() ? &app : Leaf(*parsed.front());
}

}  // namespace

int Main(int argc, char** argv, const StoreOpener& open_store) {
  CLI::App cli{"exoclinic — records and quality control for exosome (EV) treatment clinics"};
  cli.require_subcommand(1);
  GlobalOptions globals;
  std::string early_format;
  AddGlobalOptions(cli, globals, early_format);
  CommandTable table(globals);
  for (const AddCommands add : kCommands) add(cli, table);
  const CLI::App* command = nullptr;
  try {
    cli.parse(argc, argv);
    command = Leaf(cli);
    if (!early_format.empty()) table.ApplyFormat(command, early_format);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : kExitUsage;  // --help exits 0; every usage error exits 2
  }
  const Action* action = table.Find(command);
  if (action == nullptr) return kExitUsage;
  Context context(globals, open_store);
  return (*action)(context);
}

}  // namespace exo::cli
