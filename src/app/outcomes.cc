#include "app/outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/audit.h"
#include "app/token.h"
#include "auth/crypto.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/local_time.h"
#include "core/utf8.h"
#include "outcome/measurement.h"
#include "product/certificate.h"
#include "report/chart.h"
#include "report/pdf.h"
#include "screening/intake.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;
using store::StoredMeasurement;

namespace {

const SessionServices& Plans(const OutcomeServices& s) { return s.sessions; }

// The clinic's calendar day of a session (the clock knows the zone).
Date DateOf(const OutcomeServices& s, Timestamp t) { return Plans(s).clock.DayOf(t); }

// The patient's first session date, if any.
Result<std::optional<Date>> FirstSession(const OutcomeServices& s, int64_t clinic,
                                         int64_t patient_id) {
  auto sessions = s.sessions.sessions.ListPatientSessions(clinic, patient_id);
  if (!sessions) return sessions.error();
  std::optional<Date> first;
  for (const auto& x : *sessions) {
    const Date d = DateOf(s, x.performed_at);
    if (!first || d < *first) first = d;
  }
  return first;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// Fills time point, stores, audits. `entry` is already validated against the catalogue.
Result<StoredMeasurement> Store(const OutcomeServices& s, const Actor& actor,
                                outcome::MeasurementEntry entry, const std::string& source,
                                std::optional<int64_t> supersedes, const std::string& reason) {
  const SessionServices& ps = Plans(s);
  if (auto p = ps.patients.FindPatient(actor.clinic_id, entry.patient_id); !p) {
    if (p.error().code == ErrorCode::kNotFound)
      return Invalid("/patient_id", "err.not_found", {"patient", std::to_string(entry.patient_id)});
    return p.error();
  }
  auto first = FirstSession(s, actor.clinic_id, entry.patient_id);
  if (!first) return first.error();
  StoredMeasurement m;
  auto days = outcome::CheckTimePoint(entry, *first, m.baseline);
  if (!days) return days.error();
  m.days_since_first = *days;
  entry.baseline = m.baseline;
  m.clinic_id = actor.clinic_id;
  m.entry = std::move(entry);
  m.supersedes = supersedes;
  m.correction_reason = reason;
  m.source = source;
  m.recorded_by = actor.name;
  m.recorded_at = ps.clock.Now();
  auto id = RunAudited(
      ps.uow, ps.audit, ps.clock, actor, [&] { return s.outcomes.InsertMeasurement(m); },
      [&](int64_t id) {
        std::string detail = "measurement/" + std::to_string(id) + " " + m.entry.measure_id;
        if (supersedes) detail += " corrects measurement/" + std::to_string(*supersedes);
        return AuditNote{supersedes ? "measurement.correct" : "measurement.create",
                         "patient/" + std::to_string(m.entry.patient_id), detail};
      });
  if (!id) return id.error();
  m.id = *id;
  return m;
}

// Staff may record a measure when their role is among its recorders; nurses also enter what
// patients and devices produced. Physician-only measures (GAIS physician) need a physician.
Status CheckRecorder(const outcome::Measure& m, const Actor& actor) {
  const auto has = [&m](const char* who) {
    return std::find(m.recorded_by.begin(), m.recorded_by.end(), who) != m.recorded_by.end();
  };
  const std::string role(ActorRoleName(actor.role));
  if (has(role.c_str())) return OkStatus();
  if (!has("physician") || has("nurse") || has("patient") || has("device")) return OkStatus();
  return Invalid("/measure", "err.recorded_by", {Join(m.recorded_by), role});
}

std::string AgeBand(int age) {
  const int lo = age / 10 * 10;
  return std::to_string(lo) + "-" + std::to_string(lo + 9);
}

}  // namespace

Result<StoredMeasurement> RecordMeasurement(const OutcomeServices& s, const Actor& actor,
                                            std::string_view json_text) {
  auto entry = outcome::ParseMeasurement(json_text, s.catalogue, Plans(s).clock.Today());
  if (!entry) return entry.error();
  if (auto ok = CheckRecorder(*outcome::FindMeasure(s.catalogue, entry->measure_id), actor); !ok)
    return ok.error();
  return Store(s, actor, std::move(*entry), "staff", std::nullopt, "");
}

Result<StoredMeasurement> CorrectMeasurement(const OutcomeServices& s, const Actor& actor,
                                             int64_t id, std::string_view json_text) {
  auto old = s.outcomes.FindMeasurement(actor.clinic_id, id);
  if (!old) return old.error();
  if (old->superseded_by)
    return Conflict("err.already_corrected", {std::to_string(*old->superseded_by)});
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, old->entry.measure_id);
  if (m == nullptr) return Invalid("/measure", "err.unknown_measure", {old->entry.measure_id});
  const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  std::string reason;
  if (doc.is_object()) {
    const auto r = doc.find("reason");
    if (r == doc.end() || !r->is_string() || r->get<std::string>().empty() ||
        CodePoints(r->get<std::string>()) > 1000)
      return Invalid("/reason", "err.required");
    reason = r->get<std::string>();
  }
  outcome::MeasurementEntry entry = old->entry;
  if (auto ok = outcome::ParseMeasuredValue(json_text, *m, entry); !ok) return ok.error();
  if (auto ok = CheckRecorder(*m, actor); !ok) return ok.error();
  if (doc.contains("note") && doc["note"].is_string()) entry.note = doc["note"];
  return Store(s, actor, std::move(entry), old->source, id, reason);
}

Result<std::vector<StoredMeasurement>> PatientMeasurements(const OutcomeServices& s,
                                                           const Actor& actor, int64_t patient_id) {
  const SessionServices& ps = Plans(s);
  if (auto p = ps.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.outcomes.ListPatientMeasurements(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(ps.audit, ps.clock, actor, "measurement.read",
              "patient/" + std::to_string(patient_id), AuditOutcome::kAllowed);
  return list;
}

namespace {

Result<report::Chart> BuildChart(const OutcomeServices& s, const Actor& actor, int64_t patient_id,
                                 const outcome::Measure& m,
                                 const std::vector<StoredMeasurement>& all, Lang lang) {
  report::Chart c;
  c.title = m.name.In(lang);
  c.y_label = Label("unit", m.unit, lang);
  c.y_min = m.min;
  c.y_max = m.max;
  if (m.direction != "none")
    c.note = Message(m.direction == "higher_better" ? "chart.higher_better" : "chart.lower_better",
                     lang);
  c.session_label = Message("chart.session", lang);
  for (const auto& x : all)
    if (x.entry.measure_id == m.id && !x.superseded_by)
      c.points.push_back({x.entry.measured_on, x.entry.value, x.baseline});
  auto sessions = s.sessions.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  for (const auto& x : *sessions) c.session_dates.push_back(DateOf(s, x.performed_at));
  return c;
}

}  // namespace

Result<std::string> MeasureChartSvg(const OutcomeServices& s, const Actor& actor,
                                    int64_t patient_id, const std::string& measure_id, Lang lang) {
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, measure_id);
  if (m == nullptr) return NotFound("measure", measure_id);
  auto all = PatientMeasurements(s, actor, patient_id);
  if (!all) return all.error();
  auto chart = BuildChart(s, actor, patient_id, *m, *all, lang);
  if (!chart) return chart.error();
  return report::RenderChartSvg(*chart);
}

Result<CreatedPortalLink> CreatePortalLink(const OutcomeServices& s, const Actor& actor,
                                           int64_t patient_id, std::string_view json_text) {
  const SessionServices& ps = Plans(s);
  if (auto p = ps.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Invalid("/", "err.expected_object", {"not a JSON object"});
  std::vector<FieldError> errors;
  store::PortalLink link;
  const auto ms = doc.find("measures");
  if (ms == doc.end() || !ms->is_array() || ms->empty()) {
    errors.push_back({"/measures", "err.expected_array", {"(missing or empty)"}});
  } else {
    for (size_t i = 0; i < ms->size(); ++i) {
      const json& v = (*ms)[i];
      const std::string id = v.is_string() ? v.get<std::string>() : v.dump();
      const outcome::Measure* m = v.is_string() ? outcome::FindMeasure(s.catalogue, id) : nullptr;
      const bool patient_fills =
          m != nullptr && std::find(m->recorded_by.begin(), m->recorded_by.end(), "patient") !=
                              m->recorded_by.end();
      if (m == nullptr)
        errors.push_back({"/measures/" + std::to_string(i), "err.unknown_measure", {id}});
      else if (!patient_fills)
        errors.push_back({"/measures/" + std::to_string(i), "err.portal_measure", {id}});
      else if (std::find(link.measures.begin(), link.measures.end(), id) == link.measures.end())
        link.measures.push_back(id);
    }
  }
  int days = 7;
  if (const auto d = doc.find("days"); d != doc.end()) {
    if (!d->is_number_integer() || d->get<int>() < 1 || d->get<int>() > 30)
      errors.push_back({"/days", "err.expected_integer_range", {d->dump(), "1", "30"}});
    else
      days = d->get<int>();
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  CreatedPortalLink out;
  out.token = NewToken();
  link.clinic_id = actor.clinic_id;
  link.patient_id = patient_id;
  link.token_hash = auth::Sha256Hex(out.token);
  link.created_at = ps.clock.Now();
  link.expires_at = Timestamp{link.created_at.unix_seconds + int64_t{days} * 86400};
  link.created_by = actor.name;
  auto id = RunAudited(
      ps.uow, ps.audit, ps.clock, actor, [&] { return s.outcomes.InsertPortalLink(link); },
      [&](int64_t id) {
        return AuditNote{"portal_link.create", "patient/" + std::to_string(patient_id),
                         "portal_link/" + std::to_string(id) + " " + Join(link.measures)};
      });
  if (!id) return id.error();
  link.id = *id;
  out.link = link;
  out.path = "/portal/" + out.token;
  return out;
}

Status RevokePortalLink(const OutcomeServices& s, const Actor& actor, int64_t link_id) {
  const SessionServices& ps = Plans(s);
  return RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&] { return s.outcomes.RevokePortalLink(actor.clinic_id, link_id, ps.clock.Now()); },
      [&](Ok) {
        return AuditNote{"portal_link.revoke", "portal_link/" + std::to_string(link_id), ""};
      });
}

namespace {

Result<store::PortalLink> ValidLink(const OutcomeServices& s, const std::string& token) {
  if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string::npos)
    return MakeError(ErrorCode::kNotFound, "err.portal_expired");
  auto link = s.outcomes.FindPortalLink(auth::Sha256Hex(token));
  if (!link) return link.error();
  if (!*link || (*link)->revoked_at || Plans(s).clock.Now() >= (*link)->expires_at)
    return MakeError(ErrorCode::kNotFound, "err.portal_expired");
  return **link;
}

Actor PortalActor(const store::PortalLink& link) {
  return Actor{
      "portal:patient/" + std::to_string(link.patient_id) + "/link/" + std::to_string(link.id),
      ActorRole::kPatient, link.clinic_id, 0};
}

}  // namespace

Result<PortalView> OpenPortal(const OutcomeServices& s, const std::string& token) {
  auto link = ValidLink(s, token);
  if (!link) return link.error();
  PortalView v;
  v.time_zone = Plans(s).clinic.time_zone;
  v.link = *link;
  for (const auto& id : link->measures)
    if (const auto* m = outcome::FindMeasure(s.catalogue, id)) v.measures.push_back(m);
  auto mine = s.outcomes.ListPatientMeasurements(link->clinic_id, link->patient_id);
  if (!mine) return mine.error();
  const std::string tag = "portal_link/" + std::to_string(link->id);
  for (const auto& m : *mine)
    if (m.source == tag) v.done.push_back(m.entry.measure_id);
  RecordAudit(Plans(s).audit, Plans(s).clock, PortalActor(*link), "portal.open",
              "patient/" + std::to_string(link->patient_id), AuditOutcome::kAllowed);
  return v;
}

Result<StoredMeasurement> SubmitPortal(const OutcomeServices& s, const std::string& token,
                                       const std::string& measure_id, std::string_view json_text) {
  auto link = ValidLink(s, token);
  if (!link) return link.error();
  if (std::find(link->measures.begin(), link->measures.end(), measure_id) == link->measures.end())
    return Invalid("/measure", "err.portal_not_listed", {measure_id});
  const outcome::Measure* m = outcome::FindMeasure(s.catalogue, measure_id);
  if (m == nullptr) return Invalid("/measure", "err.unknown_measure", {measure_id});
  auto mine = s.outcomes.ListPatientMeasurements(link->clinic_id, link->patient_id);
  if (!mine) return mine.error();
  for (const auto& x : *mine)
    if (x.source == "portal_link/" + std::to_string(link->id) && x.entry.measure_id == measure_id)
      return Conflict("err.portal_already_answered", {measure_id});
  outcome::MeasurementEntry entry;
  entry.patient_id = link->patient_id;
  entry.measure_id = measure_id;
  entry.measured_on = Plans(s).clock.Today();
  if (auto ok = outcome::ParseMeasuredValue(json_text, *m, entry); !ok) return ok.error();
  return Store(s, PortalActor(*link), std::move(entry), "portal_link/" + std::to_string(link->id),
               std::nullopt, "");
}

Result<std::vector<StoredMeasurement>> QuestionnaireAlerts(const OutcomeServices& s,
                                                           const Actor& actor) {
  auto all = s.outcomes.ListCurrentMeasurements(actor.clinic_id);
  if (!all) return all.error();
  std::vector<StoredMeasurement> out;
  for (const auto& m : *all) {
    const json detail = json::parse(m.entry.detail_json, nullptr, false);
    if (detail.is_object() && detail.contains("alerts") && detail["alerts"].is_array() &&
        !detail["alerts"].empty())
      out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(b.entry.measured_on, b.id) < std::tie(a.entry.measured_on, a.id);
  });
  RecordAudit(Plans(s).audit, Plans(s).clock, actor, "measurement.read", "alerts",
              AuditOutcome::kAllowed);
  return out;
}

Result<std::string> ExportOutcomesCsv(const OutcomeServices& s, const Actor& actor,
                                      const ExportOptions& options) {
  const SessionServices& ps = Plans(s);
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
    const int64_t pid = r.entry.patient_id;
    if (!facts.count(pid)) {
      PatientFacts f;
      auto p = ps.patients.FindPatient(actor.clinic_id, pid);
      if (!p) return p.error();
      f.patient = *p;
      auto sessions = s.sessions.sessions.ListPatientSessions(actor.clinic_id, pid);
      if (!sessions) return sessions.error();
      f.sessions = *sessions;
      std::sort(f.sessions.begin(), f.sessions.end(),
                [](const auto& a, const auto& b) { return a.performed_at < b.performed_at; });
      auto plans = ps.plans.ListPlans(actor.clinic_id, pid);
      if (!plans) return plans.error();
      for (const auto& plan : *plans) {
        const json req = json::parse(plan.request_json, nullptr, false);
        f.plan_interval[plan.id] = req.is_object() ? req.value("interval_days", 0) : 0;
      }
      for (const auto& x : f.sessions) {
        if (f.lot_source.count(x.lot_id)) continue;
        auto lot = ps.lots.FindLot(actor.clinic_id, x.lot_id);
        std::string source;
        if (lot)
          if (auto cert = product::ParseCertificate(lot->certificate_json); cert && cert->tissue)
            source = *cert->tissue;
        f.lot_source[x.lot_id] = source;
      }
      auto screenings = ps.screenings.ListScreenings(actor.clinic_id, pid);
      if (!screenings) return screenings.error();
      for (auto it = screenings->rbegin(); it != screenings->rend(); ++it)  // newest first
        if (auto intake = screening::ParseIntake(it->intake_json))
          f.lifestyles.emplace_back(DateOf(s, it->created_at), intake->lifestyle);
      const std::string h = auth::Sha256Hex(*salt + ":" + std::to_string(pid));
      f.key = "p" + h.substr(0, 12);
      f.shift = static_cast<int>(std::stoul(h.substr(12, 6), nullptr, 16) % 361) - 180;
      facts.emplace(pid, std::move(f));
    }
    const PatientFacts& f = facts.at(pid);
    patients.insert(pid);
    const outcome::Measure* m = outcome::FindMeasure(s.catalogue, r.entry.measure_id);
    // The session in force: the latest on or before the measurement (the first for baselines).
    const store::StoredSession* in_force = nullptr;
    int so_far = 0;
    for (const auto& x : f.sessions)
      if (DateOf(s, x.performed_at) <= r.entry.measured_on) in_force = &x, ++so_far;
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
  RecordAudit(ps.audit, ps.clock, actor, "outcomes.export",
              "clinic/" + std::to_string(actor.clinic_id), AuditOutcome::kAllowed,
              std::to_string(rows->size()) + " rows, " + std::to_string(patients.size()) +
                  " patients, de-identified" + (options.age_bands ? ", age bands" : ""));
  return csv.Take();
}

Result<std::string> OutcomeReportPdf(const OutcomeServices& s, const Actor& actor,
                                     int64_t patient_id, Lang lang) {
  const SessionServices& ps = Plans(s);
  auto patient = ps.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  auto all = PatientMeasurements(s, actor, patient_id);
  if (!all) return all.error();
  auto events = s.safety.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!events) return events.error();
  auto sessions = s.sessions.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!sessions) return sessions.error();
  report::Document doc;
  doc.title = Message("outcome_report.title", lang);
  doc.subtitle = patient->name_kanji + " (" + patient->patient_number + ") · " +
                 Message("outcome_report.printed", lang, {FormatDate(ps.clock.Today(), lang)});
  doc.footer = patient->name_kanji + " (" + patient->patient_number + ") · " + doc.title;
  std::vector<std::string> order;
  for (const auto& x : *all)
    if (!x.superseded_by &&
        std::find(order.begin(), order.end(), x.entry.measure_id) == order.end())
      order.push_back(x.entry.measure_id);
  std::string table;
  for (const auto& id : order) {
    const outcome::Measure* m = outcome::FindMeasure(s.catalogue, id);
    if (m == nullptr) continue;
    const StoredMeasurement* base = nullptr;
    const StoredMeasurement* latest = nullptr;
    for (const auto& x : *all) {
      if (x.entry.measure_id != id || x.superseded_by) continue;
      if (x.baseline) base = &x;  // the last baseline before the first session
      latest = &x;
    }
    table += m->name.In(lang) + ": ";
    table += base ? Message("outcome_report.baseline", lang,
                            {FormatNumber(base->entry.value, 4),
                             FormatDate(base->entry.measured_on, lang)})
                  : Message("outcome_report.no_baseline", lang);
    if (latest && latest != base) {
      table += " → " + Message("outcome_report.latest", lang,
                               {FormatNumber(latest->entry.value, 4),
                                FormatDate(latest->entry.measured_on, lang),
                                latest->days_since_first ? std::to_string(*latest->days_since_first)
                                                         : "?"});
      if (base)
        table += " (" +
                 Message("outcome_report.change", lang,
                         {FormatNumber(latest->entry.value - base->entry.value, 4)}) +
                 ")";
    }
    table += "\n";
    auto chart = BuildChart(s, actor, patient_id, *m, *all, lang);
    if (!chart) return chart.error();
    doc.figures_svg.push_back(report::RenderChartSvg(*chart));
  }
  std::string session_lines =
      Message("outcome_report.session_count", lang, {std::to_string(sessions->size())});
  for (const auto& x : *sessions) {
    const auto lot = ps.lots.FindLot(actor.clinic_id, x.lot_id);
    session_lines +=
        "\n" + Message("outcome_report.session_line", lang,
                       {FormatDate(DateOf(s, x.performed_at), lang), Label("route", x.route, lang),
                        lot ? lot->lot_number : std::to_string(x.lot_id)});
  }
  doc.sections.push_back({Message("outcome_report.sessions", lang), session_lines});
  doc.sections.push_back({Message("outcome_report.measures", lang),
                          table.empty() ? Message("outcome_report.none", lang) : table});
  std::string ae;
  for (const auto& a : *events)
    ae += Message("outcome_report.event_line", lang,
                  {FormatDate(a.event.onset_date, lang), a.event.term,
                   Label("ctcae_grade", std::to_string(a.event.ctcae_grade), lang),
                   a.event.serious ? " · " + Message("ae.serious", lang) : "",
                   Label("causality", a.event.causality, lang),
                   Label("ae_outcome", a.event.outcome, lang)}) +
          "\n";
  doc.sections.push_back({Message("outcome_report.adverse_events", lang),
                          ae.empty() ? Message("outcome_report.none", lang) : ae});
  doc.sections.push_back(
      {Message("outcome_report.caveat_heading", lang), Message("outcome_report.caveat", lang)});
  RecordAudit(ps.audit, ps.clock, actor, "outcome_report.create",
              "patient/" + std::to_string(patient_id), AuditOutcome::kAllowed);
  return report::RenderPdf(doc);
}

}  // namespace exo::app
