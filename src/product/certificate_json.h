// A certificate read from a JSON document already parsed (a stored certificate is parsed once
// per request: the same document is validated here and rendered as imported).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "product/certificate.h"

namespace exo::product {

// As ParseCertificate, from a parsed document.
Result<Certificate> ParseCertificateDocument(const nlohmann::json& doc);

}  // namespace exo::product
