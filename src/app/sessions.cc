#include "app/sessions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "core/csv.h"
#include "product/certificate.h"
#include "report/qr.h"
#include "treatment/plan.h"
#include "treatment/session.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;

namespace {

std::string PatientObject(int64_t id) { return "patient/" + std::to_string(id); }

}  // namespace

Result<store::StoredSession> RecordSession(const SessionServices& s, const Actor& actor,
                                           std::string_view session_json) {
  const PlanServices& ps = s.plans;
  const Timestamp now = ps.clock.Now();
  auto req = treatment::ParseSessionRequest(session_json, now);
  if (!req) return req.error();
  auto plan = ShowPlan(ps, actor, req->plan_id);
  if (!plan) {
    if (plan.error().code == ErrorCode::kNotFound)
      return Invalid("/plan_id", "err.not_found", {"plan", std::to_string(req->plan_id)});
    return plan.error();
  }
  if (plan->plan.status != "active")
    return Conflict("err.plan_not_active", {std::to_string(req->plan_id), plan->plan.status});
  auto consent = ValidConsent(s.consents, actor, req->plan_id);
  if (!consent) return consent.error();
  if (!*consent) return Conflict("err.no_valid_consent", {std::to_string(req->plan_id)});
  auto lot = ps.lots.FindLot(actor.clinic_id, plan->plan.lot_id);
  if (!lot) return lot.error();
  const Route route = plan->request.route;
  const Timestamp performed = req->performed_at.value_or(now);
  std::string why;
  if (lot->state != product::LotState::kReleased)
    why = std::string(product::LotStateName(lot->state));
  else if (!lot->released_routes.Has(route))
    why = "not released for this route";
  else if (!lot->expires_on || *lot->expires_on < s.plans.clock.DayOf(performed))
    why = "expired";
  if (!why.empty())
    return Conflict("err.lot_unusable",
                    {std::to_string(lot->id), std::string(RouteName(route)), why});
  if (route == Route::kIv && (!req->vitals.bp_systolic || !req->vitals.bp_diastolic ||
                              !req->vitals.pulse || !req->vitals.temperature_c))
    return Invalid("/vitals", "err.vitals_required");
  store::StoredSession r;
  r.clinic_id = actor.clinic_id;
  r.patient_id = plan->plan.patient_id;
  r.plan_id = req->plan_id;
  r.lot_id = lot->id;
  r.performed_at = performed;
  r.operator_name = req->operator_name;
  r.route = std::string(RouteName(route));
  const auto& sites = req->sites.empty() ? plan->request.sites : req->sites;
  for (const auto& x : sites) r.sites += (r.sites.empty() ? "" : ",") + x;
  r.dose_particles = req->dose_particles.value_or(plan->request.dose_particles);
  std::optional<double> particles_per_ml, vial_ml;
  if (auto cert = product::ParseCertificate(lot->certificate_json)) {
    particles_per_ml = cert->particles_per_ml;
    vial_ml = cert->volume_ml;
  }
  if (req->volume_ml) {
    r.volume_ml = *req->volume_ml;
  } else if (particles_per_ml && *particles_per_ml > 0) {
    r.volume_ml = r.dose_particles / *particles_per_ml;
  } else {
    return Invalid("/volume_ml", "err.required");
  }
  r.vials_used = req->vials_used.value_or(
      vial_ml && *vial_ml > 0 ? static_cast<int>(std::ceil(r.volume_ml / *vial_ml - 1e-9)) : 1);
  json vitals = json::object();
  if (req->vitals.bp_systolic) vitals["bp_systolic"] = *req->vitals.bp_systolic;
  if (req->vitals.bp_diastolic) vitals["bp_diastolic"] = *req->vitals.bp_diastolic;
  if (req->vitals.pulse) vitals["pulse"] = *req->vitals.pulse;
  if (req->vitals.temperature_c) vitals["temperature_c"] = *req->vitals.temperature_c;
  if (req->vitals.spo2) vitals["spo2"] = *req->vitals.spo2;
  r.vitals_json = vitals.dump();
  r.reactions = req->reactions;
  r.notes = req->notes;
  r.recorded_by = actor.name;
  r.recorded_at = now;
  std::vector<store::FollowUp> followups;
  for (int days : ps.clinic.followup_days) {
    store::FollowUp f;
    f.clinic_id = actor.clinic_id;
    f.patient_id = r.patient_id;
    f.lot_id = r.lot_id;
    f.due_on = s.plans.clock.DayOf(performed).AddDays(days);
    f.kind = "aftercare";
    f.days_after = days;
    followups.push_back(f);
  }
  auto id = RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&] { return s.sessions.InsertTreatmentSession(r, followups); },
      [&](int64_t id) {
        return AuditNote{"session.create", PatientObject(r.patient_id),
                         "session/" + std::to_string(id) + " lot/" + std::to_string(r.lot_id)};
      });
  if (!id) return id.error();
  r.id = *id;
  return r;
}

Result<std::vector<store::StoredSession>> PatientSessions(const SessionServices& s,
                                                          const Actor& actor, int64_t patient_id) {
  if (auto p = s.plans.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "session.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

Result<std::vector<store::TraceRow>> TraceLot(const SessionServices& s, const Actor& actor,
                                              int64_t lot_id) {
  if (auto lot = s.plans.lots.FindLot(actor.clinic_id, lot_id); !lot) return lot.error();
  auto rows = s.sessions.TraceLot(actor.clinic_id, lot_id);
  if (!rows) return rows.error();
  std::set<int64_t> patients;
  for (const auto& r : *rows) patients.insert(r.session.patient_id);
  std::string ids;
  for (int64_t p : patients) ids += (ids.empty() ? "" : ",") + std::to_string(p);
  RecordAudit(s.plans.audit, s.plans.clock, actor, "lot.trace", "lot/" + std::to_string(lot_id),
              AuditOutcome::kAllowed, "patients: " + ids.substr(0, 1000));
  return rows;
}

namespace {

Result<RecallResult> RecallAndCreateFollowUps(const SessionServices& s, const LotServices& lots,
                                              const Actor& actor, int64_t lot_id,
                                              const std::string& reason) {
  auto view = TransitionLot(lots, actor, lot_id, product::LotAction::kRecall, reason);
  if (!view) return view.error();
  auto rows = TraceLot(s, actor, lot_id);
  if (!rows) return rows.error();
  std::set<int64_t> patients;
  for (const auto& r : *rows) patients.insert(r.session.patient_id);
  std::vector<store::FollowUp> followups;
  for (int64_t p : patients) {
    store::FollowUp f;
    f.clinic_id = actor.clinic_id;
    f.patient_id = p;
    f.lot_id = lot_id;
    f.due_on = s.plans.clock.Today();
    f.kind = "recall";
    f.note = reason.substr(0, 200);
    followups.push_back(f);
  }
  if (auto st = s.sessions.InsertFollowUps(followups); !st) return st.error();
  return RecallResult{std::move(*view), std::move(*rows), static_cast<int>(followups.size())};
}

}  // namespace

Result<RecallResult> RecallLot(const SessionServices& s, const LotServices& lots,
                               const Actor& actor, int64_t lot_id, const std::string& reason) {
  // The recall and the follow-up tasks it creates commit together.
  std::optional<RecallResult> out;
  if (auto st = lots.uow.Run([&]() -> Status {
        auto recalled = RecallAndCreateFollowUps(s, lots, actor, lot_id, reason);
        if (!recalled) return recalled.error();
        out = std::move(*recalled);
        return OkStatus();
      });
      !st)
    return st.error();
  return std::move(*out);
}

Result<std::vector<store::FollowUp>> DueFollowUps(const SessionServices& s, const Actor& actor,
                                                  std::optional<Date> due_until) {
  auto list = s.sessions.ListOpenFollowUps(actor.clinic_id, due_until);
  if (!list) return list.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "followup.read", "followups",
              AuditOutcome::kAllowed);
  return list;
}

std::string FollowUpText(const store::FollowUp& f, Lang lang) {
  if (f.days_after) return Message("followup.day_after", lang, {std::to_string(*f.days_after)});
  if (f.kind == "recall") return Message("followup.recall", lang, {f.note});
  return f.note;
}

Status CompleteFollowUp(const SessionServices& s, const Actor& actor, int64_t followup_id) {
  auto f = s.sessions.FindFollowUp(actor.clinic_id, followup_id);
  if (!f) return f.error();
  const PlanServices& ps = s.plans;
  return RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&] { return s.sessions.CompleteFollowUp(actor.clinic_id, followup_id, ps.clock.Now()); },
      [&](Ok) {
        return AuditNote{"followup.done", PatientObject(f->patient_id),
                         "followup/" + std::to_string(followup_id)};
      });
}

Result<std::vector<DayScheduleEntry>> DaySchedule(const SessionServices& s, const Actor& actor,
                                                  Date day) {
  const PlanServices& ps = s.plans;
  auto plans = ps.plans.ListPlansByStatus(actor.clinic_id, "active");
  if (!plans) return plans.error();
  std::vector<DayScheduleEntry> out;
  std::map<int64_t, std::vector<store::StoredSession>> given_by_patient;  // read once each
  for (auto& plan : *plans) {
    const json raw = json::parse(plan.request_json, nullptr, false);
    const auto start = Date::Parse(raw.value("start_date", std::string()));
    auto req = treatment::ParsePlanRequest(plan.request_json, start.value_or(day));
    if (!req) return Internal("stored plan " + std::to_string(plan.id) + " no longer parses");
    const auto schedule =
        treatment::BuildSchedule(req->start_date, req->interval_days, req->sessions, ps.clinic);
    auto cached = given_by_patient.find(plan.patient_id);
    if (cached == given_by_patient.end()) {
      auto given = s.sessions.ListPatientSessions(actor.clinic_id, plan.patient_id);
      if (!given) return given.error();
      cached = given_by_patient.emplace(plan.patient_id, std::move(*given)).first;
    }
    DayScheduleEntry e;
    e.planned = std::find(schedule.begin(), schedule.end(), day) != schedule.end();
    int before = 0;
    for (const auto& x : cached->second) {
      if (x.plan_id != plan.id) continue;
      const Date d = ps.clock.DayOf(x.performed_at);
      if (d < day) ++before;
      if (d == day && !e.recorded) e.recorded = x;
    }
    if (!e.planned && !e.recorded) continue;
    auto patient = ps.patients.FindPatient(actor.clinic_id, plan.patient_id);
    if (!patient) return patient.error();
    auto lot = ps.lots.FindLot(actor.clinic_id, plan.lot_id);
    if (!lot) return lot.error();
    e.patient_number = patient->patient_number;
    e.name_kanji = patient->name_kanji;
    e.name_kana = patient->name_kana;
    e.route = req->route;
    e.lot_number = lot->lot_number;
    e.session_number = before + 1;
    e.sessions = req->sessions;
    e.plan = std::move(plan);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.patient_number < b.patient_number;
  });
  RecordAudit(ps.audit, ps.clock, actor, "schedule.read", "schedule/" + day.ToString(),
              AuditOutcome::kAllowed, std::to_string(out.size()) + " entries");
  return out;
}

Result<std::string> AftercarePdf(const AftercareServices& s, const Actor& actor, int64_t session_id,
                                 Lang lang) {
  const PlanServices& ps = s.sessions.plans;
  auto session = s.sessions.sessions.FindTreatmentSession(actor.clinic_id, session_id);
  if (!session) return session.error();
  auto lot = ps.lots.FindLot(actor.clinic_id, session->lot_id);
  if (!lot) return lot.error();
  const std::string url = s.public_base_url + "/lots/public/" + lot->public_token;
  auto qr = report::QrPng(url);
  if (!qr) return qr.error();
  treatment::AftercareFacts f;
  f.route = ParseRoute(session->route).value_or(Route::kTopical);
  f.session_date = ps.clock.DayOf(session->performed_at).ToString();
  f.product_name = lot->product_name;
  f.lot_number = lot->lot_number;
  RecordAudit(ps.audit, ps.clock, actor, "aftercare.print", PatientObject(session->patient_id),
              AuditOutcome::kAllowed, "session/" + std::to_string(session_id));
  return report::RenderPdf(treatment::BuildAftercareDocument(s.rules, f, lang, std::move(*qr)));
}

Result<LotView> PublicLot(const LotServices& lots, const std::string& public_token) {
  if (public_token.size() != 32 ||
      public_token.find_first_not_of("0123456789abcdef") != std::string::npos)
    return NotFound("lot", "token");
  auto lot = lots.reader.FindLotByToken(public_token);
  if (!lot) return lot.error();
  product::QcContext ctx;
  ctx.today = lots.clock.Today();
  auto eval = EvaluateCertificate(lots.rules, lot->certificate_json, ctx);
  if (!eval) return Internal("stored certificate no longer parses");
  return LotView{std::move(*lot), std::move(eval->certificate), std::move(eval->report), ctx};
}

std::string TraceCsv(const std::vector<store::TraceRow>& rows) {
  std::string out =
      "session_id,performed_at,patient_id,patient_number,name_kanji,name_kana,phone,email,route,"
      "sites,dose_particles,volume_ml,reactions\r\n";
  for (const auto& r : rows) {
    const auto& x = r.session;
    out += std::to_string(x.id) + "," + x.performed_at.ToIso8601() + "," +
           std::to_string(x.patient_id) + "," + CsvField(r.patient_number) + "," +
           CsvField(r.name_kanji) + "," + CsvField(r.name_kana) + "," + CsvField(r.phone) + "," +
           CsvField(r.email) + "," + x.route + "," + CsvField(x.sites) + "," +
           json(x.dose_particles).dump() + "," + json(x.volume_ml).dump() + "," +
           CsvField(x.reactions) + "\r\n";
  }
  return out;
}

}  // namespace exo::app
