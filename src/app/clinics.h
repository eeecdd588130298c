// Clinics sharing one database. Adding one is the local operator's job (the command line); the
// server offers no route for it.
#pragma once

#include <string>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/unit_of_work.h"

namespace exo::app {

// Adds a clinic named `name` (1 to 200 bytes) and audits it as "clinic.add"; the clinic and its
// entry commit together.
Result<store::Clinic> AddClinic(store::ClinicStore& clinics, store::AuditWriter& audit,
                                store::UnitOfWork& uow, const Clock& clock, const Actor& actor,
                                const std::string& name);

// Every clinic, by id.
Result<std::vector<store::Clinic>> ListClinics(const store::ClinicStore& clinics);

}  // namespace exo::app
