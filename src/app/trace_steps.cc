#include "app/trace_steps.h"

#include <set>

#include "app/audit.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::TraceRow>> TraceAndAudit(const SessionServices& s, const Actor& actor,
                                                   int64_t lot_id) {
  auto rows = s.sessions.TraceLot(actor.clinic_id, lot_id);
  if (!rows) return rows.error();
  std::set<int64_t> patients;
  for (const auto& r : *rows) patients.insert(r.session.patient_id);
  std::string ids;
  for (int64_t p : patients) ids += (ids.empty() ? "" : ",") + std::to_string(p);
  RecordAudit(s.audit, s.clock, actor, "lot.trace", "lot/" + std::to_string(lot_id),
              AuditOutcome::kAllowed, "patients: " + ids.substr(0, 1000));
  return rows;
}

}  // namespace exo::app
