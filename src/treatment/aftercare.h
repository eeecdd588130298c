// Aftercare sheets: route-specific advice from rules/aftercare.toml, each item with its source,
// as a document with a QR code to the lot's public transparency page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/result.h"
#include "core/route.h"
#include "report/pdf.h"

namespace exo::treatment {

struct AftercareItem {
  RouteSet routes;
  std::string topic;
  Text text;
  std::string source;
};

// A warning sign: when it shows, call the clinic or 119.
struct AftercareWarning {
  enum class Call { kClinic, k119 };
  RouteSet routes;
  Call call = Call::kClinic;
  Text text;
  std::string source;
};

struct AftercareRules {
  Text title, intro, qr, call_clinic, call_119;
  std::vector<AftercareItem> items;
  std::vector<AftercareWarning> warnings;
};

Result<AftercareRules> ParseAftercare(std::string_view toml_text);

struct AftercareFacts {
  Route route = Route::kTopical;
  std::string patient_name;
  std::string session_date;  // date and time in the clinic's zone, as the reader writes it
  std::string product_name;
  std::string lot_number;
  std::string clinic_phone_line;  // "電話: 03-...", or that it is not set
};

// The sheet for one session; `qr_png` links to the lot's public page.
report::Document BuildAftercareDocument(const AftercareRules& rules, const AftercareFacts& facts,
                                        Lang lang, std::string qr_png);

}  // namespace exo::treatment
