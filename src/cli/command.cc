#include "cli/command.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "cli/credentials.h"
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
  if (!ec && exe.parent_path().filename() == "bin") {
    const auto installed = exe.parent_path().parent_path() / "share" / "exoclinic" / name;
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

Result<Env*> Context::Open(const std::string& public_base_url) {
  if (env_) return env_.get();
  auto rules = app::LoadRuleSet(options_.rules_dir);
  if (!rules) return rules.error();
  auto handle = open_store_(DbPath());
  if (!handle) return handle.error();
  const app::StoreRefs stores = (*handle)->Refs();
  env_ = std::make_unique<Env>(Env{std::move(*handle), stores, std::move(*rules), nullptr});
  SetShownTimeZone(env_->rules.clinic.time_zone);
  clock_.FollowZone(&env_->rules.clinic.time_zone);
  app::ServiceOptions service_options;
  service_options.public_base_url = public_base_url;
  env_->services = app::BuildServices(env_->stores, env_->rules, clock_, service_options);
  return env_.get();
}

std::string Context::DbPath() const { return options_.db.empty() ? DefaultDbPath() : options_.db; }

app::Actor Context::Clinician() const {
  return named_ ? *named_ : app::Actor{CliActorName(), app::ActorRole::kAnonymous, 1, 0};
}

Status Context::Identify(auth::Permission permission) {
  if (!named_) {
    auto env = Open();
    if (!env) return env.error();
    auto who = IdentifyUser((*env)->services->accounts, options_.user, lang_);
    if (!who) return who.error();
    if (!*who)
      return MakeError(ErrorCode::kUnauthorized, "err.cli_user_required", {kTokenVariable});
    named_ = **who;
  }
  const auto role = app::AuthRoleOf(named_->role);
  if (!role || !auth::RoleAllows(*role, permission))
    return MakeError(ErrorCode::kForbidden, "err.cli_role_forbidden",
                     {named_->name, Label("role", app::ActorRoleName(named_->role), lang_)});
  return OkStatus();
}

app::Actor Context::Operator() const {
  return app::Actor{CliActorName(), app::ActorRole::kAdmin, 1, 0};
}

int Context::Fail(const Error& error) const { return cli::Fail(error, lang_, options_.format); }
int Context::Fail(const Error& error, const std::string& format) const {
  return cli::Fail(error, lang_, format);
}

void CommandTable::Add(CLI::App* command, Action action) { actions_[command] = std::move(action); }

void CommandTable::AddWithEnv(CLI::App* command, EnvAction action) {
  Add(command, [action = std::move(action)](Context& c) {
    auto env = c.Open();
    if (!env) return c.Fail(env.error());
    return action(c, **env);
  });
}

void CommandTable::AddAs(CLI::App* command, auth::Permission permission, EnvAction action) {
  Add(command, [permission, action = std::move(action)](Context& c) {
    auto env = c.Open();
    if (!env) return c.Fail(env.error());
    if (auto st = c.Identify(permission); !st) return c.Fail(st.error());
    return action(c, **env);
  });
}

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
