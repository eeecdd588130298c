// The role's dashboard: GET /api/v1/dashboard?date= (app/dashboard.h). The parts a role may not
// see are absent, not empty.
#include "app/dashboard.h"

#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

json NameJson(const app::PatientName& n) {
  return {{"id", n.id},
          {"patient_number", n.patient_number},
          {"name_kanji", n.name_kanji},
          {"name_kana", n.name_kana}};
}

// Each item rendered by `render`, with "patient": its number and name.
template <typename T, typename Render>
json WithNames(const std::vector<app::ForPatient<T>>& list, Render render) {
  return JsonArray(list, [&render](const app::ForPatient<T>& x) {
    json j = render(x.item);
    j["patient"] = NameJson(x.patient);
    return j;
  });
}

json DashboardJson(const app::Dashboard& d, Lang lang) {
  json out = {{"date", d.day.ToString()},
              {"today", JsonArray(d.today, [&d](const app::DayScheduleEntry& e) {
                 return ScheduleEntryJson(e, d.clinical);
               })}};
  if (d.clinical)
    out["followups"] =
        WithNames(d.followups, [lang](const auto& f) { return FollowUpJson(f, lang); });
  if (!d.signs_off) return out;
  out["sign_offs"] = WithNames(d.sign_offs, [](const store::StoredScreening& s) {
    return json{{"id", s.id},
                {"created_at", s.created_at.ToIso8601()},
                {"contraindicated_routes", s.contraindicated_routes}};
  });
  out["drafts"] = WithNames(d.drafts, [](const store::StoredPlan& p) {
    return json{{"id", p.id}, {"created_at", p.created_at.ToIso8601()}};
  });
  out["alerts"] = WithNames(d.alerts, AdverseEventJson);
  out["questionnaire_alerts"] = WithNames(d.questionnaire_alerts, MeasurementJson);
  out["signals"] = JsonArray(d.signals, SignalJson);
  return out;
}

// ?date: the day (default today).
Result<Reply> ShowDashboard(const app::OutcomeServices& o, const httplib::Request& req,
                            const Caller& caller, Lang lang) {
  auto date = QueryDate(req, "date");
  if (!date) return date.error();
  return JsonReply(200,
                   app::ShowDashboard(o, caller.actor, date->value_or(o.sessions.clock.Today())),
                   [lang](const app::Dashboard& d) { return DashboardJson(d, lang); });
}

}  // namespace

std::vector<Route> DashboardRoutes(const app::OutcomeServices& outcomes) {
  return {{"GET", "/api/v1/dashboard", Permission::kReadPatients, "dashboard.read",
           Bind(ShowDashboard, outcomes)}};
}

}  // namespace exo::server
