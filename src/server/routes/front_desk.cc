// The front desk (受付): a patient checks in on arrival (patients.write, reception's part), a
// check-in tapped by mistake is undone, and the day's check-ins are read and shown beside the
// day's treatment list (schedule.cc, dashboard.cc).
#include <map>
#include <set>

#include "app/dashboard.h"
#include "app/staff_names.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

json CheckInJson(const store::CheckIn& c, const app::StaffNames& staff, Lang lang) {
  return {{"id", c.id},
          {"patient_id", c.patient_id},
          {"day", c.day.ToString()},
          {"checked_in_at", c.checked_in_at.ToIso8601()},
          {"checked_in_by_name", app::ActorName(staff, c.checked_in_by, lang)}};
}

Result<Reply> CheckIn(const app::FrontDeskServices& s, int64_t patient_id, const httplib::Request&,
                      const Caller& caller, Lang lang) {
  auto c = app::CheckInPatient(s, caller.actor, patient_id);
  if (!c) return c.error();
  auto staff = app::LoadStaffNames(s.users, caller.actor.clinic_id);
  if (!staff) return staff.error();
  return Reply{201, CheckInJson(*c, *staff, lang)};
}

Result<Reply> UndoCheckIn(const app::FrontDeskServices& s, int64_t id, const httplib::Request&,
                          const Caller& caller, Lang) {
  if (auto st = app::UndoCheckIn(s, caller.actor, id); !st) return st.error();
  return Reply{200, {{"id", id}, {"undone", true}}};
}

// ?date: the day (default today).
Result<Reply> ListCheckIns(const app::FrontDeskServices& s, const httplib::Request& req,
                           const Caller& caller, Lang lang) {
  auto date = QueryDate(req, "date");
  if (!date) return date.error();
  const Date day = date->value_or(s.clock.Today());
  json entries = json::array();
  json out = {{"date", day.ToString()}};
  if (auto st = AddCheckIns(s, caller, day, lang, entries, out, app::ReadAudit::kRecord); !st)
    return st.error();
  return Reply{200, out};
}

}  // namespace

Status AddCheckIns(const app::FrontDeskServices& s, const Caller& caller, Date day, Lang lang,
                   json& entries, json& out, app::ReadAudit audit) {
  auto list = app::DayCheckIns(s, caller.actor, day, audit);
  if (!list) return list.error();
  auto staff = app::LoadStaffNames(s.users, caller.actor.clinic_id);
  if (!staff) return staff.error();
  std::set<int64_t> ids;
  std::map<int64_t, json> by_patient;
  for (const auto& c : *list) {
    ids.insert(c.patient_id);
    by_patient.emplace(c.patient_id, CheckInJson(c, *staff, lang));
  }
  auto names = app::PatientNames(s.patients, caller.actor.clinic_id, ids);
  if (!names) return names.error();
  for (auto& e : entries) {
    const auto found = by_patient.find(e["patient_id"].get<int64_t>());
    e["check_in"] = found == by_patient.end() ? json(nullptr) : found->second;
  }
  json all = json::array();
  for (const auto& c : *list) {
    json j = by_patient.at(c.patient_id);
    const auto& n = names->at(c.patient_id);
    j["patient"] = {{"id", n.id},
                    {"patient_number", n.patient_number},
                    {"name_kanji", n.name_kanji},
                    {"name_kana", n.name_kana},
                    {"synthetic", n.synthetic}};
    all.push_back(std::move(j));
  }
  out["check_ins"] = std::move(all);
  return OkStatus();
}

Status AddTodaysCheckIn(const app::FrontDeskServices& s, const Caller& caller, int64_t patient_id,
                        Lang lang, json& out) {
  out["check_in_today"] = nullptr;
  auto list =
      app::DayCheckIns(s, caller.actor, s.clock.Today(), app::ReadAudit::kPartOfAnotherRead);
  if (!list) return list.error();
  for (const auto& c : *list) {
    if (c.patient_id != patient_id) continue;
    auto staff = app::LoadStaffNames(s.users, caller.actor.clinic_id);
    if (!staff) return staff.error();
    out["check_in_today"] = CheckInJson(c, *staff, lang);
  }
  return OkStatus();
}

std::vector<Route> FrontDeskRoutes(const app::FrontDeskServices& front_desk) {
  using P = Permission;
  return {
      {"POST", R"(/api/v1/patients/([^/]+)/check-ins)", P::kWritePatients, "checkin.create",
       BindId(CheckIn, front_desk)},
      {"POST", R"(/api/v1/check-ins/([^/]+)/undo)", P::kWritePatients, "checkin.undo",
       BindId(UndoCheckIn, front_desk)},
      {"GET", "/api/v1/check-ins", P::kReadPatients, "checkin.read",
       Bind(ListCheckIns, front_desk)},
  };
}

}  // namespace exo::server
