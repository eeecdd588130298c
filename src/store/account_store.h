// Store interfaces for accounts: users, login sessions, API tokens and clinics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/roles.h"
#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

struct User {
  int64_t id = 0;
  int64_t clinic_id = 1;
  std::string username;
  auth::Role role = auth::Role::kNurse;
  std::string password_hash;  // Argon2id, encoded by libsodium
  bool disabled = false;
  Timestamp created_at;
  // How the person is named on documents and screens (e.g. 佐藤 一郎), never the login id; the
  // physician's medical registration number (医籍登録番号), printed on the consent. Empty for
  // users created before migration 12 until an administrator sets them.
  std::string display_name;
  std::string registration_number;
};

struct LoginSession {
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  auth::Role role = auth::Role::kAnalyst;
  std::string token_hash;  // SHA-256 of the token
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

struct Clinic {
  int64_t id = 0;
  std::string name;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual Result<int64_t> InsertUser(const User& user) = 0;  // kConflict: name taken
  virtual Result<User> FindUserByName(const std::string& username) const = 0;
  virtual Result<User> FindUser(int64_t id) const = 0;
  virtual Result<std::vector<User>> ListUsers(std::optional<int64_t> clinic) const = 0;
  virtual Result<int64_t> CountUsers() const = 0;
  virtual Status UpdatePassword(int64_t user_id, const std::string& password_hash) = 0;
  virtual Status UpdateProfile(int64_t user_id, const std::string& display_name,
                               const std::string& registration_number) = 0;
  // Disabling also ends the user's sessions and revokes nothing else.
  virtual Status SetDisabled(int64_t user_id, bool disabled) = 0;
};

class LoginSessionStore {
 public:
  virtual ~LoginSessionStore() = default;
  virtual Status InsertLoginSession(const LoginSession& session) = 0;
  virtual Result<std::optional<LoginSession>> FindLoginSession(
      const std::string& token_hash) const = 0;
  virtual Status TouchLoginSession(const std::string& token_hash, int64_t now) = 0;
  virtual Status DeleteLoginSession(const std::string& token_hash) = 0;
  virtual Status DeleteUserLoginSessions(int64_t user_id) = 0;
  // Failed logins, kept so that the login limits survive a restart. `key_hash` names an account
  // or a client address (hashed: a password typed as a user name is never stored).
  virtual Status RecordLoginFailure(const std::string& key_hash, int64_t at) = 0;
  // Times of the failures for `key_hash` at or after `since`, oldest first.
  virtual Result<std::vector<int64_t>> LoginFailuresSince(const std::string& key_hash,
                                                          int64_t since) const = 0;
  virtual Status ClearLoginFailures(const std::string& key_hash) = 0;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  virtual Result<int64_t> InsertToken(const ApiToken& token) = 0;
  virtual Result<std::optional<ApiToken>> FindTokenByHash(const std::string& token_hash) const = 0;
  virtual Result<ApiToken> FindToken(int64_t id) const = 0;
  virtual Result<std::vector<ApiToken>> ListTokens(int64_t user_id) const = 0;
  virtual Status RevokeToken(int64_t id, int64_t now) = 0;
};

class ClinicStore {
 public:
  virtual ~ClinicStore() = default;
  virtual Result<int64_t> InsertClinic(const std::string& name) = 0;
  virtual Result<std::vector<Clinic>> ListClinics() const = 0;
};

}  // namespace exo::store
