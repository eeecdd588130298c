// The address patients reach the clinic at: the public address in the clinic's settings, else
// the server's `serve --public-url`; never a request's Host header, which any client can set,
// and never this machine itself. Every patient-facing link and QR code is built here.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

// The patient-facing base + `path`. Refused (field "public_url") when no address is set
// (err.public_url_unset; a loopback --public-url counts as unset when the clinic set none) or the
// clinic's own address is loopback (err.public_url_loopback): no patient's phone can reach it, so
// a printed QR code would be useless.
Result<std::string> PatientFacingUrl(const treatment::ClinicSettings& clinic,
                                     const std::string& public_base_url, std::string_view path);

}  // namespace exo::app
