#include "app/consents.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/plan_view.h"
#include "auth/crypto.h"
#include "core/format.h"
#include "core/local_time.h"
#include "core/utf8.h"
#include "product/certificate.h"
#include "treatment/patient.h"

namespace exo::app {

using store::AuditOutcome;

namespace {

// An amount in the plan's currency: "180,000円" for yen, else "1,200 EUR".
std::string Money(long long v, const std::string& currency, Lang lang) {
  return currency == "JPY" ? FormatYen(v, lang) : GroupThousands(v) + " " + currency;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
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
  f.cost_per_session = Money(c.per_session, c.currency, lang);
  f.cost_subtotal = Money(c.subtotal, c.currency, lang);
  f.cost_tax = Money(c.tax, c.currency, lang);
  f.cost_total = Money(c.total, c.currency, lang);
  f.currency = c.currency;
  const nlohmann::json plan_json = PlanViewToJson(v, ps, lang);
  std::vector<std::string> alternatives;
  for (const auto& a : plan_json["alternatives"])
    alternatives.push_back("・" + a["name"].get<std::string>() + ": " +
                           a["risk"].get<std::string>() + " " + a["evidence"].get<std::string>() +
                           " " + a["cost"].get<std::string>());
  f.alternatives = Join(alternatives, "\n");
  f.physician = v.plan.activated_by.empty() ? v.plan.created_by : v.plan.activated_by;
  return f;
}

Result<std::string> Render(const ConsentServices& s, const Actor& actor, const PlanView& v,
                           Lang lang, const std::optional<consent::Signature>& signature) {
  auto facts = Facts(s, actor, v, lang);
  if (!facts) return facts.error();
  return report::RenderPdf(consent::BuildConsentDocument(s.templates.at(lang), *facts, signature));
}

// The plan a consent is about, its read audited as plan.read (as showing the plan would).
Result<PlanView> ReadPlanForConsent(const ConsentServices& s, const Actor& actor, int64_t plan_id) {
  auto v = LoadPlanView(s.plans, actor, plan_id);
  if (!v) return v.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "plan.read", PatientObject(v->plan.patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return v;
}

}  // namespace

Result<std::string> PreviewConsentPdf(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang) {
  auto v = ReadPlanForConsent(s, actor, plan_id);
  if (!v) return v.error();
  return Render(s, actor, *v, lang, std::nullopt);
}

Result<store::StoredConsent> SignConsent(const ConsentServices& s, const Actor& actor,
                                         int64_t plan_id, Lang lang, const std::string& typed_name,
                                         const std::string& signature_png_base64,
                                         const std::string& relationship) {
  if (typed_name.find_first_not_of(" \t") == std::string::npos)
    return Invalid("typed_name", "err.required");
  if (CodePoints(typed_name) > 200)
    return Invalid("typed_name", "err.string_too_long",
                   {std::to_string(CodePoints(typed_name)), "200"});
  std::optional<std::string> png;
  if (!signature_png_base64.empty()) {
    if (signature_png_base64.size() > (1 << 20) * 4 / 3 + 4)
      return Invalid("signature_png_base64", "err.too_large", {"1048576"});
    std::string bin(signature_png_base64.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(),
                          signature_png_base64.data(), signature_png_base64.size(), " \r\n", &len,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      return Invalid("signature_png_base64", "err.bad_base64");
    bin.resize(len);
    png = std::move(bin);
  }
  if (relationship.size() > 100)
    return Invalid("relationship", "err.string_too_long",
                   {std::to_string(relationship.size()), "100"});
  const bool representative = relationship.find_first_not_of(" \t") != std::string::npos;
  auto v = ReadPlanForConsent(s, actor, plan_id);
  if (!v) return v.error();
  if (v->plan.status == store::PlanStatus::kCancelled)
    return Conflict("err.plan_not_draft", {std::string(store::PlanStatusName(v->plan.status))});
  if (!representative) {
    auto patient = s.plans.patients.FindPatient(actor.clinic_id, v->plan.patient_id);
    if (!patient) return patient.error();
    if (!treatment::SignerNameMatches(typed_name, patient->name_kanji, patient->name_kana))
      return Invalid("typed_name", "err.signer_not_patient", {typed_name});
  }
  const Timestamp now = s.plans.clock.Now();
  const consent::Signature signature{typed_name, representative ? relationship : "",
                                     FormatLocalDateTime(now, s.plans.clinic.time_zone, lang), png};
  auto pdf = Render(s, actor, *v, lang, signature);
  if (!pdf) {
    if (pdf.error().fields.size() == 1 && pdf.error().fields[0].field == "signature_image")
      return Invalid("signature_png_base64", "err.bad_png");
    return pdf.error();
  }
  store::StoredConsent c;
  c.clinic_id = actor.clinic_id;
  c.plan_id = plan_id;
  c.patient_id = v->plan.patient_id;
  c.lang = std::string(LangName(lang));
  c.pdf = std::move(*pdf);
  c.sha256 = auth::Sha256Hex(c.pdf);
  c.typed_name = typed_name;
  c.signer_relationship = representative ? relationship : "";
  c.has_signature_image = png.has_value();
  c.signed_at = now;
  c.recorded_by = actor.name;
  const PlanServices& ps = s.plans;
  auto id = RunAudited(
      ps.uow, ps.audit, ps.clock, actor, [&] { return s.consents.InsertConsent(c); },
      [&](int64_t id) {
        return AuditNote{"consent.sign", PatientObject(c.patient_id),
                         "consent/" + std::to_string(id) + " sha256 " + c.sha256};
      });
  if (!id) return id.error();
  c.id = *id;
  return c;
}

Result<store::StoredConsent> WithdrawConsent(const ConsentServices& s, const Actor& actor,
                                             int64_t consent_id, const std::string& reason) {
  if (CodePoints(reason) > 2000)
    return Invalid("reason", "err.string_too_long", {std::to_string(CodePoints(reason)), "2000"});
  const Timestamp now = s.plans.clock.Now();
  const PlanServices& ps = s.plans;
  return RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&]() -> Result<store::StoredConsent> {
        if (auto st =
                s.consents.WithdrawConsent(actor.clinic_id, consent_id,
                                           reason.empty() ? "withdrawn" : reason, actor.name, now);
            !st)
          return st.error();
        return s.consents.FindConsent(actor.clinic_id, consent_id);
      },
      [&](const store::StoredConsent& c) {
        return AuditNote{"consent.withdraw", PatientObject(c.patient_id),
                         "consent/" + std::to_string(consent_id)};
      });
}

Result<store::StoredConsent> GetConsent(const ConsentServices& s, const Actor& actor,
                                        int64_t consent_id) {
  auto c = s.consents.FindConsent(actor.clinic_id, consent_id);
  if (!c) return c.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "consent.read", PatientObject(c->patient_id),
              AuditOutcome::kAllowed, "consent/" + std::to_string(consent_id));
  return c;
}

Result<std::optional<store::StoredConsent>> FindValidConsent(const store::ConsentStore& consents,
                                                             int64_t clinic, int64_t plan_id) {
  auto list = consents.ListConsents(clinic, plan_id);
  if (!list) return list.error();
  for (auto& c : *list)
    if (c.Valid()) return std::optional<store::StoredConsent>(std::move(c));
  return std::optional<store::StoredConsent>();
}

Result<std::vector<store::StoredConsent>> ListConsents(const ConsentServices& s, const Actor& actor,
                                                       int64_t plan_id) {
  auto plan = s.plans.plans.FindPlan(actor.clinic_id, plan_id);
  if (!plan) return plan.error();
  RecordAudit(s.plans.audit, s.plans.clock, actor, "plan.read", PatientObject(plan->patient_id),
              AuditOutcome::kAllowed, "plan/" + std::to_string(plan_id));
  return s.consents.ListConsents(actor.clinic_id, plan_id);
}

}  // namespace exo::app
