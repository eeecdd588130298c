#include "app/clinics.h"

#include "app/audit.h"
#include "core/utf8.h"

namespace exo::app {

Result<store::Clinic> AddClinic(store::ClinicStore& clinics, store::AuditWriter& audit,
                                const Clock& clock, const Actor& actor, const std::string& name) {
  if (name.empty() || CodePoints(name) > 200) return Invalid("name", "err.empty_string");
  auto id = clinics.InsertClinic(name);
  if (!id) return id.error();
  RecordAudit(audit, clock, actor, "clinic.add", "clinic/" + std::to_string(*id),
              store::AuditOutcome::kAllowed);
  return store::Clinic{*id, name};
}

Result<std::vector<store::Clinic>> ListClinics(const store::ClinicStore& clinics) {
  return clinics.ListClinics();
}

}  // namespace exo::app
