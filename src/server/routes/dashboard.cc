// The role's dashboard: GET /api/v1/dashboard?date=, put together from the reads the role may
// make (the day's list for everyone with patients.read; the follow-ups due with clinical.read;
// what waits for a signature, the alerts and the flagged signals with clinical.sign_off), each
// item naming its patient. The parts a role may not see are absent, not empty.
#include "app/dashboard.h"

#include "app/safety.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

bool Allows(const Caller& caller, Permission p) {
  const auto role = app::AuthRoleOf(caller.actor.role);
  return role && auth::RoleAllows(*role, p);
}

// Every list item rendered, with "patient": the number and name of item["patient_id"].
class Named {
 public:
  void Add(json* list) { lists_.push_back(list); }

  Status Name(const store::PatientStore& patients, int64_t clinic) {
    std::set<int64_t> ids;
    for (json* list : lists_)
      for (const auto& x : *list) ids.insert(x["patient_id"].get<int64_t>());
    auto names = app::PatientNames(patients, clinic, ids);
    if (!names) return names.error();
    for (json* list : lists_)
      for (auto& x : *list) {
        const auto& n = names->at(x["patient_id"].get<int64_t>());
        x["patient"] = {{"id", n.id},
                        {"patient_number", n.patient_number},
                        {"name_kanji", n.name_kanji},
                        {"name_kana", n.name_kana},
                        {"synthetic", n.synthetic}};
      }
    return OkStatus();
  }

 private:
  std::vector<json*> lists_;
};

Result<Reply> ShowDashboard(const app::SessionServices& s, const app::SafetyServices& safety,
                            const app::OutcomeServices& o, const app::FrontDeskServices& front_desk,
                            const httplib::Request& req, const Caller& caller, Lang lang) {
  auto date = QueryDate(req, "date");
  if (!date) return date.error();
  const Date day = date->value_or(s.clock.Today());
  const bool clinical = Allows(caller, Permission::kReadClinical);
  auto today = app::DaySchedule(s, caller.actor, day);
  if (!today) return today.error();
  json out = {{"date", day.ToString()}, {"today", JsonArray(*today, [clinical](const auto& e) {
                                           return ScheduleEntryJson(e, clinical);
                                         })}};
  if (auto st = AddCheckIns(front_desk, caller, day, lang, out["today"], out); !st)
    return st.error();
  if (!clinical) return Reply{200, out};
  Named named;
  auto due = app::DueFollowUps(s, caller.actor, day);
  if (!due) return due.error();
  out["followups"] = JsonArray(*due, [lang](const auto& f) { return FollowUpJson(f, lang); });
  if (Allows(caller, Permission::kSignOff)) {
    auto waiting = app::ListWaitingForSignature(s, caller.actor);
    if (!waiting) return waiting.error();
    out["sign_offs"] = JsonArray(waiting->screenings, [](const store::StoredScreening& x) {
      return json{{"id", x.id},
                  {"patient_id", x.patient_id},
                  {"created_at", x.created_at.ToIso8601()},
                  {"contraindicated_routes", x.contraindicated_routes}};
    });
    out["drafts"] = JsonArray(waiting->drafts, [](const store::StoredPlan& p) {
      return json{
          {"id", p.id}, {"patient_id", p.patient_id}, {"created_at", p.created_at.ToIso8601()}};
    });
    auto alerts = app::Alerts(safety, caller.actor);
    if (!alerts) return alerts.error();
    out["alerts"] = JsonArray(*alerts, AdverseEventJsonIn(lang));
    auto questionnaires = app::QuestionnaireAlerts(o, caller.actor);
    if (!questionnaires) return questionnaires.error();
    out["questionnaire_alerts"] = JsonArray(*questionnaires, MeasurementJson);
    auto signals = app::LotSignals(safety, caller.actor);
    if (!signals) return signals.error();
    json flagged = json::array();
    for (const auto& x : *signals)
      if (x.signal.flagged) flagged.push_back(SignalJson(x));
    out["signals"] = flagged;
    for (const char* part : {"sign_offs", "drafts", "alerts", "questionnaire_alerts"})
      named.Add(&out[part]);
  }
  named.Add(&out["followups"]);
  if (auto st = named.Name(s.patients, caller.actor.clinic_id); !st) return st.error();
  return Reply{200, out};
}

}  // namespace

std::vector<Route> DashboardRoutes(const app::SessionServices& sessions,
                                   const app::SafetyServices& safety,
                                   const app::OutcomeServices& outcomes,
                                   const app::FrontDeskServices& front_desk) {
  return {{"GET", "/api/v1/dashboard", Permission::kReadPatients, "dashboard.read",
           Bind(ShowDashboard, sessions, safety, outcomes, front_desk)}};
}

}  // namespace exo::server
