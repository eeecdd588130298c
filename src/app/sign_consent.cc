// Use case: sign a plan's consent (typed name, optional drawn signature, time, SHA-256 of
// the exact PDF).
#include <sodium.h>

#include "app/audit.h"
#include "app/consent_document.h"
#include "app/consents.h"
#include "auth/crypto.h"
#include "core/utf8.h"
#include "treatment/patient.h"

namespace exo::app {

namespace {

// Letters that are not ASCII punctuation, digits or spaces: 漢字, かな, Latin letters.
size_t WordCharacters(const std::string& text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80 && text.compare(i, 3, "\u3000") != 0) ++n;  // a lead byte
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++n;
    }
  }
  return n;
}

// A person's name: at least two letters ("山田 太郎", "Jo Li").
bool LooksLikeAName(const std::string& text) { return WordCharacters(text) >= 2; }

// A relationship in words: one kanji or kana ("夫", "母") or two Latin letters or more.
bool LooksLikeARelationship(const std::string& text) {
  for (unsigned char c : text)
    if (c >= 0x80) return true;
  return WordCharacters(text) >= 2;
}

}  // namespace

Result<store::StoredConsent> SignConsent(const ConsentServices& s, const Actor& actor,
                                         int64_t plan_id, Lang lang, const std::string& typed_name,
                                         const std::string& signature_png_base64,
                                         const std::string& relationship,
                                         const std::string& preview_sha256) {
  if (!preview_sha256.empty() &&
      (preview_sha256.size() != 64 ||
       preview_sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
    return Invalid("preview_sha256", "err.expected_sha256", {preview_sha256.substr(0, 80)});
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
  if (representative) {
    // A representative is named as a person and their relationship in words ("夫", "長女",
    // "mother"), not a placeholder such as "x".
    if (!LooksLikeAName(typed_name))
      return Invalid("typed_name", "err.representative_name", {typed_name.substr(0, 80)});
    if (!LooksLikeARelationship(relationship))
      return Invalid("relationship", "err.relationship_words", {relationship.substr(0, 80)});
  }
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
  const consent::Signature signature =
      ConsentSignature(s, now, lang, typed_name, representative ? relationship : "", png);
  std::string content_sha256;
  auto pdf = RenderConsentPdf(s, actor, *v, lang, signature, &content_sha256);
  if (pdf && !preview_sha256.empty() && preview_sha256 != content_sha256) {
    Error e = Conflict("err.consent_changed_since_preview");
    e.fields.push_back({"preview_sha256", "err.consent_preview_differs", {}});
    return e;
  }
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
      ps.uow, ps.audit, ps.clock, actor,
      [&]() -> Result<int64_t> {
        // One valid consent per plan: a new signature follows a withdrawal.
        auto valid = FindValidConsent(s.consents, actor.clinic_id, plan_id);
        if (!valid) return valid.error();
        if (*valid)
          return Conflict("err.consent_already_valid",
                          {std::to_string((*valid)->id), std::to_string(plan_id)});
        return s.consents.InsertConsent(c);
      },
      [&](int64_t id) {
        return AuditNote{"consent.sign", PatientObject(c.patient_id),
                         "consent/" + std::to_string(id) + " sha256 " + c.sha256 +
                             (preview_sha256.empty() ? "" : " preview " + preview_sha256)};
      });
  if (!id) return id.error();
  c.id = *id;
  return c;
}

}  // namespace exo::app
