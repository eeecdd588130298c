#include "app/demo_clinic.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "app/consents.h"
#include "app/demo.h"
#include "app/lots.h"
#include "app/outcomes.h"
#include "app/patients.h"
#include "app/plans.h"
#include "app/safety.h"
#include "app/sessions.h"

namespace exo::app {

using nlohmann::json;

namespace {

struct Name {
  const char* kanji;
  const char* kana;
};
constexpr Name kSurnames[] = {
    {"佐藤", "サトウ"},   {"鈴木", "スズキ"},   {"高橋", "タカハシ"}, {"田中", "タナカ"},
    {"伊藤", "イトウ"},   {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"},
    {"小林", "コバヤシ"}, {"加藤", "カトウ"},   {"吉田", "ヨシダ"},   {"松本", "マツモト"},
    {"井上", "イノウエ"}, {"木村", "キムラ"},   {"清水", "シミズ"},   {"森", "モリ"}};
constexpr Name kFemale[] = {{"美咲", "ミサキ"}, {"陽子", "ヨウコ"},   {"恵子", "ケイコ"},
                            {"由美", "ユミ"},   {"真理", "マリ"},     {"直美", "ナオミ"},
                            {"彩", "アヤ"},     {"京子", "キョウコ"}, {"智子", "トモコ"},
                            {"麻衣", "マイ"}};
constexpr Name kMale[] = {{"健一", "ケンイチ"},
                          {"大輔", "ダイスケ"},
                          {"誠", "マコト"},
                          {"隆", "タカシ"},
                          {"翔太", "ショウタ"}};

// Instant of `hour`:00 on `day` (UTC), for the clock and performed_at.
Timestamp At(Date day, int hour) {
  return Timestamp{int64_t{day.days_since_epoch()} * 86400 + int64_t{hour} * 3600};
}

void Move(FakeClock& clock, Date day, int hour) {
  clock.Set(day);
  clock.SetNow(At(day, hour));
}

// LoadDemoClinic's work, in the unit of work it runs in.
Status LoadPatients(const DemoClinicStores& st, const DemoClinicRules& rules, const Actor& actor,
                    Date today, int patients, Lang lang,
                    const std::function<void(int, int)>& progress) {
  FakeClock clock(today.AddDays(-300), At(today.AddDays(-300), 9).unix_seconds);
  const LotServices ls{st.lot_reader, st.lot_writer, st.audit, st.unit_of_work,
                       clock,         rules.qc,      st.users, nullptr};
  const PatientServices ps{st.patients,     st.screenings, st.audit,
                           st.unit_of_work, clock,         rules.screening};
  const PlanServices pls{st.plans,    st.patients,  st.screenings,      st.lot_reader,
                         st.sessions, st.audit,     st.unit_of_work,    clock,
                         rules.qc,    rules.clinic, rules.alternatives, rules.screening};
  const ConsentServices cs{pls, st.consents, st.users, rules.templates};
  const SessionServices ss{st.sessions,   st.plans,     st.patients, st.screenings,
                           st.lot_reader, st.consents,  st.audit,    st.unit_of_work,
                           clock,         rules.clinic, st.users};
  const SafetyServices sf{st.safety,       st.patients, st.sessions,   st.audit,
                          st.unit_of_work, clock,       rules.ae_terms};
  const OutcomeServices os{st.outcomes,     st.patients,   st.sessions,  st.plans,
                           st.lot_reader,   st.screenings, st.safety,    st.audit,
                           st.unit_of_work, clock,         rules.clinic, rules.measures};

  // The lots: four lots of the same product, each imported and released on its own day (300,
  // 150, 90 and 45 days ago, a month after its manufacture). A plan uses the newest lot released
  // on or before its start, as a clinic uses up its stock, so the lots differ only in when they
  // were used: an analysis with the lot as a random effect should find next to no variance.
  struct DemoLot {
    int released_days_ago;
    int64_t id;
  };
  std::vector<DemoLot> lots = {{300, 0}, {150, 0}, {90, 0}, {45, 0}};
  for (size_t k = 0; k < lots.size(); ++k) {
    Move(clock, today.AddDays(-lots[k].released_days_ago), 9);
    auto lot = ImportLot(
        ls, actor,
        DemoTreatmentLotCertificate(today, static_cast<int>(k) + 1, lots[k].released_days_ago + 30),
        1000);
    if (!lot) return lot.error();
    if (auto r = ReleaseLot(ls, actor, lot->lot.id, RouteSet::All(), {}); !r) return r.error();
    lots[k].id = lot->lot.id;
  }
  const auto lot_for = [&](Date start) {
    int64_t id = lots.front().id;
    for (const DemoLot& l : lots)
      if (today.AddDays(-l.released_days_ago) <= start) id = l.id;
    return id;
  };

  std::mt19937 rng(20261124);
  // Synthetic body temperatures from their own stream, so the other draws stay as they were.
  std::mt19937 temperature_rng(36);
  std::normal_distribution<double> temperature_c(36.5, 0.3);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto pick = [&](int n) { return static_cast<int>(u(rng) * n) % n; };
  const char* routes[] = {"topical", "microneedle", "injection", "iv"};
  const double particles[] = {5e9, 1e10, 1e10, 2e10};

  for (int i = 0; i < patients; ++i) {
    // Who, and when they started (14 to 200 days ago).
    const bool female = u(rng) < 0.82;
    const Name& family = kSurnames[pick(std::size(kSurnames))];
    const Name& given = female ? kFemale[pick(std::size(kFemale))] : kMale[pick(std::size(kMale))];
    const int age = 28 + pick(35);
    const Date birth = today.AddDays(-age * 365 - pick(300));
    // Every tenth patient comes back today, so the day's list is not empty.
    const Date start =
        i % 10 == 3 ? today.AddDays(-28 * (1 + pick(2))) : today.AddDays(-14 - pick(187));
    const int r = u(rng) < 0.35 ? 0 : u(rng) < 0.45 ? 1 : u(rng) < 0.6 ? 2 : 3;
    const double sleep = std::clamp(std::round((6.5 + 1.0 * z(rng)) * 2) / 2, 4.0, 9.0);
    const int stress = std::clamp(static_cast<int>(std::lround(16 + 6 * z(rng))), 0, 40);
    Move(clock, start.AddDays(-7), 10);
    char number[16];
    std::snprintf(number, sizeof number, "D%04d", i + 1);
    json person = {{"patient_number", number},
                   {"name_kanji", std::string(family.kanji) + " " + given.kanji},
                   {"name_kana", std::string(family.kana) + " " + given.kana},
                   {"birth_date", birth.ToString()},
                   {"sex", female ? "female" : "male"},
                   {"weight_kg", std::round((female ? 54 : 68) + 7 * z(rng))}};
    auto patient = RegisterPatient(ps, actor, person.dump());
    // Two fictitious people may share a name and a birth date; they are different people, which
    // the demo states as a person registering them would.
    if (!patient && patient.error().message_id == "err.patient_likely_duplicate") {
      person["confirmed_distinct"] = true;
      patient = RegisterPatient(ps, actor, person.dump());
    }
    if (!patient) return patient.error();
    const int64_t pid = patient->id;
    auto screening = RecordScreening(ps, actor, pid,
                                     json{{"schema", "exoclinic.intake/1"},
                                          {"age", age},
                                          {"sex", female ? "female" : "male"},
                                          {"goals", {"skin"}},
                                          {"planned_routes", {routes[r]}},
                                          {"conditions", json::array()},
                                          {"medications", json::array()},
                                          {"allergies", json::array()},
                                          {"lifestyle",
                                           {{"sleep_hours", sleep},
                                            {"stress_pss10", stress},
                                            {"smoker", u(rng) < 0.12},
                                            {"uv_exposure", u(rng) < 0.3 ? "high" : "moderate"}}}}
                                         .dump());
    if (!screening) return screening.error();
    if (auto so = SignOffScreening(ps, actor, screening->id, Message("demo.signoff_note", lang));
        !so)
      return so.error();
    // The plan, its consent and the sessions given so far.
    Move(clock, start, 9);
    const int sessions = 3 + pick(3);
    json plan_json = {{"goals", {"skin"}},
                      {"route", routes[r]},
                      {"sites", {r == 3 ? "whole_body" : "face"}},
                      {"lot_id", lot_for(start)},
                      {"dose_particles", particles[r]},
                      {"interval_days", 28},
                      {"sessions", sessions},
                      {"start_date", start.ToString()}};
    if (r == 3) plan_json["infusion_minutes"] = 30;
    auto plan = CreatePlan(pls, actor, pid, plan_json.dump());
    if (!plan) return plan.error();
    const auto schedule = plan->evaluation.schedule;
    if (auto a = ActivatePlan(pls, actor, plan->plan.id); !a) return a.error();
    if (auto c = SignConsent(cs, actor, plan->plan.id, Lang::kJa, patient->name_kanji, ""); !c)
      return c.error();
    // Synthetic outcome model (docs/analysis.md): a baseline, a personal weekly change that is
    // zero on average (some people improve, as many get worse), a small sleep term and
    // measurement noise. No route, product or lot has an effect: the demo must not show one.
    const double base_c = 40 + 8 * z(rng), base_r2 = 0.70 + 0.04 * z(rng);
    const double slope_c = 0.25 * z(rng) + 0.08 * (sleep - 6.5);
    const double slope_r2 = 0.002 * z(rng);
    const double base_f = 4.5 + 1.2 * z(rng), slope_f = 0.08 * z(rng);
    const auto measure = [&](Date day, const char* id, double value, bool baseline) -> Status {
      Move(clock, day, 9);
      auto m = RecordMeasurement(os, actor,
                                 json{{"patient_id", pid},
                                      {"measure", id},
                                      {"value", value},
                                      {"measured_on", day.ToString()},
                                      {"time_point", baseline ? "baseline" : "follow_up"}}
                                     .dump());
      if (!m) return m.error();
      return OkStatus();
    };
    std::vector<int64_t> given_sessions;
    for (int k = 0; k < static_cast<int>(schedule.size()) && schedule[k] < today; ++k) {
      Move(clock, schedule[k], 11);
      json session = {
          {"plan_id", plan->plan.id},
          {"operator", "nurse.demo"},
          {"performed_at", At(schedule[k], 10).ToIso8601()},
          {"reactions",
           Message(u(rng) < 0.2 ? "demo.reaction_redness" : "demo.reaction_none", lang)},
          {"notes", Message("demo.session_note", lang)}};
      if (r == 3)  // synthetic vitals, varied (the note says they were not measured)
        session["vitals"] = {
            {"bp_systolic", 112 + pick(20)},
            {"bp_diastolic", 70 + pick(12)},
            {"pulse", 62 + pick(20)},
            {"temperature_c",
             std::clamp(std::round(temperature_c(temperature_rng) * 10) / 10, 35.8, 37.3)}};
      auto s = RecordSession(ss, actor, session.dump());
      if (!s) return s.error();
      given_sessions.push_back(s->id);
    }
    const Date first = schedule.front();  // the start moved past a closed day
    for (Date day = first; day <= today; day = day.AddDays(14)) {
      const double weeks = (day.days_since_epoch() - first.days_since_epoch()) / 7.0;
      const double c = std::clamp(base_c + slope_c * weeks + 2.5 * z(rng), 5.0, 125.0);
      const double r2 = std::clamp(base_r2 + slope_r2 * weeks + 0.02 * z(rng), 0.3, 0.99);
      const double f = std::clamp(std::round(base_f + slope_f * weeks + 0.8 * z(rng)), 0.0, 10.0);
      for (auto [id, v] :
           {std::pair{"corneometer", std::round(c * 10) / 10},
            std::pair{"cutometer_r2", std::round(r2 * 1000) / 1000}, std::pair{"firmness_self", f}})
        if (auto st2 = measure(day, id, v, day == first); !st2) return st2.error();
    }
    // A few adverse events after a session: redness after needles, fever after a drip.
    if (!given_sessions.empty() && u(rng) < (r == 3 ? 0.15 : r > 0 ? 0.12 : 0.03)) {
      const Date onset = schedule[0].AddDays(1) <= today ? schedule[0].AddDays(1) : schedule[0];
      Move(clock, onset, 15);
      const bool fever = r == 3;
      auto ae = RecordAdverseEvent(
          sf, actor,
          json{{"patient_id", pid},
               {"onset_date", onset.ToString()},
               {"description", Message(fever ? "demo.ae_fever" : "demo.ae_redness", lang)},
               {"term", fever ? "Pyrexia" : "Injection site erythema"},
               {"ctcae_grade", fever && u(rng) < 0.3 ? 2 : 1},
               {"serious", false},
               {"causality", "possible"},
               {"outcome", "recovered"},
               {"session_ids", {given_sessions.front()}}}
              .dump());
      if (!ae) return ae.error();
    }
    if (progress) progress(i + 1, patients);
  }
  // Follow-ups due before today were done on their due dates.
  auto open = st.sessions.ListOpenFollowUps(actor.clinic_id, today.AddDays(-1));
  if (!open) return open.error();
  for (const auto& f : *open)
    if (auto d = st.sessions.CompleteFollowUp(actor.clinic_id, f.id, At(f.due_on, 12)); !d)
      return d.error();
  return OkStatus();
}

}  // namespace

Result<int> LoadDemoClinic(const DemoClinicStores& st, const DemoClinicRules& rules,
                           const Actor& actor, Date today, int patients, Lang lang,
                           const std::function<void(int, int)>& progress) {
  auto existing = st.patients.SearchPatients(actor.clinic_id, "D0001", 1);
  if (!existing) return existing.error();
  if (!existing->empty()) return 0;
  // One unit of work for the whole synthetic history: every use case's own unit becomes a
  // savepoint in it (its checks run as always), the disk is waited for once instead of after
  // each of thousands of records, and an interrupted load leaves nothing behind.
  if (auto st2 = st.unit_of_work.Run(
          [&] { return LoadPatients(st, rules, actor, today, patients, lang, progress); });
      !st2)
    return st2.error();
  return patients;
}

}  // namespace exo::app
