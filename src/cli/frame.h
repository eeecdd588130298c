// The command-line frame: the global options, the localized help and the run of one command,
// over a given list of commands. cli.cc runs it over every command (the whole program);
// src/exoclinic.cc over the statistics commands alone (issue #17: they start without the
// server's and the store's libraries).
#pragma once

#include <span>
#include <vector>

#include "cli/cli.h"
#include "cli/commands/commands.h"
#include "core/messages.h"

namespace exo::cli {

// The language of the help and of messages before a command runs: --lang (as "--lang ja" or
// "--lang=ja") anywhere in argv, else the locale.
Lang HelpLang(int argc, char** argv);

// Parses argv against the commands and runs the one named; its exit code.
int Run(int argc, char** argv, std::span<const AddCommands> commands,
        const StoreOpener& open_store);

// The help texts of these commands (AllHelpTexts).
std::vector<HelpText> HelpTexts(std::span<const AddCommands> commands);

}  // namespace exo::cli
