#include "cli/frame.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/command.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

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
  cli.add_option("--user", g.user,
                 "act as this user (password asked); scripts set EXOCLINIC_TOKEN instead");
}

// The catalogue key of an option's help: its longest name without dashes ("--due" -> "due").
std::string OptionKey(const CLI::Option& opt) {
  std::string name = opt.get_name(false, true);
  if (const size_t comma = name.rfind(','); comma != std::string::npos)
    name = name.substr(comma + 1);
  while (!name.empty() && name.front() == '-') name.erase(0, 1);
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

// Replaces every description under `app` with the catalogue's text in `lang` (the code's
// English stays where the catalogue has none), or lists the keys and English texts in
// `collect`.
void LocalizeHelp(CLI::App& app, const std::string& path, Lang lang,
                  std::vector<HelpText>* collect) {
  const std::string command_key = "help.cmd" + (path.empty() ? "" : "." + path);
  const auto apply = [&](const std::string& key, const std::string& en, auto set) {
    if (collect != nullptr) {
      collect->push_back({key, en});
    } else if (HasMessage(key)) {
      set(Message(key, lang));
    }
  };
  apply(command_key, app.get_description(),
        [&](const std::string& text) { app.description(text); });
  for (CLI::Option* opt : app.get_options()) {
    if (opt == app.get_help_ptr()) continue;
    const std::string key = "help.opt" + (path.empty() ? "" : "." + path) + "." + OptionKey(*opt);
    apply(key, opt->get_description(), [&](const std::string& text) { opt->description(text); });
    if (collect == nullptr) opt->group(Message("help.group.options", lang));
  }
  if (collect == nullptr && app.get_help_ptr() != nullptr)
    app.get_help_ptr()
        ->description(Message("help.flag.help", lang))
        ->group(Message("help.group.options", lang));
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    LocalizeHelp(*sub, path.empty() ? sub->get_name() : path + "." + sub->get_name(), lang,
                 collect);
    if (collect == nullptr) sub->group(Message("help.group.commands", lang));
  }
}

// CLI11's own words in the help.
void LocalizeFormatter(CLI::App& cli, Lang lang) {
  auto formatter = cli.get_formatter();
  for (const char* word : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "REQUIRED",
                           "Positionals", "TEXT", "INT", "FLOAT", "UINT", "BOOLEAN"})
    formatter->label(word, Message(std::string("help.word.") + word, lang));
}

// The command tree: global options, then the commands.
void BuildCli(CLI::App& cli, GlobalOptions& globals, std::string& early_format, CommandTable& table,
              std::span<const AddCommands> commands) {
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string("exoclinic ") + EXO_VERSION);
  AddGlobalOptions(cli, globals, early_format);
  for (const AddCommands add : commands) add(cli, table);
}

// The subcommand at the end of the parsed chain ("lot list": list).
const CLI::App* Leaf(const CLI::App& app) {
  const auto parsed = app.get_subcommands();
  return parsed.empty() ? &app : Leaf(*parsed.front());
}

}  // namespace

Lang HelpLang(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) return ResolveLang(argv[i + 1]);
    if (arg.rfind("--lang=", 0) == 0) return ResolveLang(std::string(arg.substr(7)));
  }
  return ResolveLang("");
}

int Run(int argc, char** argv, std::span<const AddCommands> commands,
        const StoreOpener& open_store) {
  CLI::App cli{"exoclinic — records and quality control for exosome (EV) treatment clinics"};
  GlobalOptions globals;
  std::string early_format;
  CommandTable table(globals);
  BuildCli(cli, globals, early_format, table, commands);
  const CLI::App* command = nullptr;
  try {
    cli.parse(argc, argv);
    command = Leaf(cli);
    if (!early_format.empty()) table.ApplyFormat(command, early_format);
  } catch (const CLI::ParseError& e) {
    // The help and its words in the run's language, only when something is printed: localizing
    // every description took ~0.7 ms of each start (issue #17: `analyze` on 1e4 rows is ~12 ms).
    const Lang help_lang = HelpLang(argc, argv);
    LocalizeHelp(cli, "", help_lang, nullptr);
    LocalizeFormatter(cli, help_lang);
    if (e.get_exit_code() == 0) return cli.exit(e);  // --help, --version
    // A usage error: CLI11's own words (English) inside a sentence and a hint in the run's
    // language; every usage error exits 2.
    std::cerr << Message("cli.usage_error", help_lang, {e.what()}) << "\n"
              << Message("cli.usage_hint", help_lang) << "\n";
    return kExitUsage;
  }
  const Action* action = table.Find(command);
  if (action == nullptr) return kExitUsage;
  Context context(globals, open_store);
  return (*action)(context);
}

std::vector<HelpText> HelpTexts(std::span<const AddCommands> commands) {
  CLI::App cli{"exoclinic — records and quality control for exosome (EV) treatment clinics"};
  GlobalOptions globals;
  std::string early_format;
  CommandTable table(globals);
  BuildCli(cli, globals, early_format, table, commands);
  std::vector<HelpText> texts;
  LocalizeHelp(cli, "", Lang::kEn, &texts);
  return texts;
}

}  // namespace exo::cli
