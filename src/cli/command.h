// The frame every command group plugs into: the global options, the table that maps each
// subcommand to its action, and the context an action runs in (its language and output format,
// and the database, rules and services, opened on first use).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "app/services.h"
#include "cli/cli.h"
#include "core/messages.h"
#include "core/result.h"

namespace exo::cli {

// Where the program's data folder `name` ("rules", "web") is: beside an installed program
// (<prefix>/bin/exoclinic, or the whole program it becomes, <prefix>/lib/exoclinic/exoclinic-main:
// <prefix>/share/exoclinic/<name>) when that folder exists, else the build's `fallback` (the
// source tree). The Debian package ships the programs the tests built.
std::string DefaultDataDir(const std::string& name, const std::string& fallback);

// Accepted before or after the subcommand.
struct GlobalOptions {
  std::string db;  // empty: ~/.local/share/exoclinic/exoclinic.db
  std::string rules_dir = DefaultDataDir("rules", EXO_RULES_DIR);
  std::string lang;             // empty: from LANG
  std::string format = "text";  // the command's --format where it has one
  std::string user;             // --user: the named user the command acts as
};

// The language of `flag` ("ja", "en"), else of the environment (LC_ALL, LC_MESSAGES, LANG).
Lang ResolveLang(const std::string& flag);

inline constexpr const char* kDefaultPublicUrl = "http://127.0.0.1:8080";

// What a command that reads or writes the database works with.
struct Env {
  std::unique_ptr<StoreHandle> handle;
  app::StoreRefs stores;
  app::RuleSet rules;
  std::unique_ptr<app::Services> services;
};

// The run's language: `flag` ("ja"/"en") when given, else LC_ALL, LC_MESSAGES or LANG (a value
// starting with "ja" is Japanese), else English.
Lang ResolveLang(const std::string& flag);

class Context {
 public:
  Context(const GlobalOptions& options, const StoreOpener& open_store);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  Lang lang() const { return lang_; }
  const GlobalOptions& options() const { return options_; }
  const std::string& format() const { return options_.format; }
  // The system clock, in the clinic's zone once Open has read the rules (made on first use, in
  // command_env.cc: the statistics commands' program links no time-zone database).
  const app::Clock& clock() const;
  // The database file: --db, or the default location.
  std::string DbPath() const;

  // Loads every rule file, opens the database and builds the services, once; later calls return
  // the same Env. Errors name the rule file or the database.
  Result<Env*> Open(const std::string& public_base_url = kDefaultPublicUrl);

  // The named user a clinical command acts as (`--user NAME` or EXOCLINIC_TOKEN), once
  // Identify succeeded; before, nobody (an anonymous actor no use case accepts as a person).
  app::Actor Clinician() const;
  // Identifies the named user (once) and checks that their role has `permission`: no user is
  // err.cli_user_required, a role without it err.cli_role_forbidden. Needs an open Env.
  Status Identify(auth::Permission permission);
  // The local operator of the machine for accounts, clinics and database tools: "cli:<login>",
  // an admin of clinic 1 (file access to the database is the authority here).
  app::Actor Operator() const;

  // Renders the error in this run's language and format (or `format`); its exit code.
  int Fail(const Error& error) const;
  int Fail(const Error& error, const std::string& format) const;

 private:
  const GlobalOptions& options_;
  const StoreOpener& open_store_;
  Lang lang_;
  app::SystemClock& Clock() const;
  mutable std::shared_ptr<app::SystemClock> clock_;
  // Shared, not unique: the frame destroys a Context without naming Env's destructor, so the
  // statistics commands' program (src/exoclinic.cc) links no store or service (command_env.cc
  // opens it).
  std::shared_ptr<Env> env_;
  std::optional<app::Actor> named_;
};

using Action = std::function<int(Context&)>;
// An action that needs the database: it runs once Context::Open succeeded.
using EnvAction = std::function<int(Context&, Env&)>;

// Every subcommand with its action; command groups register here (cli/commands/).
class CommandTable {
 public:
  explicit CommandTable(GlobalOptions& globals) : globals_(globals) {}
  CommandTable(const CommandTable&) = delete;
  CommandTable& operator=(const CommandTable&) = delete;

  GlobalOptions& globals() { return globals_; }

  // Storage for a group's option values, alive as long as the table.
  template <typename T>
  T& Own() {
    auto holder = std::make_unique<Holder<T>>();
    T& value = holder->value;
    owned_.push_back(std::move(holder));
    return value;
  }

  void Add(CLI::App* command, Action action);
  // Opens the database (default public URL) before the action; an open error is rendered in the
  // run's format.
  void AddWithEnv(CLI::App* command, EnvAction action);
  // As AddWithEnv, for a command a named person performs: the action runs as the user of
  // `--user`/EXOCLINIC_TOKEN (Context::Clinician) when their role has `permission`.
  void AddAs(CLI::App* command, auth::Permission permission, EnvAction action);
  // `--format` of `command` into `into`, one of `choices` (the first is the default's text).
  // A --format given before the command is checked against the same choices.
  void AddFormat(CLI::App* command, std::string& into, std::vector<std::string> choices);
  // `--format` (text or json) into the global format.
  void AddFormat(CLI::App* command) { AddFormat(command, globals_.format, {"text", "json"}); }
  // `--lang` (ja or en) listed in the command's help; it is global in any case.
  void AddLang(CLI::App* command);
  // `--format` (text or json) and `--lang` on each command.
  void AddTextOptions(std::initializer_list<CLI::App*> commands);

  const Action* Find(const CLI::App* command) const;
  // Applies a --format given before the command (or one the command does not know) to it.
  // Throws the usage error (CLI::ParseError) when the command has no --format or other choices,
  // as the parser does for its own options.
  void ApplyFormat(const CLI::App* command, const std::string& value);

 private:
  struct HolderBase {
    virtual ~HolderBase() = default;
  };
  template <typename T>
  struct Holder final : HolderBase {
    T value{};
  };
  struct Format {
    std::string* into;
    std::vector<std::string> choices;
    CLI::Option* option;
  };

  GlobalOptions& globals_;
  std::vector<std::unique_ptr<HolderBase>> owned_;
  std::map<const CLI::App*, Action> actions_;
  std::map<const CLI::App*, Format> formats_;
};

// The language of this run: `flag` ("ja" | "en") when given, else from LC_ALL, LC_MESSAGES or
// LANG, else English.
Lang ResolveLang(const std::string& flag);

// Positive id positional `name` of `command` into `into`.
void AddId(CLI::App* command, const std::string& name, int64_t& into, const std::string& help);

}  // namespace exo::cli
