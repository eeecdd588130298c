// Informed consent: the clinic-editable template (rules/consent/<lang>.toml) filled in with the
// plan's facts, as a document for report::RenderPdf. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/route.h"
#include "report/pdf.h"

namespace exo::consent {

struct ConsentTemplate {
  std::string title;
  std::vector<report::DocumentSection> sections;  // text with {placeholders}
  std::map<std::string, std::string> risks;       // by route name
  std::map<std::string, std::string> words;       // labels: route names, signature texts
};

Result<ConsentTemplate> ParseConsentTemplate(std::string_view toml_text);

// What the consent states about this plan; every value already formatted for the language.
struct ConsentFacts {
  std::string patient_name;
  Route route = Route::kTopical;
  std::string goals, sites, schedule, dose_particles, dose_ml;
  int sessions = 0, interval_days = 0;
  std::string product_name, lot_number, manufacturer, origin;
  std::string cost_per_session, cost_subtotal, cost_tax, cost_total, currency;
  std::string alternatives;  // one line per alternative
  std::string physician;
};

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
