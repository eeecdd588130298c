// Informed consent: the clinic-editable template (rules/consent/<lang>.toml) filled in with the
// plan's facts, as a document for report::RenderPdf. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/route.h"
#include "report/pdf.h"

namespace exo::consent {

struct ConsentTemplate {
  std::string title;
  std::string version;  // of the wording, printed on every page; "" when the file names none
  std::vector<report::DocumentSection> sections;  // text with {placeholders}
  std::map<std::string, std::string> risks;       // by route name
  std::map<std::string, std::string> words;       // labels: route names, signature texts
};

Result<ConsentTemplate> ParseConsentTemplate(std::string_view toml_text);

// What the consent states about this plan; every value already formatted for the language.
struct ConsentFacts {
  std::string patient_name;
  bool synthetic_patient = false;  // a demo patient: every page says so (report/page_layout.h)
  Route route = Route::kTopical;
  std::string goals, sites, schedule, dose_particles, dose_ml;
  int sessions = 0, interval_days = 0;
  std::string product_name, lot_number, manufacturer, origin;
  std::string cost_per_session, cost_subtotal, cost_tax, cost_total, currency;
  std::string alternatives;  // one line per alternative
  std::string physician;
  // The cooling-off and cancellation statement when the course is a specified continuous
  // service (IsSpecifiedContinuousService), else empty.
  std::string cooling_off;
};

// Whether a course is a "specified continuous service" (特定継続的役務提供, 美容医療) under
// Japan's Act on Specified Commercial Transactions: a course for a cosmetic purpose whose last
// session falls more than one month after its first, costing more than ¥50,000 in total, tax
// included (DOMAIN.md §10). Then the patient may cancel within 8 days of receiving the
// contract document (cooling-off), and the consent says so.
bool IsSpecifiedContinuousService(const std::vector<Date>& schedule, long long total,
                                  std::string_view currency, bool cosmetic);

struct Signature {
  std::string typed_name;
  std::string relationship;  // a representative's relationship to the patient; "" = the patient
  std::string signed_on;     // date text
  std::optional<std::string> png;
};

// Fills the template. With a signature, the closing block carries the typed name, the date
// and the drawn signature; without, empty lines to sign on paper.
report::Document BuildConsentDocument(const ConsentTemplate& t, const ConsentFacts& facts,
                                      const std::optional<Signature>& signature);

}  // namespace exo::consent
