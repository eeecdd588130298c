// The steps the consent use cases share (plain functions, not use cases): the plan a consent is
// about, read with its checks, and the consent document filled in and rendered as PDF.
#pragma once

#include <optional>
#include <string>

#include "app/consents.h"
#include "core/timestamp.h"
#include "report/pdf.h"

namespace exo::app {

// The plan a consent is about, with its checks run today; its read is audited as "plan.read"
// (as showing the plan would).
Result<PlanView> ReadPlanForConsent(const ConsentServices& s, const Actor& actor, int64_t plan_id);

// The signature block of a consent signed at `signed_at` (shown in the clinic's time zone);
// `relationship` "" when the patient signs herself.
consent::Signature ConsentSignature(const ConsentServices& s, Timestamp signed_at, Lang lang,
                                    std::string typed_name, std::string relationship,
                                    std::optional<std::string> png);

// The consent document of the plan in `lang`, filled in and laid out for its pages; signed when
// `signature` is given. `content_sha256` is the SHA-256 (hex) of what the patient reads — title,
// subtitle, every section's heading and text, the clinic's header lines — the same for the
// preview and the signed document while the plan, the template and the clinic do not change
// (ConsentPreview::content_sha256).
struct FilledConsent {
  report::Document document;
  std::string content_sha256;
};
Result<FilledConsent> FillConsentDocument(const ConsentServices& s, const Actor& actor,
                                          const PlanView& v, Lang lang,
                                          const std::optional<consent::Signature>& signature);

// FillConsentDocument's document as PDF, by `s.pdf_renderer` when set (else report::RenderPdf);
// a bad drawn signature is an error of field "signature_image". `content_sha256`, when given,
// gets FillConsentDocument's.
Result<std::string> RenderConsentPdf(const ConsentServices& s, const Actor& actor,
                                     const PlanView& v, Lang lang,
                                     const std::optional<consent::Signature>& signature,
                                     std::string* content_sha256 = nullptr);

}  // namespace exo::app
