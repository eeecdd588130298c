// Use case: screen an intake against the clinic's rules and store intake and result.
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/patients.h"

namespace exo::app {

Result<store::StoredScreening> RecordScreening(const PatientServices& s, const Actor& actor,
                                               int64_t patient_id, std::string_view intake_json) {
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  auto intake = screening::ParseIntake(intake_json);
  if (!intake) return intake.error();
  const auto result = screening::Screen(*intake, s.rules);
  store::StoredScreening r;
  r.clinic_id = actor.clinic_id;
  r.patient_id = patient_id;
  r.intake_json = std::string(intake_json);
  r.result_json = screening::ScreeningRecordJson(result).dump();
  RouteSet contraindicated;
  for (const auto& f : result.flags) {
    if (f.rule->severity != screening::Severity::kContraindicated) continue;
    ++r.contraindicated;
    for (Route route : kAllRoutes)
      if (f.routes.Has(route)) contraindicated.Add(route);
  }
  r.contraindicated_routes = RouteSetToString(contraindicated);
  r.created_at = s.clock.Now();
  r.created_by = actor.name;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.screenings.InsertScreening(r); },
      [&](int64_t id) {
        return AuditNote{"screening.create", PatientObject(patient_id),
                         "screening/" + std::to_string(id)};
      });
  if (!id) return id.error();
  r.id = *id;
  return r;
}

}  // namespace exo::app
