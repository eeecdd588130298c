// Use case: register a lot from its certificate of analysis (parsed and evaluated once).
#include "app/lot_view.h"

namespace exo::app {

using store::AuditOutcome;

Result<LotView> ImportLot(const LotServices& s, const Actor& actor,
                          std::string_view certificate_json, std::optional<int> vials) {
  if (vials && *vials < 0)
    return Invalid("vials", "err.expected_number_nonneg", {std::to_string(*vials)});
  product::QcContext ctx;
  ctx.today = s.clock.Today();
  auto eval = EvaluateCertificate(s.rules, certificate_json, ctx);
  if (!eval) {
    RecordAudit(s.audit, s.clock, actor, "lot.import", "lot", AuditOutcome::kFailed,
                "invalid certificate");
    return eval.error();
  }
  return InsertImportedLot(s, actor, certificate_json, std::move(*eval), ctx, vials);
}

}  // namespace exo::app
