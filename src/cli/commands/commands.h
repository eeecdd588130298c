// Every command group registers its subcommands, options and actions into the table; cli.cc
// lists them in the order `exoclinic --help` shows them.
#pragma once

#include "cli/command.h"

namespace exo::cli {

using AddCommands = void (*)(CLI::App& app, CommandTable& table);

void AddQcCommands(CLI::App& app, CommandTable& table);            // qc.cc
void AddLotCommands(CLI::App& app, CommandTable& table);           // lots.cc
void AddScreenCommand(CLI::App& app, CommandTable& table);         // patients.cc
void AddPatientCommands(CLI::App& app, CommandTable& table);       // patients.cc
void AddScreeningCommands(CLI::App& app, CommandTable& table);     // patients.cc
void AddPlanCommands(CLI::App& app, CommandTable& table);          // plans.cc
void AddConsentCommands(CLI::App& app, CommandTable& table);       // consents.cc
void AddSessionCommands(CLI::App& app, CommandTable& table);       // sessions.cc
void AddTraceCommands(CLI::App& app, CommandTable& table);         // sessions.cc
void AddAdverseEventCommands(CLI::App& app, CommandTable& table);  // safety.cc
void AddAlertsCommand(CLI::App& app, CommandTable& table);         // safety.cc
void AddTimelineCommand(CLI::App& app, CommandTable& table);       // outcomes.cc
void AddSignalsCommand(CLI::App& app, CommandTable& table);        // safety.cc
void AddFollowUpsCommand(CLI::App& app, CommandTable& table);      // sessions.cc
void AddScheduleCommand(CLI::App& app, CommandTable& table);       // sessions.cc
void AddMeasureCommands(CLI::App& app, CommandTable& table);       // outcomes.cc
void AddPortalLinkCommands(CLI::App& app, CommandTable& table);    // outcomes.cc
void AddExportCommands(CLI::App& app, CommandTable& table);        // outcomes.cc
void AddReportCommands(CLI::App& app, CommandTable& table);        // outcomes.cc
void AddAnalyzeCommand(CLI::App& app, CommandTable& table);        // analysis.cc
void AddRespondersCommand(CLI::App& app, CommandTable& table);     // analysis.cc
void AddDemoCommand(CLI::App& app, CommandTable& table);           // demo.cc
void AddServeCommand(CLI::App& app, CommandTable& table);          // serve.cc
void AddUserCommands(CLI::App& app, CommandTable& table);          // accounts.cc
void AddTokenCommands(CLI::App& app, CommandTable& table);         // accounts.cc
void AddClinicCommands(CLI::App& app, CommandTable& table);        // accounts.cc
void AddAuditCommands(CLI::App& app, CommandTable& table);         // audit.cc
void AddDatabaseCommands(CLI::App& app, CommandTable& table);      // database.cc

}  // namespace exo::cli
