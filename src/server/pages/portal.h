// The patient portal's page: the questionnaires a portal link opens, as plain HTML forms that
// need no script (a patient's phone, scanned from a QR code in the clinic).
#pragma once

#include <string>

#include "app/crisis_lines.h"
#include "app/outcomes.h"
#include "core/messages.h"

namespace exo::server {

// How many questions the form for `m` asks (0 when `m` is not a questionnaire).
int PortalItemCount(const outcome::Measure& m);  // a questionnaire's items, else 1

// A complete HTML document: one questionnaire at a time (the first not yet answered) with the
// patient's progress. `token` is the link's token (it posts to /portal/<token>/<measure>);
// `message`, if not empty, is shown above the form (thanks, or what was wrong); `show_crisis`:
// an answer needs same-day follow-up, so where to turn today comes first (`crisis`: the clinic's
// lines; null when they could not be read, then only the catalogue's words). Every text is
// escaped.
std::string PortalHtml(const app::PortalView& v, const std::string& token, Lang lang,
                       const std::string& message, const app::CrisisContacts* crisis = nullptr,
                       bool show_crisis = false);

// The page's stylesheet (served at /portal/style.css; the CSP allows only the server's own).
const std::string& PortalCss();

}  // namespace exo::server
