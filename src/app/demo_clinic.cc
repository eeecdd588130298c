#include "app/demo_clinic.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "app/consent_document.h"
#include "app/consents.h"
#include "app/demo.h"
#include "app/lots.h"
#include "app/outcomes.h"
#include "app/patients.h"
#include "app/pdf_prerenderer.h"
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

// The use cases the demo goes through, on a clock that walks through the past. The consents
// are rendered by `pdf`.
struct DemoServices {
  DemoServices(const DemoClinicStores& st, const DemoClinicRules& rules, Date today,
               PdfRenderer& pdf)
      : clock(today.AddDays(-300), At(today.AddDays(-300), 9).unix_seconds),
        ls{st.lot_reader, st.lot_writer, st.audit, st.unit_of_work,
           clock,         rules.qc,      st.users, nullptr},
        ps{st.patients, st.screenings, st.audit, st.unit_of_work, clock, rules.screening},
        pls{st.plans,    st.patients,  st.screenings,      st.lot_reader,
            st.sessions, st.audit,     st.unit_of_work,    clock,
            rules.qc,    rules.clinic, rules.alternatives, rules.screening},
        cs{pls, st.consents, st.users, rules.templates, &pdf},
        ss{st.sessions, st.plans,        st.patients, st.screenings, st.lot_reader, st.consents,
           st.audit,    st.unit_of_work, clock,       rules.clinic,  st.users,      st.outcomes},
        sf{st.safety, st.patients, st.sessions, st.audit, st.unit_of_work, clock, rules.ae_terms},
        os{st.outcomes, st.patients, st.sessions,     st.plans, st.lot_reader, st.screenings,
           st.safety,   st.audit,    st.unit_of_work, clock,    rules.clinic,  rules.measures} {}
  DemoServices(const DemoServices&) = delete;
  DemoServices& operator=(const DemoServices&) = delete;

  FakeClock clock;
  const LotServices ls;
  const PatientServices ps;
  const PlanServices pls;
  const ConsentServices cs;
  const SessionServices ss;
  const SafetyServices sf;
  const OutcomeServices os;
};

// The lots: four lots of the same product, each imported and released on its own day (300, 150,
// 90 and 45 days ago, a month after its manufacture). A plan uses the newest lot released on or
// before its start, as a clinic uses up its stock, so the lots differ only in when they were
// used: an analysis with the lot as a random effect should find next to no variance.
struct DemoLot {
  int released_days_ago;
  int64_t id;
};

Result<std::vector<DemoLot>> ImportDemoLots(DemoServices& w, const Actor& actor, Date today) {
  std::vector<DemoLot> lots = {{300, 0}, {150, 0}, {90, 0}, {45, 0}};
  for (size_t k = 0; k < lots.size(); ++k) {
    Move(w.clock, today.AddDays(-lots[k].released_days_ago), 9);
    auto lot = ImportLot(
        w.ls, actor,
        DemoTreatmentLotCertificate(today, static_cast<int>(k) + 1, lots[k].released_days_ago + 30),
        1000);
    if (!lot) return lot.error();
    if (auto r = ReleaseLot(w.ls, actor, lot->lot.id, RouteSet::All(), {}); !r) return r.error();
    lots[k].id = lot->lot.id;
  }
  return lots;
}

// The demo's random draws, seeded: every patient's are made in the same order, whatever order
// her records are written in, so the demo clinic stays the same from run to run.
struct DemoDraws {
  std::mt19937 rng{20261124};
  // Synthetic body temperatures from their own stream, so the other draws stay as they were.
  std::mt19937 temperature_rng{36};
  std::normal_distribution<double> temperature_c{36.5, 0.3};
  std::normal_distribution<double> z{0.0, 1.0};
  std::uniform_real_distribution<double> u{0.0, 1.0};
  double Z() { return z(rng); }
  double U() { return u(rng); }
  int Pick(int n) { return static_cast<int>(U() * n) % n; }
};

// A demo patient half-way: registered, screened, planned and her plan activated, with every
// random draw for the rest of her history already made (in the order they were always made), so
// that the consent she signs next is known and can be rendered while others are treated.
struct DrawnPatient {
  int64_t patient_id = 0;
  std::string name_kanji;
  int64_t plan_id = 0;
  Date start;
  std::vector<std::pair<Date, json>> sessions;  // the day of each session given, its request
  struct Measured {
    Date day;
    const char* measure;
    double value;
    bool baseline;
  };
  std::vector<Measured> measurements;
  struct AdverseEvent {
    Date onset;
    bool fever;  // after a drip; else redness after needles
    int ctcae_grade;
  };
  std::optional<AdverseEvent> adverse_event;  // after the first session
};

// Registers patient `i` (D0001...) and takes her up to the activated plan; queues her consent,
// as she will sign it, on `pdf`.
Result<DrawnPatient> BeginPatient(DemoServices& w, DemoDraws& d, PdfPrerenderer& pdf,
                                  const Actor& actor, Date today, int i, Lang lang,
                                  const std::function<int64_t(Date)>& lot_for) {
  static constexpr const char* kRoutes[] = {"topical", "microneedle", "injection", "iv"};
  static constexpr double kParticles[] = {5e9, 1e10, 1e10, 2e10};
  // Who, and when they started (14 to 200 days ago).
  const bool female = d.U() < 0.82;
  const Name& family = kSurnames[d.Pick(std::size(kSurnames))];
  const Name& given =
      female ? kFemale[d.Pick(std::size(kFemale))] : kMale[d.Pick(std::size(kMale))];
  const int age = 28 + d.Pick(35);
  const Date birth = today.AddDays(-age * 365 - d.Pick(300));
  // Every tenth patient comes back today, so the day's list is not empty.
  const Date start =
      i % 10 == 3 ? today.AddDays(-28 * (1 + d.Pick(2))) : today.AddDays(-14 - d.Pick(187));
  const int r = d.U() < 0.35 ? 0 : d.U() < 0.45 ? 1 : d.U() < 0.6 ? 2 : 3;
  const double sleep = std::clamp(std::round((6.5 + 1.0 * d.Z()) * 2) / 2, 4.0, 9.0);
  const int stress = std::clamp(static_cast<int>(std::lround(16 + 6 * d.Z())), 0, 40);
  Move(w.clock, start.AddDays(-7), 10);
  char number[16];
  std::snprintf(number, sizeof number, "D%04d", i + 1);
  json person = {{"patient_number", number},
                 {"name_kanji", std::string(family.kanji) + " " + given.kanji},
                 {"name_kana", std::string(family.kana) + " " + given.kana},
                 {"birth_date", birth.ToString()},
                 {"sex", female ? "female" : "male"},
                 {"weight_kg", std::round((female ? 54 : 68) + 7 * d.Z())}};
  auto patient = RegisterPatient(w.ps, actor, person.dump(), PatientOrigin::kSyntheticDemo);
  // Two fictitious people may share a name and a birth date; they are different people, which
  // the demo states as a person registering them would.
  if (!patient && patient.error().message_id == "err.patient_likely_duplicate") {
    person["confirmed_distinct"] = true;
    patient = RegisterPatient(w.ps, actor, person.dump(), PatientOrigin::kSyntheticDemo);
  }
  if (!patient) return patient.error();
  DrawnPatient p;
  p.patient_id = patient->id;
  p.name_kanji = patient->name_kanji;
  p.start = start;
  auto screening = RecordScreening(w.ps, actor, p.patient_id,
                                   json{{"schema", "exoclinic.intake/1"},
                                        {"age", age},
                                        {"sex", female ? "female" : "male"},
                                        {"goals", {"skin"}},
                                        {"planned_routes", {kRoutes[r]}},
                                        {"conditions", json::array()},
                                        {"medications", json::array()},
                                        {"allergies", json::array()},
                                        {"lifestyle",
                                         {{"sleep_hours", sleep},
                                          {"stress_pss10", stress},
                                          {"smoker", d.U() < 0.12},
                                          {"uv_exposure", d.U() < 0.3 ? "high" : "moderate"}}}}
                                       .dump());
  if (!screening) return screening.error();
  if (auto so = SignOffScreening(w.ps, actor, screening->id, Message("demo.signoff_note", lang));
      !so)
    return so.error();
  // The plan, activated; the consent she will sign on its first day, queued for rendering.
  Move(w.clock, start, 9);
  const int sessions = 3 + d.Pick(3);
  json plan_json = {{"goals", {"skin"}},
                    {"route", kRoutes[r]},
                    {"sites", {r == 3 ? "whole_body" : "face"}},
                    {"lot_id", lot_for(start)},
                    {"dose_particles", kParticles[r]},
                    {"interval_days", 28},
                    {"sessions", sessions},
                    {"start_date", start.ToString()}};
  if (r == 3) plan_json["infusion_minutes"] = 30;
  auto plan = CreatePlan(w.pls, actor, p.patient_id, plan_json.dump());
  if (!plan) return plan.error();
  p.plan_id = plan->plan.id;
  const auto schedule = plan->evaluation.schedule;
  auto active = ActivatePlan(w.pls, actor, p.plan_id);
  if (!active) return active.error();
  auto consent = FillConsentDocument(
      w.cs, actor, *active, Lang::kJa,
      ConsentSignature(w.cs, w.clock.Now(), Lang::kJa, p.name_kanji, "", std::nullopt));
  if (!consent) return consent.error();
  pdf.Submit(std::move(consent->document));
  // Synthetic outcome model (docs/analysis.md): a baseline, a personal weekly change that is
  // zero on average (some people improve, as many get worse), a small sleep term and
  // measurement noise. No route, product or lot has an effect: the demo must not show one.
  const double base_c = 40 + 8 * d.Z(), base_r2 = 0.70 + 0.04 * d.Z();
  const double slope_c = 0.25 * d.Z() + 0.08 * (sleep - 6.5);
  const double slope_r2 = 0.002 * d.Z();
  const double base_f = 4.5 + 1.2 * d.Z(), slope_f = 0.08 * d.Z();
  for (int k = 0; k < static_cast<int>(schedule.size()) && schedule[k] < today; ++k) {
    json session = {
        {"plan_id", p.plan_id},
        {"operator", Message("demo.operator", lang)},
        {"performed_at", At(schedule[k], 10).ToIso8601()},
        {"reactions", Message(d.U() < 0.2 ? "demo.reaction_redness" : "demo.reaction_none", lang)},
        {"notes", Message("demo.session_note", lang)}};
    if (r == 3)  // synthetic vitals, varied (the note says they were not measured)
      session["vitals"] = {
          {"bp_systolic", 112 + d.Pick(20)},
          {"bp_diastolic", 70 + d.Pick(12)},
          {"pulse", 62 + d.Pick(20)},
          {"temperature_c",
           std::clamp(std::round(d.temperature_c(d.temperature_rng) * 10) / 10, 35.8, 37.3)}};
    p.sessions.emplace_back(schedule[k], std::move(session));
  }
  const Date first = schedule.front();  // the start moved past a closed day
  for (Date day = first; day <= today; day = day.AddDays(14)) {
    const double weeks = (day.days_since_epoch() - first.days_since_epoch()) / 7.0;
    const double c = std::clamp(base_c + slope_c * weeks + 2.5 * d.Z(), 5.0, 125.0);
    const double r2 = std::clamp(base_r2 + slope_r2 * weeks + 0.02 * d.Z(), 0.3, 0.99);
    const double f = std::clamp(std::round(base_f + slope_f * weeks + 0.8 * d.Z()), 0.0, 10.0);
    for (auto [id, v] :
         {std::pair{"corneometer", std::round(c * 10) / 10},
          std::pair{"cutometer_r2", std::round(r2 * 1000) / 1000}, std::pair{"firmness_self", f}})
      p.measurements.push_back({day, id, v, day == first});
  }
  // A few adverse events after a session: redness after needles, fever after a drip.
  if (!p.sessions.empty() && d.U() < (r == 3 ? 0.15 : r > 0 ? 0.12 : 0.03)) {
    const bool fever = r == 3;
    p.adverse_event = DrawnPatient::AdverseEvent{
        schedule[0].AddDays(1) <= today ? schedule[0].AddDays(1) : schedule[0], fever,
        fever && d.U() < 0.3 ? 2 : 1};
  }
  return p;
}

// The rest of her history: she signs the consent on her plan's first day, is treated and
// measured, and reports the adverse event drawn for her.
Status FinishPatient(DemoServices& w, const Actor& actor, const DrawnPatient& p, Lang lang) {
  Move(w.clock, p.start, 9);
  if (auto c = SignConsent(w.cs, actor, p.plan_id, Lang::kJa, p.name_kanji, ""); !c)
    return c.error();
  std::vector<int64_t> given_sessions;
  for (const auto& [day, request] : p.sessions) {
    Move(w.clock, day, 11);
    auto s = RecordSession(w.ss, actor, request.dump());
    if (!s) return s.error();
    given_sessions.push_back(s->id);
  }
  for (const DrawnPatient::Measured& m : p.measurements) {
    Move(w.clock, m.day, 9);
    auto stored = RecordMeasurement(w.os, actor,
                                    json{{"patient_id", p.patient_id},
                                         {"measure", m.measure},
                                         {"value", m.value},
                                         {"measured_on", m.day.ToString()},
                                         {"time_point", m.baseline ? "baseline" : "follow_up"}}
                                        .dump());
    if (!stored) return stored.error();
  }
  if (const auto& ae = p.adverse_event) {
    Move(w.clock, ae->onset, 15);
    auto stored = RecordAdverseEvent(
        w.sf, actor,
        json{{"patient_id", p.patient_id},
             {"onset_date", ae->onset.ToString()},
             {"description", Message(ae->fever ? "demo.ae_fever" : "demo.ae_redness", lang)},
             {"term", ae->fever ? "Pyrexia" : "Injection site erythema"},
             {"ctcae_grade", ae->ctcae_grade},
             {"serious", false},
             {"causality", "possible"},
             {"outcome", "recovered"},
             {"session_ids", {given_sessions.front()}}}
            .dump());
    if (!stored) return stored.error();
  }
  return OkStatus();
}

// How many patients are begun ahead of the one being finished: their consents are rendered on
// the other cores meanwhile. Their records still go in in the same order, table by table (the
// audit log interleaves them differently).
constexpr size_t kPatientsAhead = 8;

// LoadDemoClinic's work, in the unit of work it runs in; the number of consents rendered ahead.
Result<int> LoadPatients(const DemoClinicStores& st, const DemoClinicRules& rules,
                         const Actor& actor, Date today, int patients, Lang lang,
                         const std::function<void(int, int)>& progress) {
  // The consents are rendered by worker threads (the CPU's cores but the one that writes the
  // records) and by this thread while it waits for one; none touches the database.
  PdfPrerenderer pdf(static_cast<int>(std::thread::hardware_concurrency()) - 1);
  DemoServices w(st, rules, today, pdf);
  auto lots = ImportDemoLots(w, actor, today);
  if (!lots) return lots.error();
  const std::function<int64_t(Date)> lot_for = [&](Date start) {
    int64_t id = lots->front().id;
    for (const DemoLot& l : *lots)
      if (today.AddDays(-l.released_days_ago) <= start) id = l.id;
    return id;
  };
  DemoDraws draws;
  std::deque<DrawnPatient> ahead;
  int done = 0;
  const auto finish_first = [&]() -> Status {
    if (auto f = FinishPatient(w, actor, ahead.front(), lang); !f) return f.error();
    ahead.pop_front();
    if (progress) progress(++done, patients);
    return OkStatus();
  };
  for (int i = 0; i < patients; ++i) {
    auto p = BeginPatient(w, draws, pdf, actor, today, i, lang, lot_for);
    if (!p) return p.error();
    ahead.push_back(std::move(*p));
    if (ahead.size() > kPatientsAhead)
      if (auto f = finish_first(); !f) return f.error();
  }
  while (!ahead.empty())
    if (auto f = finish_first(); !f) return f.error();
  // Follow-ups due before today were done on their due dates.
  auto open = st.sessions.ListOpenFollowUps(actor.clinic_id, today.AddDays(-1));
  if (!open) return open.error();
  for (const auto& f : *open)
    if (auto d = st.sessions.CompleteFollowUp(actor.clinic_id, f.id, At(f.due_on, 12)); !d)
      return d.error();
  return pdf.Hits();
}

}  // namespace

Result<DemoClinicLoaded> LoadDemoClinic(const DemoClinicStores& st, const DemoClinicRules& rules,
                                        const Actor& actor, Date today, int patients, Lang lang,
                                        const std::function<void(int, int)>& progress) {
  auto existing = st.patients.SearchPatients(actor.clinic_id, "D0001", 1);
  if (!existing) return existing.error();
  if (!existing->empty()) return DemoClinicLoaded{};
  // One unit of work for the whole synthetic history: every use case's own unit becomes a
  // savepoint in it (its checks run as always), the disk is waited for once instead of after
  // each of thousands of records, and an interrupted load leaves nothing behind.
  int ahead = 0;
  if (auto st2 = st.unit_of_work.Run([&]() -> Status {
        auto loaded = LoadPatients(st, rules, actor, today, patients, lang, progress);
        if (!loaded) return loaded.error();
        ahead = *loaded;
        return OkStatus();
      });
      !st2)
    return st2.error();
  return DemoClinicLoaded{patients, ahead};
}

}  // namespace exo::app
