// Use case: who got a lot: every session with the patient's contact details.
#include "app/sessions.h"
#include "app/trace_steps.h"

namespace exo::app {

Result<std::vector<store::TraceRow>> TraceLot(const SessionServices& s, const Actor& actor,
                                              int64_t lot_id) {
  if (auto lot = s.lots.FindLot(actor.clinic_id, lot_id); !lot) return lot.error();
  return TraceAndAudit(s, actor, lot_id);
}

}  // namespace exo::app
