// Treatment sessions and what follows them: recording a session, a patient's sessions, the
// aftercare sheet, and the follow-up tasks (listed by due day, marked done).
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

json FollowUpJson(const store::FollowUp& f, Lang lang) {
  return {{"id", f.id},
          {"patient_id", f.patient_id},
          {"due_on", f.due_on.ToString()},
          {"kind", std::string(store::FollowUpKindName(f.kind))},
          {"note", f.note},
          {"text", app::FollowUpText(f, lang)},
          {"days_after", OrNull(f.days_after)},
          {"session_id", OrNull(f.session_id)},
          {"lot_id", OrNull(f.lot_id)}};
}

namespace {

Result<Reply> RecordSession(const app::SessionServices& s, const httplib::Request& req,
                            const Caller& caller, Lang) {
  return JsonReply(201, app::RecordSession(s, caller.actor, req.body), SessionJson);
}

Result<Reply> PatientSessions(const app::SessionServices& s, int64_t id, const httplib::Request&,
                              const Caller& caller, Lang) {
  return JsonReply(200, app::PatientSessions(s, caller.actor, id), [](const auto& list) {
    return json{{"sessions", JsonArray(list, SessionJson)}};
  });
}

Result<Reply> AftercareSheet(const app::AftercareServices& a, int64_t id, const httplib::Request&,
                             const Caller& caller, Lang lang) {
  return RawReply(app::AftercarePdf(a, caller.actor, id, lang), kPdf);
}

// ?due: open tasks due on or before that day; absent: every open task.
Result<Reply> DueFollowUps(const app::SessionServices& s, const httplib::Request& req,
                           const Caller& caller, Lang lang) {
  auto due = QueryDate(req, "due");
  if (!due) return due.error();
  return JsonReply(200, app::DueFollowUps(s, caller.actor, *due), [lang](const auto& list) {
    return json{{"followups", JsonArray(list, [lang](const store::FollowUp& f) {
                   return FollowUpJson(f, lang);
                 })}};
  });
}

Result<Reply> CompleteFollowUp(const app::SessionServices& s, int64_t id, const httplib::Request&,
                               const Caller& caller, Lang) {
  if (auto st = app::CompleteFollowUp(s, caller.actor, id); !st) return st.error();
  return Reply{200, {{"id", id}, {"done", true}}};
}

}  // namespace

json SessionJson(const store::StoredSession& x) {
  json vitals = json::parse(x.vitals_json, nullptr, false);
  return {{"id", x.id},
          {"patient_id", x.patient_id},
          {"plan_id", x.plan_id},
          {"lot_id", x.lot_id},
          {"performed_at", x.performed_at.ToIso8601()},
          {"operator", x.operator_name},
          {"route", x.route},
          {"sites", x.sites},
          {"dose_particles", x.dose_particles},
          {"volume_ml", x.volume_ml},
          {"vials_used", x.vials_used},
          {"vitals", vitals.is_discarded() ? json(nullptr) : vitals},
          {"reactions", x.reactions},
          {"notes", x.notes},
          {"interval_override_reason", x.interval_override_reason},
          {"recorded_by", x.recorded_by}};
}

std::vector<Route> SessionRoutes(const app::SessionServices& sessions,
                                 const app::AftercareServices& aftercare) {
  using P = Permission;
  return {
      {"POST", "/api/v1/sessions", P::kRecordClinical, "session.create",
       Bind(RecordSession, sessions)},
      {"GET", R"(/api/v1/patients/([^/]+)/sessions)", P::kReadClinical, "session.read",
       BindId(PatientSessions, sessions)},
      {"GET", R"(/api/v1/sessions/([^/]+)/aftercare\.pdf)", P::kReadClinical, "aftercare.print",
       BindId(AftercareSheet, aftercare)},
      {"GET", "/api/v1/followups", P::kReadClinical, "followup.read", Bind(DueFollowUps, sessions)},
      {"POST", R"(/api/v1/followups/([^/]+)/done)", P::kRecordClinical, "followup.done",
       BindId(CompleteFollowUp, sessions)},
  };
}

}  // namespace exo::server
