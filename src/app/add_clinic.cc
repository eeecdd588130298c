// Use case: add a clinic (the command line).
#include "app/audit.h"
#include "app/clinics.h"
#include "core/utf8.h"

namespace exo::app {

Result<store::Clinic> AddClinic(store::ClinicStore& clinics, store::AuditWriter& audit,
                                store::UnitOfWork& uow, const Clock& clock, const Actor& actor,
                                const std::string& name) {
  if (name.empty() || CodePoints(name) > 200) return Invalid("name", "err.empty_string");
  auto id = RunAudited(
      uow, audit, clock, actor, [&] { return clinics.InsertClinic(name); },
      [](int64_t id) {
        return AuditNote{"clinic.add", "clinic/" + std::to_string(id), ""};
      });
  if (!id) return id.error();
  return store::Clinic{*id, name};
}

}  // namespace exo::app
