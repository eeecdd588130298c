// Use cases for informed consent: preview the filled-in document as PDF, sign it (typed name,
// optional drawn signature, time, SHA-256 of the exact PDF), withdraw it, fetch the signed
// PDF. A signed consent is never changed; a withdrawal is recorded beside it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/plans.h"
#include "consent/consent.h"
#include "core/messages.h"
#include "store/account_store.h"
#include "store/consent_store.h"

namespace exo::app {

class PdfRenderer;  // app/pdf_renderer.h

struct ConsentServices {
  const PlanServices& plans;
  store::ConsentStore& consents;
  const store::UserStore& users;  // the physician named on the consent
  const std::map<Lang, consent::ConsentTemplate>& templates;
  // Renders the consent documents; null: report::RenderPdf on the calling thread.
  PdfRenderer* pdf_renderer = nullptr;
};

// The unsigned document a patient reads before signing, and the SHA-256 of its content: a
// signing that names it (`preview_sha256`) is refused when the document would now say
// something else (the plan, template or clinic changed in between).
struct ConsentPreview {
  std::string pdf;
  std::string content_sha256;
};
Result<ConsentPreview> PreviewConsent(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang);
Result<std::string> PreviewConsentPdf(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang);
// `signature_png_base64`: optional drawn signature (PNG, base64, at most 1 MB decoded).
// Signs the plan's consent in `lang`. The typed name must be the patient's (kanji or kana,
// spaces ignored); a representative signs with their own name and `relationship` to the
// patient, both printed on the document. `preview_sha256`: the content hash of the preview the
// patient read (ConsentPreview), when one was shown; a different document now is kConflict
// "err.consent_changed_since_preview" (field preview_sha256), and nothing is stored.
Result<store::StoredConsent> SignConsent(const ConsentServices& s, const Actor& actor,
                                         int64_t plan_id, Lang lang, const std::string& typed_name,
                                         const std::string& signature_png_base64,
                                         const std::string& relationship = "",
                                         const std::string& preview_sha256 = "");
Result<store::StoredConsent> WithdrawConsent(const ConsentServices& s, const Actor& actor,
                                             int64_t consent_id, const std::string& reason);
Result<store::StoredConsent> GetConsent(const ConsentServices& s, const Actor& actor,
                                        int64_t consent_id);
// A plan's consents, newest first; the read is audited as a read of the plan (plan.read).
Result<std::vector<store::StoredConsent>> ListConsents(const ConsentServices& s, const Actor& actor,
                                                       int64_t plan_id);

// The plan's valid consent (signed, not withdrawn), if any: a plain query, no audit entry.
Result<std::optional<store::StoredConsent>> FindValidConsent(const store::ConsentStore& consents,
                                                             int64_t clinic, int64_t plan_id);

}  // namespace exo::app
