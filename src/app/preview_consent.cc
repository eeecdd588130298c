// Use case: the filled-in consent document of a plan as PDF, unsigned.
#include "app/consent_document.h"
#include "app/consents.h"

namespace exo::app {

Result<std::string> PreviewConsentPdf(const ConsentServices& s, const Actor& actor, int64_t plan_id,
                                      Lang lang) {
  auto v = ReadPlanForConsent(s, actor, plan_id);
  if (!v) return v.error();
  return RenderConsentPdf(s, actor, *v, lang, std::nullopt);
}

}  // namespace exo::app
