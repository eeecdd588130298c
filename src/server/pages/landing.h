// The bilingual landing page served at / when the web application is not installed.
#pragma once

namespace exo::server {

// A complete HTML document; static text, nothing to escape.
const char* LandingPage();

}  // namespace exo::server
