// Use case: register a lot from its certificate of analysis.
#include "app/audit.h"
#include "app/lots.h"
#include "app/token.h"

namespace exo::app {

using product::LotAction;
using product::LotState;
using store::AuditOutcome;

Result<LotView> ImportLot(const LotServices& s, const Actor& actor,
                          std::string_view certificate_json, std::optional<int> vials) {
  if (vials && *vials < 0)
    return Invalid("vials", "err.expected_number_nonneg", {std::to_string(*vials)});
  auto cert = product::ParseCertificate(certificate_json);
  if (!cert) {
    RecordAudit(s.audit, s.clock, actor, "lot.import", "lot", AuditOutcome::kFailed,
                "invalid certificate");
    return cert.error();
  }
  if (!cert->lot_number) return Invalid("/lot/number", "err.lot_number_required");

  product::Lot lot;
  lot.clinic_id = actor.clinic_id;
  lot.lot_number = *cert->lot_number;
  lot.product_name = cert->product_name.value_or("");
  lot.manufacturer = cert->manufacturer.value_or("");
  lot.expires_on = cert->expires_on;
  lot.state = LotState::kQuarantined;
  lot.vials_in_stock = vials;
  lot.certificate_json = std::string(certificate_json);
  lot.public_token = NewToken();
  lot.imported_at = s.clock.Now();

  product::LotEvent ev;
  ev.at = lot.imported_at;
  ev.actor = actor.name;
  ev.action = LotAction::kImport;
  ev.to = LotState::kQuarantined;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.writer.InsertLot(lot, ev); },
      [](product::LotId id) {
        return AuditNote{"lot.import", "lot/" + std::to_string(id), ""};
      });
  if (!id) return id.error();
  return ShowLot(s, actor, *id);
}

}  // namespace exo::app
