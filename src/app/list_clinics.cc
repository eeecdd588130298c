// Use case: every clinic (the command line).
#include "app/clinics.h"

namespace exo::app {

Result<std::vector<store::Clinic>> ListClinics(const store::ClinicStore& clinics) {
  return clinics.ListClinics();
}

}  // namespace exo::app
