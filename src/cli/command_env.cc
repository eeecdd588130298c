// What needs the database, the rules and the services: opening them, identifying the user, and
// the commands that run with them. Apart from command.cc so that the statistics commands'
// program (src/exoclinic.cc) links none of it.
#include "cli/command.h"
#include "cli/credentials.h"
#include "cli/output.h"

namespace exo::cli {

app::SystemClock& Context::Clock() const {
  if (!clock_) clock_ = std::make_shared<app::SystemClock>();
  return *clock_;
}

const app::Clock& Context::clock() const { return Clock(); }

Result<Env*> Context::Open(const std::string& public_base_url) {
  if (env_) return env_.get();
  auto rules = app::LoadRuleSet(options_.rules_dir);
  if (!rules) return rules.error();
  auto handle = open_store_(DbPath());
  if (!handle) return handle.error();
  const app::StoreRefs stores = (*handle)->Refs();
  env_ = std::make_shared<Env>(Env{std::move(*handle), stores, std::move(*rules), nullptr});
  SetShownTimeZone(env_->rules.clinic.time_zone);
  Clock().FollowZone(&env_->rules.clinic.time_zone);
  app::ServiceOptions service_options;
  service_options.public_base_url = public_base_url;
  env_->services = app::BuildServices(env_->stores, env_->rules, Clock(), service_options);
  return env_.get();
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

}  // namespace exo::cli
