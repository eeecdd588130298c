// user add | passwd | disable | enable | list, token create | list | revoke, clinic add | list:
// accounts, API tokens and clinics, run by the local operator.
#include "app/accounts.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/clinics.h"
#include "cli/commands/commands.h"
#include "cli/credentials.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

struct AccountOptions {
  std::string username;
  std::string role;
  std::string token_name;
  std::string clinic_name;
  int64_t clinic_id = 1;
  int64_t id = 0;
  app::UserProfile profile;
};

// Prints the message `done_id` when the step succeeded; otherwise renders its error.
int Done(Context& c, const Status& st, const std::string& done_id,
         const std::vector<std::string>& args) {
  if (!st) return c.Fail(st.error(), "text");
  PrintLine(done_id, c.lang(), args);
  return 0;
}

// user add (with a new password) or user passwd.
int SetPassword(Context& c, Env& e, const AccountOptions& o, bool add) {
  auto password = ReadPassword(c.lang(), true);
  if (!password) return c.Fail(password.error(), "text");
  const auto& a = e.services->accounts;
  if (!add)
    return Done(c, app::ChangePassword(a, c.Operator(), o.username, *password),
                "cli.password_changed", {o.username});
  auto added = app::AddUser(a, c.Operator(), o.username, o.role, o.clinic_id, *password, o.profile);
  if (!added) return c.Fail(added.error(), "text");
  PrintLine("cli.user_added", c.lang(), {added->username, Label("role", o.role, c.lang())});
  return 0;
}

int SetProfile(Context& c, Env& e, const AccountOptions& o) {
  auto user = app::UpdateUserProfile(e.services->accounts, c.Operator(), o.username, o.profile);
  if (!user) return c.Fail(user.error(), "text");
  PrintLine("cli.user_profile_set", c.lang(), {user->username, user->display_name});
  return 0;
}

int ListUsers(Context& c, Env& e) {
  auto users = app::ListUsers(e.services->accounts, c.Operator());
  if (!users) return c.Fail(users.error());
  if (c.format() == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& u : *users)
      arr.push_back({{"id", u.id},
                     {"username", u.username},
                     {"role", std::string(auth::RoleName(u.role))},
                     {"clinic_id", u.clinic_id},
                     {"disabled", u.disabled},
                     {"display_name", u.display_name},
                     {"registration_number", u.registration_number}});
    PrintJson(nlohmann::json{{"users", arr}});
    return 0;
  }
  for (const auto& u : *users)
    std::cout << Pad(std::to_string(u.id), 5) << Pad(u.username, 24)
              << Pad(u.display_name.empty() ? Message("cli.display_name_unset", c.lang())
                                            : u.display_name,
                     20)
              << Pad(u.registration_number, 12)
              << Pad(Label("role", auth::RoleName(u.role), c.lang()), 12)
              << Message("cli.clinic_id", c.lang(), {std::to_string(u.clinic_id)})
              << (u.disabled ? "  [" + Message("cli.disabled", c.lang()) + "]" : "") << "\n";
  return 0;
}

int CreateToken(Context& c, Env& e, const AccountOptions& o) {
  auto t = app::CreateApiToken(e.services->accounts, c.Operator(), o.username, o.token_name,
                               o.role.empty() ? std::nullopt : std::optional<std::string>(o.role));
  if (!t) return c.Fail(t.error(), "text");
  PrintLine("cli.token_created", c.lang(),
            {std::to_string(t->token.id), Label("role", auth::RoleName(t->token.role), c.lang())});
  std::cout << t->secret << "\n";
  return 0;
}

int ListTokens(Context& c, Env& e, const AccountOptions& o) {
  auto tokens = app::ListApiTokens(e.services->accounts, c.Operator(), o.username);
  if (!tokens) return c.Fail(tokens.error());
  if (c.format() == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& t : *tokens)
      arr.push_back({{"id", t.id},
                     {"name", t.name},
                     {"role", std::string(auth::RoleName(t.role))},
                     {"created_at", Timestamp{t.created_at}.ToIso8601()},
                     {"revoked", t.revoked_at.has_value()}});
    PrintJson(nlohmann::json{{"tokens", arr}});
    return 0;
  }
  for (const auto& t : *tokens)
    std::cout << Pad(std::to_string(t.id), 5) << Pad(t.name, 24)
              << Pad(Label("role", auth::RoleName(t.role), c.lang()), 12)
              << ShownTime(Timestamp{t.created_at}, c.lang())
              << (t.revoked_at ? "  [" + Message("cli.revoked", c.lang()) + "]" : "") << "\n";
  return 0;
}

int AddClinic(Context& c, Env& e, const std::string& name) {
  auto clinic = app::AddClinic(e.stores.clinics, e.stores.audit_writer, e.stores.unit_of_work,
                               c.clock(), c.Operator(), name);
  if (!clinic) return c.Fail(clinic.error(), "text");
  PrintLine("cli.clinic_added", c.lang(), {std::to_string(clinic->id), clinic->name});
  return 0;
}

int ListClinics(Context& c, Env& e) {
  auto clinics = app::ListClinics(e.stores.clinics);
  if (!clinics) return c.Fail(clinics.error());
  if (c.format() == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& x : *clinics) arr.push_back({{"id", x.id}, {"name", x.name}});
    PrintJson(nlohmann::json{{"clinics", arr}});
    return 0;
  }
  for (const auto& x : *clinics) std::cout << Pad(std::to_string(x.id), 5) << x.name << "\n";
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<AccountOptions>();
  auto* user = app.add_subcommand("user", "accounts (password read from the terminal or stdin)");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a user");
  add->add_option("username", o.username, "user name")->required();
  add->add_option("--role", o.role, "admin, physician, nurse, reception, analyst, patient")
      ->required();
  add->add_option("--clinic", o.clinic_id, "clinic id")->capture_default_str();
  auto* set = user->add_subcommand("set", "set how a user is named on documents and screens");
  set->add_option("username", o.username, "user name")->required();
  for (auto* sub : {add, set}) {
    sub->add_option("--display-name", o.profile.display_name,
                    "name shown on documents and screens (e.g. 佐藤 一郎)")
        ->required();
    sub->add_option("--registration-number", o.profile.registration_number,
                    "a physician's medical registration number (医籍登録番号)");
  }
  auto* passwd = user->add_subcommand("passwd", "set a user's password");
  auto* disable = user->add_subcommand("disable", "disable a user (ends their sessions)");
  auto* enable = user->add_subcommand("enable", "enable a disabled user");
  for (auto* sub : {passwd, disable, enable})
    sub->add_option("username", o.username, "user name")->required();
  auto* list = user->add_subcommand("list", "list users");
  t.AddFormat(list);
  t.AddWithEnv(add, [&o](Context& c, Env& e) { return SetPassword(c, e, o, true); });
  t.AddWithEnv(passwd, [&o](Context& c, Env& e) { return SetPassword(c, e, o, false); });
  t.AddWithEnv(set, [&o](Context& c, Env& e) { return SetProfile(c, e, o); });
  for (const bool disabled : {true, false}) {
    t.AddWithEnv(disabled ? disable : enable, [&o, disabled](Context& c, Env& e) {
      return Done(c, app::SetUserDisabled(e.services->accounts, c.Operator(), o.username, disabled),
                  disabled ? "cli.user_disabled" : "cli.user_enabled", {o.username});
    });
  }
  t.AddWithEnv(list, ListUsers);
}

void AddTokenCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<AccountOptions>();
  auto* token = app.add_subcommand("token", "API tokens for programs");
  token->require_subcommand(1);
  auto* create = token->add_subcommand("create", "create a token (printed once)");
  create->add_option("username", o.username, "owner")->required();
  create->add_option("--name", o.token_name, "what the token is for")->required();
  create->add_option("--role", o.role, "a role no wider than the user's (default: theirs)");
  auto* list = token->add_subcommand("list", "list a user's tokens");
  t.AddFormat(list);
  list->add_option("username", o.username, "owner")->required();
  auto* revoke = token->add_subcommand("revoke", "revoke a token");
  AddId(revoke, "id", o.id, "token id");
  t.AddWithEnv(create, [&o](Context& c, Env& e) { return CreateToken(c, e, o); });
  t.AddWithEnv(list, [&o](Context& c, Env& e) { return ListTokens(c, e, o); });
  t.AddWithEnv(revoke, [&o](Context& c, Env& e) {
    return Done(c, app::RevokeApiToken(e.services->accounts, c.Operator(), o.id),
                "cli.token_revoked", {std::to_string(o.id)});
  });
}

void AddClinicCommands(CLI::App& app, CommandTable& t) {
  auto& name = t.Own<std::string>();
  auto* clinic = app.add_subcommand("clinic", "clinics sharing this database");
  clinic->require_subcommand(1);
  auto* add = clinic->add_subcommand("add", "add a clinic");
  add->add_option("name", name, "clinic name")->required();
  auto* list = clinic->add_subcommand("list", "list clinics");
  t.AddFormat(list);
  t.AddWithEnv(add, [&name](Context& c, Env& e) { return AddClinic(c, e, name); });
  t.AddWithEnv(list, ListClinics);
}

}  // namespace exo::cli
