// The plan's valid consent, if any: a plain query shared by the use cases, no audit entry.
#include "app/consents.h"

namespace exo::app {

Result<std::optional<store::StoredConsent>> FindValidConsent(const store::ConsentStore& consents,
                                                             int64_t clinic, int64_t plan_id) {
  auto list = consents.ListConsents(clinic, plan_id);
  if (!list) return list.error();
  for (auto& c : *list)
    if (c.Valid()) return std::optional<store::StoredConsent>(std::move(c));
  return std::optional<store::StoredConsent>();
}

}  // namespace exo::app
