#include "app/user_access.h"

#include <algorithm>

#include "app/audit.h"
#include "auth/crypto.h"
#include "core/utf8.h"

namespace exo::app {

namespace {

constexpr const char* kCliRolePrefix = "cli:";
constexpr size_t kDisplayNameMax = 64;
constexpr size_t kRegistrationDigitsMax = 10;

std::string Trimmed(const std::string& text) {
  // ASCII and ideographic (U+3000) spaces at either end.
  std::string t = text;
  const auto strip_front = [&t] {
    if (!t.empty() && (t.front() == ' ' || t.front() == '\t')) return t.erase(0, 1), true;
    if (t.rfind("\u3000", 0) == 0) return t.erase(0, 3), true;
    return false;
  };
  const auto strip_back = [&t] {
    if (!t.empty() && (t.back() == ' ' || t.back() == '\t')) return t.pop_back(), true;
    if (t.size() >= 3 && t.compare(t.size() - 3, 3, "\u3000") == 0)
      return t.resize(t.size() - 3), true;
    return false;
  };
  while (strip_front()) {
  }
  while (strip_back()) {
  }
  return t;
}

// "１２３４５６" → "123456"; nullopt when anything but digits remains.
std::optional<std::string> AsciiDigits(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') {
      out += static_cast<char>(c);
      ++i;
    } else if (text.compare(i, 2, "\xEF\xBC") == 0 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(text[i + 2]) - 0x90));
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// A login limit's key as stored: hashed, so that a password typed as a user name is never kept.
std::string FailureKey(const std::string& key) { return auth::Sha256Hex(key); }

}  // namespace

bool IsCli(const Actor& a) { return a.name.rfind(kCliRolePrefix, 0) == 0; }
bool IsAdmin(const Actor& a) { return a.role == ActorRole::kAdmin; }

Status CheckUsername(const std::string& name) {
  const bool ok_len = name.size() >= 3 && name.size() <= 64;
  bool ok_chars = true;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    ok_chars = ok_chars && ok;
  }
  if (!ok_len || !ok_chars) return Invalid("username", "err.username_format", {name.substr(0, 80)});
  return OkStatus();
}

UserProfile CheckedProfile(const UserProfile& profile, auth::Role role,
                           std::vector<FieldError>& errors) {
  UserProfile out;
  out.display_name = Trimmed(profile.display_name);
  const size_t length = CodePoints(out.display_name);
  if (length == 0) {
    errors.push_back({"display_name", "err.required", {}});
  } else if (length > kDisplayNameMax) {
    errors.push_back({"display_name",
                      "err.string_too_long",
                      {std::to_string(length), std::to_string(kDisplayNameMax)}});
  }
  const std::string number = Trimmed(profile.registration_number);
  const auto digits = AsciiDigits(number);
  if (number.empty()) {
    if (role == auth::Role::kPhysician)
      errors.push_back({"registration_number", "err.required", {}});
  } else if (!digits || digits->size() > kRegistrationDigitsMax) {
    errors.push_back(
        {"registration_number", "err.registration_number_format", {number.substr(0, 40)}});
  } else {
    out.registration_number = *digits;
  }
  return out;
}

Actor ActorOf(const store::User& u) {
  return Actor{u.username, ActorRoleOf(u.role), u.clinic_id, u.id};
}

Result<store::User> CheckCredentials(const AccountServices& s, const std::string& username,
                                     const std::string& password, const std::string& action,
                                     const std::vector<LimitKey>& limits) {
  const int64_t now = s.clock.Now().unix_seconds;
  const Actor anonymous{username.substr(0, 64), ActorRole::kAnonymous, 0, 0};
  const std::string object = "user/" + username.substr(0, 64);
  // The failures are kept in the database, so the limits survive a restart.
  int64_t wait = 0;
  for (const auto& l : limits) {
    auto times = s.sessions.LoginFailuresSince(FailureKey(l.key), now - l.limiter.window_seconds());
    if (!times) return times.error();
    wait = std::max(wait, l.limiter.SecondsBlocked(*times, now));
  }
  if (wait > 0) {
    RecordAudit(s.audit, s.clock, anonymous, action, object, store::AuditOutcome::kDenied,
                "rate limited");
    return MakeError(ErrorCode::kRateLimited, "err.rate_limited", {std::to_string(wait)});
  }
  auto user = s.users.FindUserByName(username);
  static const std::string kDummy = auth::HashPassword("exoclinic-dummy-password");
  const bool password_ok =
      auth::VerifyPassword(user ? user->password_hash : kDummy, password) && user.has_value();
  if (!password_ok || user->disabled) {
    for (const auto& l : limits)
      if (auto st = s.sessions.RecordLoginFailure(FailureKey(l.key), now); !st) return st.error();
    RecordAudit(s.audit, s.clock, anonymous, action, object, store::AuditOutcome::kDenied,
                user && user->disabled ? "disabled" : "bad credentials");
    return MakeError(ErrorCode::kUnauthorized, "err.login_failed");
  }
  if (!limits.empty()) {
    if (auto st = s.sessions.ClearLoginFailures(FailureKey(limits.front().key)); !st)
      return st.error();
  }
  return user;
}

Result<store::User> ManagedUser(const AccountServices& s, const Actor& actor,
                                const std::string& username, bool self_allowed) {
  auto user = s.users.FindUserByName(username);
  if (!user) return user.error();
  if (IsCli(actor)) return user;
  if (self_allowed && user->id == actor.user_id) return user;
  if (IsAdmin(actor) && user->clinic_id == actor.clinic_id) return user;
  // Another clinic's user looks like no user at all.
  if (user->clinic_id != actor.clinic_id) return NotFound("user", username);
  return MakeError(ErrorCode::kForbidden, "err.forbidden");
}

Result<store::User> InsertCheckedUser(const AccountServices& s, const Actor& actor,
                                      const std::string& username, const std::string& role,
                                      int64_t clinic_id, const std::string& password,
                                      const UserProfile& profile) {
  std::vector<FieldError> errors;
  if (auto st = CheckUsername(username); !st) errors.push_back(st.error().fields[0]);
  const auto parsed_role = auth::ParseRole(role);
  if (!parsed_role) errors.push_back({"role", "err.unknown_role", {role}});
  if (auto st = auth::CheckPasswordRules("password", password); !st)
    errors.push_back(st.error().fields[0]);
  const UserProfile checked =
      CheckedProfile(profile, parsed_role.value_or(auth::Role::kNurse), errors);
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (!IsCli(actor) && !(IsAdmin(actor) && clinic_id == actor.clinic_id))
    return MakeError(ErrorCode::kForbidden, "err.forbidden");
  store::User u;
  u.clinic_id = clinic_id;
  u.username = username;
  u.role = *parsed_role;
  u.password_hash = auth::HashPassword(password);
  u.created_at = s.clock.Now();
  u.display_name = checked.display_name;
  u.registration_number = checked.registration_number;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.users.InsertUser(u); },
      [&](int64_t) {
        return AuditNote{"user.add", "user/" + username, "role " + role};
      });
  if (!id) return id.error();
  u.id = *id;
  return u;
}

}  // namespace exo::app
