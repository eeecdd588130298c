// Use case: the demo clinic's physician, "dr.demo" — a user who cannot log in (no password
// verifies against its hash) and is named as fictitious on every document, so the demo's plans
// and consents name a person as real ones do.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"

namespace exo::app {

Result<Actor> DemoPhysician(const AccountServices& s, int64_t clinic_id) {
  constexpr const char* kName = "dr.demo";
  if (auto existing = s.users.FindUserByName(kName)) return ActorOf(*existing);
  store::User u;
  u.clinic_id = clinic_id;
  u.username = kName;
  u.role = auth::Role::kPhysician;
  u.password_hash = "!";  // not an Argon2id string: nothing verifies against it
  u.created_at = s.clock.Now();
  u.display_name = "デモ 医師（架空）";
  const Actor setup{"cli:demo", ActorRole::kAdmin, clinic_id, 0};
  auto id = RunAudited(
      s.uow, s.audit, s.clock, setup, [&] { return s.users.InsertUser(u); },
      [&](int64_t) {
        return AuditNote{"user.add", std::string("user/") + kName, "role physician (demo)"};
      });
  if (!id) return id.error();
  u.id = *id;
  return ActorOf(u);
}

}  // namespace exo::app
