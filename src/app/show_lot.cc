// Use case: show one lot with its history and today's QC report. A read: it changes nothing but
// its audit entry ("lot.read").
#include <nlohmann/json.hpp>

#include "app/lot_json.h"
#include "app/lot_view.h"

namespace exo::app {

Result<LotView> ShowLot(const LotServices& s, const Actor& actor, product::LotId id) {
  auto view = LoadLotView(s, actor.clinic_id, id);
  if (!view) return view.error();
  RecordAudit(s.audit, s.clock, actor, "lot.read", LotObject(id), store::AuditOutcome::kAllowed);
  return view;
}

Result<std::string> ShowLotJson(const LotServices& s, const Actor& actor, product::LotId id,
                                Lang lang) {
  const Date today = s.clock.Today();
  if (s.report_cache != nullptr) {
    // One number read instead of the lot, its events and its staff's names (lot_report_cache.h).
    auto revision = s.reader.FindLotRevision(actor.clinic_id, id);
    if (!revision) return revision.error();
    if (auto kept = s.report_cache->FindLotJson(actor.clinic_id, id, lang,
                                                {*revision, s.rules.version, today})) {
      RecordAudit(s.audit, s.clock, actor, "lot.read", LotObject(id),
                  store::AuditOutcome::kAllowed);
      return *kept;
    }
  }
  auto lot = s.reader.FindLot(actor.clinic_id, id);
  if (!lot) return lot.error();
  RecordAudit(s.audit, s.clock, actor, "lot.read", LotObject(id), store::AuditOutcome::kAllowed);
  // The revision read with the lot (one snapshot); staff names are read after it, so the kept
  // text is never older than the revision it is kept under (at worst newer: one extra render).
  const LotJsonInputs json_inputs{lot->revision, s.rules.version, today};
  auto staff = LoadStaffNames(s.users, actor.clinic_id);
  if (!staff) return staff.error();
  std::string text = LotHeadToJson(*lot, s.rules, *staff, lang).dump();
  LotReportInputs inputs{std::move(lot->certificate_json), s.rules.version, today,
                         UnusableState(lot->state)};
  std::shared_ptr<const std::string> evaluation =
      s.report_cache != nullptr ? s.report_cache->Find(actor.clinic_id, id, lang, inputs) : nullptr;
  if (!evaluation) {
    lot->certificate_json = inputs.certificate_json;
    auto view = EvaluateLot(s.rules, inputs.today, std::move(*lot));
    if (!view) return view.error();
    evaluation = std::make_shared<const std::string>(LotEvaluationToJson(*view, lang).dump());
    if (s.report_cache != nullptr)
      s.report_cache->Put(actor.clinic_id, id, lang, std::move(inputs), evaluation);
  }
  // Two JSON objects made one: "{head}" and "{evaluation}" give "{head,evaluation}".
  text.back() = ',';
  text.append(*evaluation, 1);
  if (s.report_cache != nullptr)
    s.report_cache->PutLotJson(actor.clinic_id, id, lang, json_inputs,
                               std::make_shared<const std::string>(text));
  return text;
}

}  // namespace exo::app
