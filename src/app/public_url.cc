#include "app/public_url.h"

namespace exo::app {

Result<std::string> PatientFacingUrl(const treatment::ClinicSettings& clinic,
                                     const std::string& public_base_url, std::string_view path) {
  const std::string& base = clinic.public_url.empty() ? public_base_url : clinic.public_url;
  if (base.empty() || (clinic.public_url.empty() && treatment::IsLoopbackUrl(base)))
    return Invalid("public_url", "err.public_url_unset");
  if (treatment::IsLoopbackUrl(base))
    return Invalid("public_url", "err.public_url_loopback", {base});
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += path;
  return url;
}

}  // namespace exo::app
