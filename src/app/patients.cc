#include "app/patients.h"

#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "core/utf8.h"

namespace exo::app {

namespace {
using store::AuditOutcome;
}  // namespace

Result<treatment::Patient> RegisterPatient(const PatientServices& s, const Actor& actor,
                                           std::string_view patient_json) {
  auto p = treatment::ParsePatient(patient_json, s.clock.Today());
  if (!p) return p.error();
  p->clinic_id = actor.clinic_id;
  p->created_at = s.clock.Now();
  return RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.patients.InsertPatient(*p); },
      [](const treatment::Patient& stored) {
        return AuditNote{"patient.create", PatientObject(stored.id), ""};
      });
}

Result<treatment::Patient> ShowPatient(const PatientServices& s, const Actor& actor, int64_t id) {
  auto p = s.patients.FindPatient(actor.clinic_id, id);
  if (!p) return p.error();
  RecordAudit(s.audit, s.clock, actor, "patient.read", PatientObject(id), AuditOutcome::kAllowed);
  return p;
}

Result<std::vector<treatment::Patient>> SearchPatients(const PatientServices& s, const Actor& actor,
                                                       const std::string& query) {
  if (CodePoints(query) > 100)
    return Invalid("q", "err.string_too_long", {std::to_string(CodePoints(query)), "100"});
  auto found = s.patients.SearchPatients(actor.clinic_id, query, 200);
  if (!found) return found.error();
  std::string ids;
  for (const auto& p : *found) ids += (ids.empty() ? "" : ",") + std::to_string(p.id);
  // The search text may be a name: it is not logged; the patients shown are.
  RecordAudit(s.audit, s.clock, actor, "patient.search", "patients", AuditOutcome::kAllowed,
              "shown: " + ids.substr(0, 1000));
  return found;
}

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

Result<std::vector<store::StoredScreening>> ListScreenings(const PatientServices& s,
                                                           const Actor& actor, int64_t patient_id) {
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  auto list = s.screenings.ListScreenings(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "screening.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

Result<store::StoredScreening> SignOffScreening(const PatientServices& s, const Actor& actor,
                                                int64_t screening_id, const std::string& note) {
  if (note.find_first_not_of(" \t\r\n") == std::string::npos)
    return Invalid("note", "err.note_required");
  if (CodePoints(note) > 4000)
    return Invalid("note", "err.string_too_long", {std::to_string(CodePoints(note)), "4000"});
  const Timestamp now = s.clock.Now();
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&]() -> Result<store::StoredScreening> {
        if (auto st =
                s.screenings.SignOffScreening(actor.clinic_id, screening_id, actor.name, note, now);
            !st)
          return st.error();
        return s.screenings.FindScreening(actor.clinic_id, screening_id);
      },
      [&](const store::StoredScreening& r) {
        return AuditNote{"screening.sign_off", PatientObject(r.patient_id),
                         "screening/" + std::to_string(screening_id)};
      });
}

}  // namespace exo::app
