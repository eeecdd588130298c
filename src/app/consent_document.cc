#include "app/consent_document.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "app/audit.h"
#include "app/document_layout.h"
#include "app/pdf_renderer.h"
#include "app/plan_view.h"
#include "auth/crypto.h"
#include "core/format.h"
#include "core/local_time.h"
#include "product/certificate.h"

namespace exo::app {

using store::AuditOutcome;

namespace {

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The physician who activated the plan (or created it, before activation), as people name them:
// 「佐藤 一郎（医籍登録番号 123456）」. A login id is never printed: a user without a display
// name (created before migration 12) is an error naming them, for an administrator to fix.
Result<std::string> PhysicianLine(const ConsentServices& s, const PlanView& v, Lang lang) {
  std::string login = v.plan.activated_by.empty() ? v.plan.created_by : v.plan.activated_by;
  if (const size_t token = login.find("#token"); token != std::string::npos) login.resize(token);
  auto user = s.users.FindUserByName(login);
  if (!user || user->display_name.empty())
    return Conflict("err.consent_physician_unnamed", {login});
  if (user->registration_number.empty()) return user->display_name;
  return Message("consent.physician_line", lang, {user->display_name, user->registration_number});
}

Result<consent::ConsentFacts> Facts(const ConsentServices& s, const Actor& actor, const PlanView& v,
                                    Lang lang) {
  const PlanServices& ps = s.plans;
  auto patient = ps.patients.FindPatient(actor.clinic_id, v.plan.patient_id);
  if (!patient) return patient.error();
  const product::Lot* lot = &v.lot;  // read with the plan's checks
  consent::ConsentFacts f;
  f.patient_name =
      patient->name_kanji + (lang == Lang::kJa ? "（" + patient->name_kana + "）" : "");
  f.synthetic_patient = patient->synthetic;
  f.route = v.request.route;
  const auto& words = s.templates.at(lang).words;
  const auto word = [&words](const std::string& key, const std::string& fallback) {
    const auto it = words.find(key);
    return it == words.end() ? fallback : it->second;
  };
  std::vector<std::string> goals, sites;
  for (const auto& g : v.request.goals) goals.push_back(word("goal_" + g, g));
  for (const auto& x : v.request.sites) sites.push_back(word("site_" + x, x));
  const std::string sep = lang == Lang::kJa ? "・" : ", ";
  f.goals = Join(goals, sep);
  f.sites = Join(sites, sep);
  std::vector<std::string> dates;
  for (Date d : v.evaluation.schedule) dates.push_back(FormatDate(d, lang));
  f.schedule = Join(dates, lang == Lang::kJa ? "、" : "; ");
  f.sessions = v.request.sessions;
  f.interval_days = v.request.interval_days;
  f.dose_particles = FormatParticles(v.request.dose_particles, lang);
  f.dose_ml = v.evaluation.dose_ml ? FormatNumber(*v.evaluation.dose_ml, 3) : "?";
  f.product_name = lot->product_name;
  f.lot_number = lot->lot_number;
  f.manufacturer = lot->manufacturer;
  if (const auto& cert = v.certificate) {
    const std::string unknown = Message("cert.not_stated", lang);
    const auto labelled = [&](const char* kind, const std::optional<std::string>& value) {
      return value ? Label(kind, *value, lang) : unknown;
    };
    f.origin = Join({labelled("species", cert->species), labelled("tissue", cert->tissue),
                     labelled("cell_type", cert->cell_type)},
                    sep);
  }
  const auto& c = v.evaluation.cost;
  f.cost_per_session = FormatMoney(c.per_session, c.currency, lang);
  f.cost_subtotal = FormatMoney(c.subtotal, c.currency, lang);
  f.cost_tax = FormatMoney(c.tax, c.currency, lang);
  f.cost_total = FormatMoney(c.total, c.currency, lang);
  f.currency = c.currency;
  const auto& goal_ids = v.request.goals;
  const bool cosmetic = std::find(goal_ids.begin(), goal_ids.end(), "skin") != goal_ids.end() ||
                        std::find(goal_ids.begin(), goal_ids.end(), "hair") != goal_ids.end();
  if (consent::IsSpecifiedContinuousService(v.evaluation.schedule, c.total, c.currency, cosmetic))
    f.cooling_off = Message("consent.cooling_off", lang);
  const nlohmann::json plan_json = PlanViewToJson(v, ps, lang);
  std::vector<std::string> alternatives;
  for (const auto& a : plan_json["alternatives"])
    alternatives.push_back("・" + a["name"].get<std::string>() + ": " +
                           a["risk"].get<std::string>() + " " + a["evidence"].get<std::string>() +
                           " " + a["cost"].get<std::string>());
  f.alternatives = Join(alternatives, "\n");
  auto physician = PhysicianLine(s, v, lang);
  if (!physician) return physician.error();
  f.physician = *physician;
  return f;
}

}  // namespace

consent::Signature ConsentSignature(const ConsentServices& s, Timestamp signed_at, Lang lang,
                                    std::string typed_name, std::string relationship,
                                    std::optional<std::string> png) {
  return consent::Signature{std::move(typed_name), std::move(relationship),
                            FormatLocalDateTime(signed_at, s.plans.clinic.time_zone, lang),
                            std::move(png)};
}

Result<FilledConsent> FillConsentDocument(const ConsentServices& s, const Actor& actor,
                                          const PlanView& v, Lang lang,
                                          const std::optional<consent::Signature>& signature) {
  auto facts = Facts(s, actor, v, lang);
  if (!facts) return facts.error();
  FilledConsent out;
  report::Document& doc = out.document;
  doc = consent::BuildConsentDocument(s.templates.at(lang), *facts, signature);
  const std::string id = std::to_string(v.plan.id);
  report::ApplyPageLayout(
      doc, ClinicIdentityOf(s.plans.clinic), facts->patient_name,
      Message(signature ? "doc.id.consent" : "doc.id.consent_preview", lang, {id}) + " · " +
          Message("doc.consent_version", lang,
                  {s.templates.at(lang).version.empty() ? Message("doc.not_set", lang)
                                                        : s.templates.at(lang).version}),
      lang, facts->synthetic_patient);
  // Unit and record separators keep "ab"+"c" and "a"+"bc" apart. The plan and the patient are
  // part of it: two plans with the same wording do not confirm each other's preview.
  std::string content = "plan " + id + " patient " + std::to_string(v.plan.patient_id) + '\x1e' +
                        doc.title + '\x1f' + doc.subtitle;
  for (const auto& line : doc.header_lines) content += '\x1e' + line;
  for (const auto& section : doc.sections)
    content += '\x1e' + section.heading + '\x1f' + section.text;
  out.content_sha256 = auth::Sha256Hex(content);
  return out;
}

Result<std::string> RenderConsentPdf(const ConsentServices& s, const Actor& actor,
                                     const PlanView& v, Lang lang,
                                     const std::optional<consent::Signature>& signature,
                                     std::string* content_sha256) {
  auto filled = FillConsentDocument(s, actor, v, lang, signature);
  if (!filled) return filled.error();
  if (content_sha256 != nullptr) *content_sha256 = filled->content_sha256;
  if (s.pdf_renderer != nullptr) return s.pdf_renderer->Render(filled->document);
  return report::RenderPdf(filled->document);
}

Result<PlanView> ReadPlanForConsent(const ConsentServices& s, const Actor& actor, int64_t plan_id) {
  auto v = LoadPlanView(s.plans, actor, plan_id);
  if (!v) return v.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "plan.read", PatientObject(v->plan.patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return v;
}

}  // namespace exo::app
