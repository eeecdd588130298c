#include "cli/cli.h"

#include "cli/commands/commands.h"
#include "cli/frame.h"

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

}  // namespace

int Main(int argc, char** argv, const StoreOpener& open_store) {
  return Run(argc, argv, kCommands, open_store);
}

std::vector<HelpText> AllHelpTexts() { return HelpTexts(kCommands); }

}  // namespace exo::cli
