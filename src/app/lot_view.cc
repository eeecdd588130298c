#include "app/lot_view.h"

#include <nlohmann/json.hpp>

#include "app/token.h"
#include "product/certificate_json.h"

namespace exo::app {

Result<Evaluation> EvaluateCertificate(const product::QcRules& rules,
                                       std::string_view certificate_json,
                                       const product::QcContext& context) {
  auto doc = std::make_shared<nlohmann::json>(
      nlohmann::json::parse(certificate_json.begin(), certificate_json.end(), nullptr, false));
  if (doc->is_discarded()) return product::ParseCertificate(certificate_json).error();
  auto cert = product::ParseCertificateDocument(*doc);
  if (!cert) return cert.error();
  Evaluation e{std::move(*cert), {}, std::move(doc)};
  e.report = product::EvaluateCoa(e.certificate, rules, context);
  return e;
}

std::string UnusableState(product::LotState state) {
  if (state == product::LotState::kRecalled || state == product::LotState::kDestroyed ||
      state == product::LotState::kExpired)
    return std::string(product::LotStateName(state));
  return "";
}

Result<LotView> EvaluateLot(const product::QcRules& rules, Date today, product::Lot lot) {
  product::QcContext ctx;
  ctx.today = today;
  ctx.unusable_state = UnusableState(lot.state);
  auto eval = EvaluateCertificate(rules, lot.certificate_json, ctx);
  if (!eval)
    return Internal("stored certificate of lot " + std::to_string(lot.id) + " no longer parses");
  return LotView{std::move(lot),
                 std::move(eval->certificate),
                 std::move(eval->report),
                 ctx,
                 std::move(eval->document),
                 {}};
}

Result<LotView> LoadLotView(const LotServices& s, product::ClinicId clinic, product::LotId id) {
  auto lot = s.reader.FindLot(clinic, id);
  if (!lot) return lot.error();
  auto view = EvaluateLot(s.rules, s.clock.Today(), std::move(*lot));
  if (!view) return view.error();
  auto staff = LoadStaffNames(s.users, clinic);
  if (!staff) return staff.error();
  view->staff = std::move(*staff);
  return view;
}

Status ReloadLot(const LotServices& s, product::ClinicId clinic, LotView& view) {
  auto lot = s.reader.FindLot(clinic, view.lot.id);
  if (!lot) return lot.error();
  if (UnusableState(lot->state) != view.context.unusable_state) {
    auto again = EvaluateLot(s.rules, s.clock.Today(), std::move(*lot));
    if (!again) return again.error();
    again->staff = std::move(view.staff);
    view = std::move(*again);
  } else {
    view.lot = std::move(*lot);
  }
  auto staff = LoadStaffNames(s.users, clinic);
  if (!staff) return staff.error();
  view.staff = std::move(*staff);
  return OkStatus();
}

Status ApplyAuditedEvent(const LotServices& s, const Actor& actor, product::LotId id,
                         product::LotEvent event, const AuditNote& note) {
  event.at = s.clock.Now();
  event.actor = actor.name;
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&] { return s.writer.ApplyLotEvent(actor.clinic_id, id, event); }, [&](Ok) { return note; });
}

Status ApplyTransition(const LotServices& s, const Actor& actor, const product::Lot& lot,
                       product::LotAction action, const std::string& reason) {
  const std::string audit_action = "lot." + std::string(product::LotActionName(action));
  auto event = product::PlanTransition(lot, action, reason);
  if (!event) {
    RecordAudit(s.audit, s.clock, actor, audit_action, LotObject(lot.id),
                store::AuditOutcome::kFailed);
    return event.error();
  }
  return ApplyAuditedEvent(s, actor, lot.id, std::move(*event),
                           AuditNote{audit_action, LotObject(lot.id), ""});
}

Result<int> ExpireLotsOf(const LotServices& s, product::ClinicId clinic) {
  const Date today = s.clock.Today();
  store::LotFilter filter;
  filter.expires_before = today;
  auto lots = s.reader.ListLots(clinic, filter);
  if (!lots) return lots.error();
  const Actor system{"system", ActorRole::kSystem, clinic};
  int changed = 0;
  for (const auto& lot : *lots) {
    if (!lot.expires_on || *lot.expires_on >= today) continue;
    if (lot.state != product::LotState::kQuarantined && lot.state != product::LotState::kReleased)
      continue;
    // Stored as before (API clients read `reason`); people read it through LotEventReason, from
    // the catalogue in their language.
    auto event = product::PlanTransition(lot, product::LotAction::kExpire,
                                         "expired on " + lot.expires_on->ToString());
    if (!event) continue;
    if (auto st = ApplyAuditedEvent(s, system, lot.id, std::move(*event),
                                    AuditNote{"lot.expire", LotObject(lot.id), ""});
        !st) {
      if (st.error().code == ErrorCode::kConflict) continue;  // changed meanwhile
      return st.error();
    }
    ++changed;
  }
  return changed;
}

Result<LotView> InsertImportedLot(const LotServices& s, const Actor& actor,
                                  std::string_view certificate_json, Evaluation eval,
                                  const product::QcContext& ctx, std::optional<int> vials) {
  const product::Certificate& cert = eval.certificate;
  if (!cert.lot_number) return Invalid("/lot/number", "err.lot_number_required");
  product::Lot lot;
  lot.clinic_id = actor.clinic_id;
  lot.lot_number = *cert.lot_number;
  lot.product_name = cert.product_name.value_or("");
  lot.manufacturer = cert.manufacturer.value_or("");
  lot.expires_on = cert.expires_on;
  lot.state = product::LotState::kQuarantined;
  lot.vials_in_stock = vials;
  lot.certificate_json = std::string(certificate_json);
  lot.public_token = NewToken();
  lot.imported_at = s.clock.Now();

  product::LotEvent ev;
  ev.at = lot.imported_at;
  ev.actor = actor.name;
  ev.action = product::LotAction::kImport;
  ev.to = product::LotState::kQuarantined;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.writer.InsertLot(lot, ev); },
      [](product::LotId id) {
        return AuditNote{"lot.import", LotObject(id), ""};
      });
  if (!id) return id.error();
  LotView view{std::move(lot),           std::move(eval.certificate),
               std::move(eval.report),   ctx,
               std::move(eval.document), {}};
  view.lot.id = *id;
  if (auto st = ReloadLot(s, actor.clinic_id, view); !st) return st.error();
  return view;
}

std::string LotObject(product::LotId id) { return "lot/" + std::to_string(id); }

}  // namespace exo::app
