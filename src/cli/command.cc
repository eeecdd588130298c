#include "cli/command.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "cli/output.h"

namespace exo::cli {

Lang ResolveLang(const std::string& flag) {
  if (auto l = ParseLang(flag)) return *l;
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0')
      return std::string_view(v).rfind("ja", 0) == 0 ? Lang::kJa : Lang::kEn;
  }
  return Lang::kEn;
}

std::string DefaultDataDir(const std::string& name, const std::string& fallback) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fallback;
  // <prefix>/bin/exoclinic, or the whole program it becomes: <prefix>/lib/exoclinic/exoclinic-main.
  std::filesystem::path prefix;
  const auto dir = exe.parent_path();
  if (dir.filename() == "bin")
    prefix = dir.parent_path();
  else if (dir.filename() == "exoclinic" && dir.parent_path().filename() == "lib")
    prefix = dir.parent_path().parent_path();
  if (!prefix.empty()) {
    const auto installed = prefix / "share" / "exoclinic" / name;
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return fallback;
}

namespace {

// The directory is created (0700) when the database is opened.
std::string DefaultDbPath() {
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    dir = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dir = std::filesystem::path(home) / ".local" / "share";
  } else {
    dir = ".";
  }
  dir /= "exoclinic";
  return (dir / "exoclinic.db").string();
}

std::string CliActorName() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "local");
}

// "text or json", "text, json or csv".
std::string ChoicesText(const std::vector<std::string>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

}  // namespace

Context::Context(const GlobalOptions& options, const StoreOpener& open_store)
    : options_(options), open_store_(open_store), lang_(ResolveLang(options.lang)) {}

std::string Context::DbPath() const { return options_.db.empty() ? DefaultDbPath() : options_.db; }

app::Actor Context::Clinician() const {
  return named_ ? *named_ : app::Actor{CliActorName(), app::ActorRole::kAnonymous, 1, 0};
}

app::Actor Context::Operator() const {
  return app::Actor{CliActorName(), app::ActorRole::kAdmin, 1, 0};
}

int Context::Fail(const Error& error) const { return cli::Fail(error, lang_, options_.format); }
int Context::Fail(const Error& error, const std::string& format) const {
  return cli::Fail(error, lang_, format);
}

void CommandTable::Add(CLI::App* command, Action action) { actions_[command] = std::move(action); }

void CommandTable::AddFormat(CLI::App* command, std::string& into,
                             std::vector<std::string> choices) {
  CLI::Option* option =
      command->add_option("--format", into, ChoicesText(choices))->check(CLI::IsMember(choices));
  formats_[command] = Format{&into, std::move(choices), option};
}

void CommandTable::AddLang(CLI::App* command) {
  command->add_option("--lang", globals_.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
}

void CommandTable::AddTextOptions(std::initializer_list<CLI::App*> commands) {
  for (auto* command : commands) {
    AddFormat(command);
    AddLang(command);
  }
}

const Action* CommandTable::Find(const CLI::App* command) const {
  const auto it = actions_.find(command);
  return it == actions_.end() ? nullptr : &it->second;
}

void CommandTable::ApplyFormat(const CLI::App* command, const std::string& value) {
  const auto it = formats_.find(command);
  if (it == formats_.end()) throw CLI::ExtrasError(command->get_name(), {"--format", value});
  const Format& f = it->second;
  if (f.option->count() > 0) return;  // the command's own --format wins
  if (std::find(f.choices.begin(), f.choices.end(), value) == f.choices.end())
    throw CLI::ValidationError("--format",
                               value + " not in " + CLI::detail::generate_set(f.choices));
  *f.into = value;
}

void AddId(CLI::App* command, const std::string& name, int64_t& into, const std::string& help) {
  command->add_option(name, into, help)->required()->check(CLI::PositiveNumber);
}

}  // namespace exo::cli
