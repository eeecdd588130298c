// Accounts (UserStore, LoginSessionStore, TokenStore, ClinicStore) on the shared SQLite
// Database.
#pragma once

#include "store/account_store.h"
#include "store/sqlite/database.h"

namespace exo::store {

class SqliteAccountStore : public UserStore,
                           public LoginSessionStore,
                           public TokenStore,
                           public ClinicStore {
 public:
  // `db` must outlive the store.
  explicit SqliteAccountStore(sqlite::Database& db) : db_(db) {}

  Result<int64_t> InsertUser(const User& user) override;
  Result<User> FindUserByName(const std::string& username) const override;
  Result<User> FindUser(int64_t id) const override;
  Result<std::vector<User>> ListUsers(std::optional<int64_t> clinic) const override;
  Result<int64_t> CountUsers() const override;
  Status UpdatePassword(int64_t user_id, const std::string& password_hash) override;
  Status UpdateProfile(int64_t user_id, const std::string& display_name,
                       const std::string& registration_number) override;
  Status SetDisabled(int64_t user_id, bool disabled) override;

  Status InsertLoginSession(const LoginSession& session) override;
  Result<std::optional<LoginSession>> FindLoginSession(
      const std::string& token_hash) const override;
  Status TouchLoginSession(const std::string& token_hash, int64_t now) override;
  Status DeleteLoginSession(const std::string& token_hash) override;
  Status DeleteUserLoginSessions(int64_t user_id) override;
  Status RecordLoginFailure(const std::string& key_hash, int64_t at) override;
  Result<std::vector<int64_t>> LoginFailuresSince(const std::string& key_hash,
                                                  int64_t since) const override;
  Status ClearLoginFailures(const std::string& key_hash) override;

  Result<int64_t> InsertToken(const ApiToken& token) override;
  Result<std::optional<ApiToken>> FindTokenByHash(const std::string& token_hash) const override;
  Result<ApiToken> FindToken(int64_t id) const override;
  Result<std::vector<ApiToken>> ListTokens(int64_t user_id) const override;
  Status RevokeToken(int64_t id, int64_t now) override;

  Result<int64_t> InsertClinic(const std::string& name) override;
  Result<std::vector<Clinic>> ListClinics() const override;

 private:
  sqlite::Database& db_;
};

}  // namespace exo::store
