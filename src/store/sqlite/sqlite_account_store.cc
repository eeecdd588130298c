#include "store/sqlite/sqlite_account_store.h"

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kUserColumns =
    "id, clinic_id, username, role, password_hash, disabled, created_at, display_name, "
    "registration_number";

User ReadUserRow(const Statement& s) {
  User u;
  u.id = s.Int(0);
  u.clinic_id = s.Int(1);
  u.username = s.Text(2);
  u.role = auth::ParseRole(s.Text(3)).value_or(auth::Role::kPatient);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at.unix_seconds = s.Int(6);
  u.display_name = s.Text(7);
  u.registration_number = s.Text(8);
  return u;
}

constexpr const char* kTokenColumns = "id, user_id, name, role, token_hash, created_at, revoked_at";

ApiToken ReadTokenRow(const Statement& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.name = s.Text(2);
  t.role = auth::ParseRole(s.Text(3)).value_or(auth::Role::kPatient);
  t.token_hash = s.Text(4);
  t.created_at = s.Int(5);
  t.revoked_at = s.OptionalInt(6);
  return t;
}

LoginSession ReadLoginSessionRow(const Statement& s) {
  return LoginSession{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)};
}

int64_t ReadId(const Statement& s) { return s.Int(0); }

}  // namespace

Result<int64_t> SqliteAccountStore::InsertUser(const User& u) {
  auto lock = db_.Lock();
  auto taken =
      sqlite::QueryOptional(db_, "SELECT id FROM users WHERE username = ?", {u.username}, ReadId);
  if (!taken) return taken.error();
  if (*taken) return Conflict("err.user_exists", {u.username});
  auto clinic =
      sqlite::QueryOptional(db_, "SELECT id FROM clinics WHERE id = ?", {u.clinic_id}, ReadId);
  if (!clinic) return clinic.error();
  if (!*clinic) return NotFound("clinic", std::to_string(u.clinic_id));
  return sqlite::Insert(
      db_,
      "INSERT INTO users (clinic_id, username, role, password_hash, disabled, created_at, "
      "display_name, registration_number) VALUES (?,?,?,?,?,?,?,?)",
      {u.clinic_id, u.username, auth::RoleName(u.role), u.password_hash, u.disabled,
       u.created_at.unix_seconds, u.display_name, u.registration_number});
}

Result<User> SqliteAccountStore::FindUserByName(const std::string& username) const {
  return sqlite::QueryOne(db_,
                          std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?",
                          {username}, ReadUserRow, NotFound("user", username));
}

Result<User> SqliteAccountStore::FindUser(int64_t id) const {
  return sqlite::QueryOne(db_, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?",
                          {id}, ReadUserRow, NotFound("user", std::to_string(id)));
}

Result<std::vector<User>> SqliteAccountStore::ListUsers(std::optional<int64_t> clinic) const {
  return sqlite::QueryAll(db_,
                          std::string("SELECT ") + kUserColumns + " FROM users" +
                              (clinic ? " WHERE clinic_id = ?" : "") + " ORDER BY id",
                          clinic ? sqlite::Params{*clinic} : sqlite::Params{}, ReadUserRow);
}

Result<int64_t> SqliteAccountStore::CountUsers() const {
  return sqlite::QueryOne(db_, "SELECT COUNT(*) FROM users", {}, ReadId, Internal("count users"));
}

Status SqliteAccountStore::UpdatePassword(int64_t user_id, const std::string& password_hash) {
  return sqlite::ExecOne(db_, "UPDATE users SET password_hash = ? WHERE id = ?",
                         {password_hash, user_id}, NotFound("user", std::to_string(user_id)));
}

Status SqliteAccountStore::UpdateProfile(int64_t user_id, const std::string& display_name,
                                         const std::string& registration_number) {
  return sqlite::ExecOne(
      db_, "UPDATE users SET display_name = ?, registration_number = ? WHERE id = ?",
      {display_name, registration_number, user_id}, NotFound("user", std::to_string(user_id)));
}

Status SqliteAccountStore::SetDisabled(int64_t user_id, bool disabled) {
  return sqlite::InTransaction(db_, [&]() -> Status {
    if (auto st = sqlite::ExecOne(db_, "UPDATE users SET disabled = ? WHERE id = ?",
                                  {disabled, user_id}, NotFound("user", std::to_string(user_id)));
        !st)
      return st;
    if (!disabled) return OkStatus();
    return sqlite::Exec(db_, "DELETE FROM sessions WHERE user_id = ?", {user_id});
  });
}

Status SqliteAccountStore::InsertLoginSession(const LoginSession& v) {
  return sqlite::Exec(
      db_,
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) "
      "VALUES (?,?,?,?,?)",
      {v.token_hash, v.user_id, v.csrf_token, v.created_at, v.last_seen_at});
}

Result<std::optional<LoginSession>> SqliteAccountStore::FindLoginSession(
    const std::string& token_hash) const {
  return sqlite::QueryOptional(db_,
                               "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at "
                               "FROM sessions WHERE token_hash = ?",
                               {token_hash}, ReadLoginSessionRow);
}

Status SqliteAccountStore::TouchLoginSession(const std::string& token_hash, int64_t now) {
  return sqlite::Exec(db_, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
                      {now, token_hash});
}

Status SqliteAccountStore::DeleteLoginSession(const std::string& token_hash) {
  return sqlite::Exec(db_, "DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

Status SqliteAccountStore::DeleteUserLoginSessions(int64_t user_id) {
  return sqlite::Exec(db_, "DELETE FROM sessions WHERE user_id = ?", {user_id});
}

// Rows older than a day are dropped as new ones arrive: no limit looks back further.
Status SqliteAccountStore::RecordLoginFailure(const std::string& key_hash, int64_t at) {
  if (auto st = sqlite::Exec(db_, "DELETE FROM login_failures WHERE at < ?", {at - 86400}); !st)
    return st;
  return sqlite::Exec(db_, "INSERT INTO login_failures (key_hash, at) VALUES (?,?)",
                      {key_hash, at});
}

Result<std::vector<int64_t>> SqliteAccountStore::LoginFailuresSince(const std::string& key_hash,
                                                                    int64_t since) const {
  return sqlite::QueryAll(
      db_, "SELECT at FROM login_failures WHERE key_hash = ? AND at >= ? ORDER BY at",
      {key_hash, since}, [](const sqlite::Statement& s) { return s.Int(0); });
}

Status SqliteAccountStore::ClearLoginFailures(const std::string& key_hash) {
  return sqlite::Exec(db_, "DELETE FROM login_failures WHERE key_hash = ?", {key_hash});
}

Result<int64_t> SqliteAccountStore::InsertToken(const ApiToken& t) {
  return sqlite::Insert(
      db_,
      "INSERT INTO api_tokens (user_id, name, role, token_hash, created_at) VALUES (?,?,?,?,?)",
      {t.user_id, t.name, auth::RoleName(t.role), t.token_hash, t.created_at});
}

Result<std::optional<ApiToken>> SqliteAccountStore::FindTokenByHash(
    const std::string& token_hash) const {
  return sqlite::QueryOptional(
      db_, std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = ?",
      {token_hash}, ReadTokenRow);
}

Result<ApiToken> SqliteAccountStore::FindToken(int64_t id) const {
  return sqlite::QueryOne(db_,
                          std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE id = ?",
                          {id}, ReadTokenRow, NotFound("token", std::to_string(id)));
}

Result<std::vector<ApiToken>> SqliteAccountStore::ListTokens(int64_t user_id) const {
  return sqlite::QueryAll(
      db_,
      std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE user_id = ? ORDER BY id",
      {user_id}, ReadTokenRow);
}

Status SqliteAccountStore::RevokeToken(int64_t id, int64_t now) {
  return sqlite::ExecOne(db_,
                         "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                         {now, id}, NotFound("token", std::to_string(id)));
}

Result<int64_t> SqliteAccountStore::InsertClinic(const std::string& name) {
  return sqlite::Insert(db_, "INSERT INTO clinics (name) VALUES (?)", {name});
}

Result<std::vector<Clinic>> SqliteAccountStore::ListClinics() const {
  return sqlite::QueryAll(db_, "SELECT id, name FROM clinics ORDER BY id", {},
                          [](const Statement& s) {
                            return Clinic{s.Int(0), s.Text(1)};
                          });
}

}  // namespace exo::store
