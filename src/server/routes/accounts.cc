// Accounts: the first admin's setup, login and logout, the caller's own account, users and API
// tokens.
#include <memory>
#include <mutex>

#include "app/patients.h"
#include "auth/crypto.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

json UserJson(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"role", std::string(auth::RoleName(u.role))},
          {"clinic_id", u.clinic_id},
          {"disabled", u.disabled},
          {"display_name", u.display_name},
          {"registration_number", u.registration_number},
          {"created_at", u.created_at.ToIso8601()}};
}

// {"display_name", "registration_number"} as given (the use case checks them).
Result<app::UserProfile> ReadProfile(const json& body) {
  auto name = OptionalString(body, "display_name");
  if (!name) return name.error();
  auto number = OptionalString(body, "registration_number");
  if (!number) return number.error();
  return app::UserProfile{*name, *number};
}

json UserReplyJson(const store::User& u) { return {{"user", UserJson(u)}}; }

json TokenJson(const store::ApiToken& t) {
  return {
      {"id", t.id},
      {"name", t.name},
      {"role", std::string(auth::RoleName(t.role))},
      {"created_at", Timestamp{t.created_at}.ToIso8601()},
      {"revoked_at", t.revoked_at ? json(Timestamp{*t.revoked_at}.ToIso8601()) : json(nullptr)}};
}

// The one-time setup token of `exoclinic serve --setup-token`: it creates the first admin at
// most once per server. Thread-safe.
class SetupGate {
 public:
  explicit SetupGate(std::string token) : token_(std::move(token)) {}

  Result<store::User> CreateFirstAdmin(const app::AccountServices& a, const std::string& token,
                                       const std::string& username, const std::string& password,
                                       const app::UserProfile& profile) {
    std::lock_guard lock(mu_);
    if (used_ || token_.empty()) return Conflict("err.setup_done");
    if (!auth::EqualConstantTime(token, token_))
      return MakeError(ErrorCode::kForbidden, "err.setup_token");
    auto user = app::SetupFirstAdmin(a, username, password, profile);
    if (user) used_ = true;
    return user;
  }

 private:
  const std::string token_;
  std::mutex mu_;
  bool used_ = false;  // guarded by mu_
};

// {"username", "password"} of a login or the first admin.
struct Credentials {
  std::string username;
  std::string password;
};

Result<Credentials> ReadCredentials(const json& body) {
  auto username = RequiredString(body, "username", 64);
  if (!username) return username.error();
  auto password = RequiredString(body, "password", 256);
  if (!password) return password.error();
  return Credentials{*username, *password};
}

Result<Reply> Setup(const app::AccountServices& a, SetupGate& gate, const httplib::Request& req) {
  auto body = ObjectBody(req, {"setup_token", "username", "password", "display_name"});
  if (!body) return body.error();
  auto token = RequiredString(*body, "setup_token", 200);
  if (!token) return token.error();
  auto who = ReadCredentials(*body);
  if (!who) return who.error();
  auto profile = ReadProfile(*body);
  if (!profile) return profile.error();
  return JsonReply(201, gate.CreateFirstAdmin(a, *token, who->username, who->password, *profile),
                   UserReplyJson);
}

// A session cookie: HttpOnly, SameSite=Strict, Secure over TLS.
Result<Reply> Login(const app::AccountServices& a, bool tls, const httplib::Request& req) {
  auto body = ObjectBody(req, {"username", "password"});
  if (!body) return body.error();
  auto who = ReadCredentials(*body);
  if (!who) return who.error();
  auto login = app::Login(a, who->username, who->password, req.remote_addr);
  if (!login) return login.error();
  Reply r{200, {{"user", UserJson(login->user)}, {"csrf_token", login->csrf_token}}};
  r.headers.push_back({"Set-Cookie", std::string(kSessionCookie) + "=" + login->session_token +
                                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                         std::to_string(a.policy.absolute_timeout_seconds) +
                                         (tls ? "; Secure" : "")});
  return r;
}

Result<Reply> Logout(const app::AccountServices& a, const httplib::Request&, const Caller& caller,
                     Lang) {
  if (auto st = app::Logout(a, *caller.auth); !st) return st.error();
  Reply r{200, {{"status", "logged_out"}}};
  r.headers.push_back({"Set-Cookie", std::string(kSessionCookie) +
                                         "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"});
  return r;
}

// Who the caller is, what the role allows (for the web application's menus) and the clinic's
// time zone (the web shows every date and time in it).
// The caller: login, display name (null when none is set), role, permissions, the clinic's zone.
Result<Reply> Me(const app::AccountServices& a, const app::PatientServices& patients,
                 const treatment::ClinicSettings& clinic, const httplib::Request&,
                 const Caller& caller, Lang) {
  auto display_name = app::OwnDisplayName(a, caller.actor);
  if (!display_name) return display_name.error();
  auto demo_data = app::ClinicHoldsDemoData(patients, caller.actor);
  if (!demo_data) return demo_data.error();
  json permissions = json::array();
  const auto role = app::AuthRoleOf(caller.actor.role);
  for (auth::Permission p : auth::kAllPermissions)
    if (role && auth::RoleAllows(*role, p))
      permissions.push_back(std::string(auth::PermissionName(p)));
  return Reply{200,
               {{"username", caller.actor.name},
                {"display_name", display_name->empty() ? json(nullptr) : json(*display_name)},
                {"role", std::string(app::ActorRoleName(caller.actor.role))},
                {"clinic_id", caller.actor.clinic_id},
                {"permissions", permissions},
                {"time_zone", clinic.time_zone},
                {"demo_data", *demo_data},  // the clinic holds fictitious demo patients
                {"csrf_token", caller.auth->csrf_token}}};
}

Result<Reply> ListUsers(const app::AccountServices& a, const httplib::Request&,
                        const Caller& caller, Lang) {
  return JsonReply(200, app::ListUsers(a, caller.actor), [](const auto& users) {
    return json{{"users", JsonArray(users, UserJson)}};
  });
}

Result<Reply> AddUser(const app::AccountServices& a, const httplib::Request& req,
                      const Caller& caller, Lang) {
  auto body =
      ObjectBody(req, {"username", "role", "password", "display_name", "registration_number"});
  if (!body) return body.error();
  auto username = RequiredString(*body, "username", 200);
  if (!username) return username.error();
  auto role = RequiredString(*body, "role", 40);
  if (!role) return role.error();
  auto password = RequiredString(*body, "password", 256);
  if (!password) return password.error();
  auto profile = ReadProfile(*body);
  if (!profile) return profile.error();
  return JsonReply(
      201,
      app::AddUser(a, caller.actor, *username, *role, caller.actor.clinic_id, *password, *profile),
      UserReplyJson);
}

// POST /api/v1/users/{name}/profile: an admin for users of their clinic, or the user themself.
Result<Reply> SetProfile(const app::AccountServices& a, const httplib::Request& req,
                         const Caller& caller, Lang) {
  auto name = PathName(req);
  if (!name) return name.error();
  auto body = ObjectBody(req, {"display_name", "registration_number"});
  if (!body) return body.error();
  auto profile = ReadProfile(*body);
  if (!profile) return profile.error();
  return JsonReply(200, app::UpdateUserProfile(a, caller.actor, *name, *profile), UserReplyJson);
}

// POST /api/v1/users/{name}/disable or /enable.
Route SetUserDisabled(const app::AccountServices& a, bool disable) {
  return {"POST", std::string(R"(/api/v1/users/([^/]+)/)") + (disable ? "disable" : "enable"),
          Permission::kManageUsers, disable ? "user.disable" : "user.enable",
          [&a, disable](const httplib::Request& req, const Caller& caller, Lang) -> Result<Reply> {
            auto name = PathName(req);
            if (!name) return name.error();
            if (auto st = app::SetUserDisabled(a, caller.actor, *name, disable); !st)
              return st.error();
            return Reply{200, {{"username", *name}, {"disabled", disable}}};
          }};
}

Result<Reply> ChangePassword(const app::AccountServices& a, const httplib::Request& req,
                             const Caller& caller, Lang) {
  auto name = PathName(req);
  if (!name) return name.error();
  auto body = ObjectBody(req, {"password"});
  if (!body) return body.error();
  auto password = RequiredString(*body, "password", 256);
  if (!password) return password.error();
  if (auto st = app::ChangePassword(a, caller.actor, *name, *password); !st) return st.error();
  return Reply{200, {{"username", *name}, {"password_changed", true}}};
}

Result<Reply> ListTokens(const app::AccountServices& a, const httplib::Request&,
                         const Caller& caller, Lang) {
  return JsonReply(200, app::ListApiTokens(a, caller.actor, caller.actor.name),
                   [](const auto& tokens) {
                     return json{{"tokens", JsonArray(tokens, TokenJson)}};
                   });
}

// The secret is in this reply only; a token cannot mint tokens.
Result<Reply> CreateToken(const app::AccountServices& a, const httplib::Request& req,
                          const Caller& caller, Lang) {
  if (!caller.auth->via_session) return MakeError(ErrorCode::kForbidden, "err.forbidden");
  auto body = ObjectBody(req, {"name", "role"});
  if (!body) return body.error();
  auto name = RequiredString(*body, "name", 100);
  if (!name) return name.error();
  auto role = OptionalString(*body, "role");
  if (!role) return role.error();
  auto token =
      app::CreateApiToken(a, caller.actor, caller.actor.name, *name,
                          role->empty() ? std::nullopt : std::optional<std::string>(*role));
  if (!token) return token.error();
  json out = TokenJson(token->token);
  out["token"] = token->secret;
  return Reply{201, out};
}

Result<Reply> RevokeToken(const app::AccountServices& a, int64_t id, const httplib::Request&,
                          const Caller& caller, Lang) {
  if (auto st = app::RevokeApiToken(a, caller.actor, id); !st) return st.error();
  return Reply{200, {{"id", id}, {"revoked", true}}};
}

}  // namespace

std::vector<Route> AccountRoutes(const app::AccountServices& accounts,
                                 const app::PatientServices& patients,
                                 const treatment::ClinicSettings& clinic,
                                 const std::string& setup_token, bool tls) {
  using P = Permission;
  // Shared: every copy of the setup handler (httplib copies it) must see the one gate.
  auto gate = std::make_shared<SetupGate>(setup_token);
  const auto& a = accounts;
  return {
      {"POST", "/api/v1/setup", P::kPublic, "setup",
       [&a, gate](const httplib::Request& req, const Caller&, Lang) {
         return Setup(a, *gate, req);
       }},
      {"POST", "/api/v1/login", P::kPublic, "login",
       [&a, tls](const httplib::Request& req, const Caller&, Lang) { return Login(a, tls, req); }},
      {"POST", "/api/v1/logout", P::kOwnAccount, "logout", Bind(Logout, a)},
      {"GET", "/api/v1/me", P::kOwnAccount, "me",
       [&a, &patients, &clinic](const httplib::Request& req, const Caller& caller, Lang lang) {
         return Me(a, patients, clinic, req, caller, lang);
       }},
      {"GET", "/api/v1/users", P::kManageUsers, "user.list", Bind(ListUsers, a)},
      {"POST", "/api/v1/users", P::kManageUsers, "user.add", Bind(AddUser, a)},
      SetUserDisabled(a, true),
      SetUserDisabled(a, false),
      {"POST", R"(/api/v1/users/([^/]+)/password)", P::kOwnAccount, "user.passwd",
       Bind(ChangePassword, a)},
      {"POST", R"(/api/v1/users/([^/]+)/profile)", P::kOwnAccount, "user.profile",
       Bind(SetProfile, a)},
      {"GET", "/api/v1/tokens", P::kOwnAccount, "token.list", Bind(ListTokens, a)},
      {"POST", "/api/v1/tokens", P::kOwnAccount, "token.create", Bind(CreateToken, a)},
      {"POST", R"(/api/v1/tokens/([^/]+)/revoke)", P::kOwnAccount, "token.revoke",
       BindId(RevokeToken, a)},
  };
}

}  // namespace exo::server
