#include "app/outcome_export.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "app/measurement_steps.h"
#include "app/token.h"
#include "auth/crypto.h"
#include "core/csv.h"
#include "product/certificate.h"
#include "screening/intake.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;

namespace {

std::string AgeBand(int age) {
  const int lo = age / 10 * 10;
  return std::to_string(lo) + "-" + std::to_string(lo + 9);
}

}  // namespace

Result<OutcomeExport> BuildOutcomeExport(const OutcomeServices& s, const Actor& actor,
                                         const ExportOptions& options) {
  auto salt = s.outcomes.DeidentificationSalt(NewToken() + NewToken());
  if (!salt) return salt.error();
  auto rows = s.outcomes.ListCurrentMeasurements(actor.clinic_id);
  if (!rows) return rows.error();
  // Lots and the clinic under pseudonyms from the same salt, for lot and clinic random effects.
  const auto lot_key = [&salt](int64_t lot_id) {
    return "l" + auth::Sha256Hex(*salt + ":lot:" + std::to_string(lot_id)).substr(0, 10);
  };
  const std::string clinic_key =
      "c" + auth::Sha256Hex(*salt + ":clinic:" + std::to_string(actor.clinic_id)).substr(0, 10);
  CsvWriter csv(options.bom);
  csv.TextRow({"patient_key",
               "measure",
               "domain",
               "value",
               "time_point",
               "days_since_first",
               "weeks_since_first",
               "date_shifted",
               "product_source",
               "route",
               "sessions_so_far",
               "interval_days",
               "age",
               "sex",
               "sleep_hours",
               "stress_pss10",
               "smoker",
               "alcohol_units_per_week",
               "diet",
               "uv_exposure",
               "menopause",
               "lot_key",
               "clinic_key"});
  struct PatientFacts {
    treatment::Patient patient;
    std::vector<store::StoredSession> sessions;  // oldest first
    std::map<int64_t, int> plan_interval;
    std::map<int64_t, std::string> lot_source;
    // Each intake's lifestyle from the day it was taken, oldest first.
    std::vector<std::pair<Date, screening::Lifestyle>> lifestyles;
    std::string key;
    int shift = 0;
  };
  std::map<int64_t, PatientFacts> facts;
  std::set<int64_t> patients;
  for (const auto& r : *rows) {
    if (!options.measure.empty() && r.entry.measure_id != options.measure) continue;
    const int64_t pid = r.entry.patient_id;
    if (!facts.count(pid)) {
      PatientFacts f;
      auto p = s.patients.FindPatient(actor.clinic_id, pid);
      if (!p) return p.error();
      f.patient = *p;
      auto sessions = s.sessions.ListPatientSessions(actor.clinic_id, pid);
      if (!sessions) return sessions.error();
      f.sessions = *sessions;
      std::sort(f.sessions.begin(), f.sessions.end(),
                [](const auto& a, const auto& b) { return a.performed_at < b.performed_at; });
      auto plans = s.plans.ListPlans(actor.clinic_id, pid);
      if (!plans) return plans.error();
      for (const auto& plan : *plans) {
        const json req = json::parse(plan.request_json, nullptr, false);
        f.plan_interval[plan.id] = req.is_object() ? req.value("interval_days", 0) : 0;
      }
      for (const auto& x : f.sessions) {
        if (f.lot_source.count(x.lot_id)) continue;
        auto lot = s.lots.FindLot(actor.clinic_id, x.lot_id);
        std::string source;
        if (lot)
          if (auto cert = product::ParseCertificate(lot->certificate_json); cert && cert->tissue)
            source = *cert->tissue;
        f.lot_source[x.lot_id] = source;
      }
      auto screenings = s.screenings.ListScreenings(actor.clinic_id, pid);
      if (!screenings) return screenings.error();
      for (auto it = screenings->rbegin(); it != screenings->rend(); ++it)  // newest first
        if (auto intake = screening::ParseIntake(it->intake_json))
          f.lifestyles.emplace_back(SessionDay(s, it->created_at), intake->lifestyle);
      const std::string h = auth::Sha256Hex(*salt + ":" + std::to_string(pid));
      f.key = "p" + h.substr(0, 12);
      // 1 to 180 days either way, never 0: an unshifted date would be the real one.
      const int step = static_cast<int>(std::stoul(h.substr(12, 6), nullptr, 16) % 360);
      f.shift = step < 180 ? step - 180 : step - 179;
      facts.emplace(pid, std::move(f));
    }
    const PatientFacts& f = facts.at(pid);
    patients.insert(pid);
    const outcome::Measure* m = outcome::FindMeasure(s.catalogue, r.entry.measure_id);
    // The session in force: the latest on or before the measurement (the first for baselines).
    const store::StoredSession* in_force = nullptr;
    int so_far = 0;
    for (const auto& x : f.sessions)
      if (SessionDay(s, x.performed_at) <= r.entry.measured_on) in_force = &x, ++so_far;
    if (in_force == nullptr && !f.sessions.empty()) in_force = &f.sessions.front();
    const int age = f.patient.AgeOn(r.entry.measured_on);
    // The intake in force on the day measured: the latest taken on or before it (the first one
    // for a measurement that came before any intake).
    static const screening::Lifestyle kNone;
    const screening::Lifestyle* lifestyle = f.lifestyles.empty() ? &kNone : &f.lifestyles[0].second;
    for (const auto& [day, l] : f.lifestyles)
      if (day <= r.entry.measured_on) lifestyle = &l;
    const auto opt = [](const auto& v) -> std::string {
      if (!v) return "";
      using T = std::decay_t<decltype(*v)>;
      if constexpr (std::is_same_v<T, std::string>)
        return *v;
      else if constexpr (std::is_same_v<T, bool>)
        return *v ? "1" : "0";
      else
        return CsvNumber(static_cast<double>(*v));
    };
    std::vector<std::string> cols = {
        f.key,
        r.entry.measure_id,
        m ? m->domain : "",
        CsvNumber(r.entry.value),
        r.baseline ? "baseline" : "follow_up",
        r.days_since_first ? std::to_string(*r.days_since_first) : "",
        r.days_since_first ? CsvNumber(std::round(*r.days_since_first / 7.0 * 100) / 100) : "",
        r.entry.measured_on.AddDays(f.shift).ToString(),
        in_force ? f.lot_source.at(in_force->lot_id) : "",
        in_force ? in_force->route : "",
        std::to_string(so_far),
        in_force ? std::to_string(f.plan_interval.count(in_force->plan_id)
                                      ? f.plan_interval.at(in_force->plan_id)
                                      : 0)
                 : "",
        options.age_bands ? AgeBand(age) : std::to_string(age),
        f.patient.sex,
        opt(lifestyle->sleep_hours),
        opt(lifestyle->stress_pss10),
        opt(lifestyle->smoker),
        opt(lifestyle->alcohol_units_per_week),
        opt(lifestyle->diet),
        opt(lifestyle->uv_exposure),
        opt(lifestyle->menopause),
        in_force ? lot_key(in_force->lot_id) : "",
        clinic_key};
    csv.TextRow(cols);
  }
  return OutcomeExport{csv.Take(), rows->size(), patients.size()};
}

void RecordOutcomeExport(const OutcomeServices& s, const Actor& actor, const OutcomeExport& out,
                         const ExportOptions& options) {
  RecordAudit(s.audit, s.clock, actor, "outcomes.export",
              "clinic/" + std::to_string(actor.clinic_id), AuditOutcome::kAllowed,
              std::to_string(out.rows) + " rows, " + std::to_string(out.patients) +
                  " patients, de-identified" + (options.age_bands ? ", age bands" : "") +
                  (options.measure.empty() ? "" : ", measure " + options.measure));
}

}  // namespace exo::app
