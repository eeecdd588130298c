// The patient portal's page: the questionnaires a portal link opens, as plain HTML forms that
// need no script (a patient's phone, scanned from a QR code in the clinic).
#pragma once

#include <string>

#include "app/outcomes.h"
#include "core/messages.h"

namespace exo::server {

// How many questions the form for `m` asks (0 when `m` is not a questionnaire).
int PortalItemCount(const outcome::Measure& m);  // a questionnaire's items, else 1

// A complete HTML document. `token` is the link's token (it posts to /portal/<token>/<measure>);
// `message`, if not empty, is shown above the forms (thanks, or what was wrong). Every text is
// escaped.
std::string PortalHtml(const app::PortalView& v, const std::string& token, Lang lang,
                       const std::string& message);

}  // namespace exo::server
