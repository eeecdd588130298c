#include "app/user_access.h"

#include "app/audit.h"
#include "auth/crypto.h"

namespace exo::app {

namespace {

constexpr const char* kCliRolePrefix = "cli:";

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

Actor ActorOf(const store::User& u) {
  return Actor{u.username, ActorRoleOf(u.role), u.clinic_id, u.id};
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
                                      int64_t clinic_id, const std::string& password) {
  std::vector<FieldError> errors;
  if (auto st = CheckUsername(username); !st) errors.push_back(st.error().fields[0]);
  const auto parsed_role = auth::ParseRole(role);
  if (!parsed_role) errors.push_back({"role", "err.unknown_role", {role}});
  if (auto st = auth::CheckPasswordRules("password", password); !st)
    errors.push_back(st.error().fields[0]);
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (!IsCli(actor) && !(IsAdmin(actor) && clinic_id == actor.clinic_id))
    return MakeError(ErrorCode::kForbidden, "err.forbidden");
  store::User u;
  u.clinic_id = clinic_id;
  u.username = username;
  u.role = *parsed_role;
  u.password_hash = auth::HashPassword(password);
  u.created_at = s.clock.Now();
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
