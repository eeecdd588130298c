// The day's treatment list and a lot's trace (who received it), the two views that join
// plans, sessions and patients.
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

// Lot and session ids only for roles that read clinical records.
json ScheduleEntryJson(const app::DayScheduleEntry& e, bool clinical) {
  json j = {
      {"plan_id", e.plan.id},
      {"patient_id", e.plan.patient_id},
      {"patient_number", e.patient_number},
      {"name_kanji", e.name_kanji},
      {"name_kana", e.name_kana},
      {"synthetic", e.synthetic},
      {"route", RouteName(e.route)},
      {"session_number", e.session_number},
      {"sessions", e.sessions},
      {"planned", e.planned},
      {"done", e.recorded.has_value()},
      {"performed_at", e.recorded ? json(e.recorded->performed_at.ToIso8601()) : json(nullptr)}};
  if (clinical) {
    j["lot_id"] = e.plan.lot_id;
    j["lot_number"] = e.lot_number;
    j["session_id"] = e.recorded ? json(e.recorded->id) : json(nullptr);
  }
  return j;
}

namespace {

// ?date: the day (default today). The day list is the schedule (patients.read: reception
// keeps it).
Result<Reply> DaySchedule(const app::SessionServices& s, const app::FrontDeskServices& front_desk,
                          const httplib::Request& req, const Caller& caller, Lang lang) {
  const auto role = app::AuthRoleOf(caller.actor.role);
  const bool clinical = role && auth::RoleAllows(*role, Permission::kReadClinical);
  auto date = QueryDate(req, "date");
  if (!date) return date.error();
  const Date day = date->value_or(s.clock.Today());
  auto list = app::DaySchedule(s, caller.actor, day);
  if (!list) return list.error();
  json out = {{"date", day.ToString()},
              {"entries", JsonArray(*list, [clinical](const app::DayScheduleEntry& e) {
                 return ScheduleEntryJson(e, clinical);
               })}};
  if (auto st = AddCheckIns(front_desk, caller, day, lang, out["entries"], out); !st)
    return st.error();
  return Reply{200, out};
}

// ?format=csv: the same rows as CSV for a spreadsheet (UTF-8 BOM first unless ?bom=0; times in
// the clinic's zone).
Result<Reply> TraceLot(const app::SessionServices& s, int64_t id, const httplib::Request& req,
                       const Caller& caller, Lang) {
  auto rows = app::TraceLot(s, caller.actor, id);
  if (!rows) return rows.error();
  if (req.get_param_value("format") == "csv")
    return RawReply(app::TraceCsv(*rows, s.clinic.time_zone, req.get_param_value("bom") != "0"),
                    kCsv);
  return Reply{200, {{"lot_id", id}, {"sessions", TraceJson(*rows)}}};
}

}  // namespace

json TraceJson(const std::vector<store::TraceRow>& rows) {
  return JsonArray(rows, [](const store::TraceRow& r) {
    json j = SessionJson(r.session);
    j["patient"] = {{"id", r.session.patient_id}, {"patient_number", r.patient_number},
                    {"name_kanji", r.name_kanji}, {"name_kana", r.name_kana},
                    {"phone", r.phone},           {"email", r.email}};
    return j;
  });
}

std::vector<Route> ScheduleRoutes(const app::SessionServices& sessions,
                                  const app::FrontDeskServices& front_desk) {
  using P = Permission;
  return {
      {"GET", "/api/v1/schedule", P::kReadPatients, "schedule.read",
       Bind(DaySchedule, sessions, front_desk)},
      {"GET", R"(/api/v1/lots/([^/]+)/trace)", P::kReadClinical, "lot.trace",
       BindId(TraceLot, sessions)},
  };
}

}  // namespace exo::server
