// Patients: search, registration, the patient record and its timeline.
#include "app/patients.h"

#include "app/timeline.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

json PatientJson(const treatment::Patient& p, Date today) {
  return {{"id", p.id},
          {"patient_number", p.patient_number},
          {"name_kanji", p.name_kanji},
          {"name_kana", p.name_kana},
          {"birth_date", p.birth_date.ToString()},
          {"age", p.AgeOn(today)},
          {"sex", p.sex},
          {"phone", p.phone},
          {"email", p.email},
          {"address", p.address},
          {"weight_kg", OrNull(p.weight_kg)},
          {"synthetic", p.synthetic},
          {"created_at", p.created_at.ToIso8601()}};
}

namespace {

// Renders a patient with the age they have today.
auto PatientToday(const app::PatientServices& p) {
  return [today = p.clock.Today()](const treatment::Patient& x) { return PatientJson(x, today); };
}

// ?q: part of a name (kanji or kana) or of a patient number.
Result<Reply> SearchPatients(const app::PatientServices& p, const httplib::Request& req,
                             const Caller& caller, Lang) {
  return JsonReply(200, app::SearchPatients(p, caller.actor, req.get_param_value("q")),
                   [&p](const auto& found) {
                     return json{{"patients", JsonArray(found, PatientToday(p))}};
                   });
}

Result<Reply> RegisterPatient(const app::PatientServices& p, const httplib::Request& req,
                              const Caller& caller, Lang) {
  return JsonReply(201, app::RegisterPatient(p, caller.actor, req.body), PatientToday(p));
}

// With the patient's check-in of today (the front desk's button on the page).
Result<Reply> ShowPatient(const app::PatientServices& p, const app::FrontDeskServices& front_desk,
                          int64_t id, const httplib::Request&, const Caller& caller, Lang lang) {
  auto patient = app::ShowPatient(p, caller.actor, id);
  if (!patient) return patient.error();
  json out = PatientToday(p)(*patient);
  if (auto st = AddTodaysCheckIn(front_desk, caller, id, lang, out); !st) return st.error();
  return Reply{200, out};
}

Result<Reply> PatientTimeline(const app::SessionServices& sessions,
                              const app::SafetyServices& safety,
                              const app::OutcomeServices& outcomes, int64_t id,
                              const httplib::Request&, const Caller& caller, Lang lang) {
  return JsonReply(
      200,
      app::PatientTimeline(sessions, safety, outcomes.outcomes, outcomes.catalogue, caller.actor,
                           id, lang),
      [id](const auto& entries) {
        return json{{"patient_id", id}, {"timeline", JsonArray(entries, app::TimelineEntryToJson)}};
      });
}

}  // namespace

std::vector<Route> PatientRoutes(const app::PatientServices& patients,
                                 const app::SessionServices& sessions,
                                 const app::SafetyServices& safety,
                                 const app::OutcomeServices& outcomes,
                                 const app::FrontDeskServices& front_desk) {
  using P = Permission;
  const std::string patient = R"(/api/v1/patients/([^/]+))";
  return {
      {"GET", "/api/v1/patients", P::kReadPatients, "patient.search",
       Bind(SearchPatients, patients)},
      {"POST", "/api/v1/patients", P::kWritePatients, "patient.create",
       Bind(RegisterPatient, patients)},
      {"GET", patient, P::kReadPatients, "patient.read", BindId(ShowPatient, patients, front_desk)},
      {"GET", patient + "/timeline", P::kReadClinical, "timeline.read",
       BindId(PatientTimeline, sessions, safety, outcomes)},
  };
}

}  // namespace exo::server
