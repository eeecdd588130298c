// The step the trace and recall use cases share (a plain function, not a use case).
#pragma once

#include <vector>

#include "app/sessions.h"

namespace exo::app {

// The lot's sessions with the patients' contact details; the read is audited as "lot.trace"
// with the patients' ids (never their names).
Result<std::vector<store::TraceRow>> TraceAndAudit(const SessionServices& s, const Actor& actor,
                                                   int64_t lot_id);

}  // namespace exo::app
