// Use case: the filled-in consent document of a plan as PDF, unsigned, with the hash of its
// content that a signing can name.
#include "app/consent_document.h"
#include "app/consents.h"

namespace exo::app {

Result<ConsentPreview> PreviewConsent(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang) {
  auto v = ReadPlanForConsent(s, actor, plan_id);
  if (!v) return v.error();
  ConsentPreview out;
  auto pdf = RenderConsentPdf(s, actor, *v, lang, std::nullopt, &out.content_sha256);
  if (!pdf) return pdf.error();
  out.pdf = std::move(*pdf);
  return out;
}

Result<std::string> PreviewConsentPdf(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang) {
  auto preview = PreviewConsent(s, actor, plan_id, lang);
  if (!preview) return preview.error();
  return std::move(preview->pdf);
}

}  // namespace exo::app
