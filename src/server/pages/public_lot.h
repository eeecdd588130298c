// A lot's public transparency page, the target of the QR code on its label and aftercare
// sheet: product, origin, state and today's QC report, never patient data. The JSON document
// serves the web application; the HTML page, built from the same document, needs no script.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/lots.h"
#include "core/messages.h"

namespace exo::server {

nlohmann::json PublicLotJson(const app::LotView& v, Lang lang);

// A complete HTML document; every text from the lot or the catalogue is escaped.
std::string PublicLotHtml(const app::LotView& v, Lang lang);

}  // namespace exo::server
