// Records one audited action. Use cases call this for every change (and every read of
// patient data) so the CLI and the server cannot drift; the server's dispatcher records
// denied attempts. The detail never holds patient data.
#pragma once

#include <string>

#include "app/actor.h"
#include "app/clock.h"
#include "store/audit_log.h"

namespace exo::app {

void RecordAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                 const std::string& action, const std::string& object, store::AuditOutcome outcome,
                 const std::string& detail = "");

}  // namespace exo::app
