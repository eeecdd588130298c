// Use cases for accounts: users, login and logout, sessions, API tokens, first-run setup.
// Passwords are hashed with Argon2id and never logged; session cookies and API tokens are
// stored only as SHA-256 hashes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "auth/roles.h"
#include "auth/session_policy.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/unit_of_work.h"

namespace exo::app {

struct AccountServices {
  store::UserStore& users;
  store::LoginSessionStore& sessions;
  store::TokenStore& tokens;
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  auth::SessionPolicy policy;
  auth::LoginLimiter& account_limiter;  // failed logins per user name
  auth::LoginLimiter& address_limiter;  // failed logins per client address
};

// Who a request acts as, and how it proved it.
struct Authenticated {
  Actor actor;
  bool via_session = false;  // cookie sessions need a CSRF token on state-changing requests
  std::string csrf_token;
  std::string session_hash;
};

// How a person is named on documents and screens. Every user has a display name (1–64
// characters); a physician also their registration number (医籍登録番号, 1–10 digits;
// fullwidth digits are taken as digits).
struct UserProfile {
  std::string display_name;
  std::string registration_number;
};

// Adds a user. `actor` must be an admin of the same clinic, or the command line.
Result<store::User> AddUser(const AccountServices& s, const Actor& actor,
                            const std::string& username, const std::string& role, int64_t clinic_id,
                            const std::string& password, const UserProfile& profile);
// Sets a user's display name and registration number (an admin for users of their clinic, the
// command line, or the user themself), with its audit entry ("user.profile").
Result<store::User> UpdateUserProfile(const AccountServices& s, const Actor& actor,
                                      const std::string& username, const UserProfile& profile);
// The caller's own display name (GET /api/v1/me); empty when none is set yet or the actor is no
// user (the command line, system jobs). Records no audit entry: the route records its read.
Result<std::string> OwnDisplayName(const AccountServices& s, const Actor& actor);
// The command line's named user (`--user NAME`): the password checked as at login (same
// limiter, same audit entries, "cli.login"); the actor the user acts as.
Result<Actor> AuthenticatePassword(const AccountServices& s, const std::string& username,
                                   const std::string& password);
// Sets a new password (an admin for users of their clinic, or the user themself) and ends the
// user's sessions.
Status ChangePassword(const AccountServices& s, const Actor& actor, const std::string& username,
                      const std::string& new_password);
// Disables (or re-enables) a user; disabling ends their sessions.
Status SetUserDisabled(const AccountServices& s, const Actor& actor, const std::string& username,
                       bool disabled);
Result<std::vector<store::User>> ListUsers(const AccountServices& s, const Actor& actor);

struct LoginResult {
  std::string session_token;  // the cookie value; returned once, stored hashed
  std::string csrf_token;
  store::User user;
};
// Generic kUnauthorized "err.login_failed" for unknown user, wrong password and disabled user;
// kRateLimited after too many failures for the account or the address.
Result<LoginResult> Login(const AccountServices& s, const std::string& username,
                          const std::string& password, const std::string& remote_addr);
Status Logout(const AccountServices& s, const Authenticated& who);

// nullopt: no such session, expired, or user disabled.
Result<std::optional<Authenticated>> AuthenticateSession(const AccountServices& s,
                                                         const std::string& session_token);
Result<std::optional<Authenticated>> AuthenticateApiToken(const AccountServices& s,
                                                          const std::string& api_token);

struct NewApiToken {
  store::ApiToken token;
  std::string secret;  // shown once
};
// Creates a token for `username` (oneself, or any user of one's clinic for an admin) whose
// role is no wider than the user's.
Result<NewApiToken> CreateApiToken(const AccountServices& s, const Actor& actor,
                                   const std::string& username, const std::string& name,
                                   const std::optional<std::string>& role);
Status RevokeApiToken(const AccountServices& s, const Actor& actor, int64_t token_id);
Result<std::vector<store::ApiToken>> ListApiTokens(const AccountServices& s, const Actor& actor,
                                                   const std::string& username);

// The demo clinic's physician "dr.demo" (created once, cannot log in, named as fictitious).
Result<Actor> DemoPhysician(const AccountServices& s, int64_t clinic_id);

// Creates the first admin (clinic 1) when no user exists yet.
Result<store::User> SetupFirstAdmin(const AccountServices& s, const std::string& username,
                                    const std::string& password, const UserProfile& profile);

}  // namespace exo::app
