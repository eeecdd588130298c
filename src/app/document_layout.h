// The clinic's identity from its settings, for the page layout of its documents
// (report/page_layout.h). A plain step, not a use case.
#pragma once

#include "report/page_layout.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

inline report::ClinicIdentity ClinicIdentityOf(const treatment::ClinicSettings& c) {
  return report::ClinicIdentity{c.name, c.address, c.telephone};
}

}  // namespace exo::app
