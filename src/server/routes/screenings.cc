// Screenings: a patient's intake screened against the clinic's rules, stored, and signed off
// by a physician. (Screening without storing, for the public self-check, is in public.cc.)
#include "app/patients.h"
#include "screening/screen.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

}  // namespace

// The stored screening (ids and parameters) with its texts rendered in the reader's language.
json ScreeningJson(const store::StoredScreening& r, Lang lang) {
  return {{"id", r.id},
          {"patient_id", r.patient_id},
          {"created_at", r.created_at.ToIso8601()},
          {"created_by", r.created_by},
          {"contraindicated_routes", r.contraindicated_routes},
          {"signed_off", r.signed_off_at.has_value()},
          {"signed_off_at", r.signed_off_at ? json(r.signed_off_at->ToIso8601()) : json(nullptr)},
          {"signed_off_by", r.signed_off_by},
          {"sign_off_note", r.sign_off_note},
          {"intake", Parsed(r.intake_json)},
          {"result", screening::RenderScreeningJson(Parsed(r.result_json), lang)}};
}

namespace {

Result<Reply> RecordScreening(const app::PatientServices& p, int64_t id,
                              const httplib::Request& req, const Caller& caller, Lang lang) {
  return JsonReply(201, app::RecordScreening(p, caller.actor, id, req.body),
                   [lang](const auto& r) { return ScreeningJson(r, lang); });
}

Result<Reply> ListScreenings(const app::PatientServices& p, int64_t id, const httplib::Request&,
                             const Caller& caller, Lang lang) {
  return JsonReply(200, app::ListScreenings(p, caller.actor, id), [lang](const auto& list) {
    return json{
        {"screenings", JsonArray(list, [lang](const auto& r) { return ScreeningJson(r, lang); })}};
  });
}

Result<Reply> SignOffScreening(const app::PatientServices& p, int64_t id,
                               const httplib::Request& req, const Caller& caller, Lang lang) {
  auto body = ObjectBody(req, {"note"});
  if (!body) return body.error();
  auto note = OptionalString(*body, "note");
  if (!note) return note.error();
  return JsonReply(200, app::SignOffScreening(p, caller.actor, id, *note),
                   [lang](const auto& r) { return ScreeningJson(r, lang); });
}

}  // namespace

std::vector<Route> ScreeningRoutes(const app::PatientServices& patients) {
  using P = Permission;
  const std::string screenings = R"(/api/v1/patients/([^/]+)/screenings)";
  return {
      {"POST", screenings, P::kRecordClinical, "screening.create",
       BindId(RecordScreening, patients)},
      {"GET", screenings, P::kReadClinical, "screening.read", BindId(ListScreenings, patients)},
      {"POST", R"(/api/v1/screenings/([^/]+)/sign-off)", P::kSignOff, "screening.sign_off",
       BindId(SignOffScreening, patients)},
  };
}

}  // namespace exo::server
