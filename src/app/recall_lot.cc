// Use case: recall a lot (final), with a follow-up task for every affected patient; the
// recall and the tasks commit together.
#include <optional>
#include <set>

#include "app/lot_view.h"
#include "app/sessions.h"
#include "app/trace_steps.h"

namespace exo::app {

namespace {

Result<RecallResult> RecallAndCreateFollowUps(const SessionServices& s, const LotServices& lots,
                                              const Actor& actor, int64_t lot_id,
                                              const std::string& reason) {
  auto view = LoadLotView(lots, actor.clinic_id, lot_id);
  if (!view) return view.error();
  if (auto st = ApplyTransition(lots, actor, view->lot, product::LotAction::kRecall, reason); !st)
    return st.error();
  if (auto st = ReloadLot(lots, actor.clinic_id, *view); !st) return st.error();
  auto rows = TraceAndAudit(s, actor, lot_id);
  if (!rows) return rows.error();
  std::set<int64_t> patients;
  for (const auto& r : *rows) patients.insert(r.session.patient_id);
  std::vector<store::FollowUp> followups;
  for (int64_t p : patients) {
    store::FollowUp f;
    f.clinic_id = actor.clinic_id;
    f.patient_id = p;
    f.lot_id = lot_id;
    f.due_on = s.clock.Today();
    f.kind = store::FollowUpKind::kRecall;
    f.note = reason.substr(0, 200);
    followups.push_back(f);
  }
  if (auto st = s.sessions.InsertFollowUps(followups); !st) return st.error();
  return RecallResult{std::move(*view), std::move(*rows), static_cast<int>(followups.size())};
}

}  // namespace

Result<RecallResult> RecallLot(const SessionServices& s, const LotServices& lots,
                               const Actor& actor, int64_t lot_id, const std::string& reason) {
  // The recall and the follow-up tasks it creates commit together.
  std::optional<RecallResult> out;
  if (auto st = lots.uow.Run([&]() -> Status {
        auto recalled = RecallAndCreateFollowUps(s, lots, actor, lot_id, reason);
        if (!recalled) return recalled.error();
        out = std::move(*recalled);
        return OkStatus();
      });
      !st)
    return st.error();
  return std::move(*out);
}

}  // namespace exo::app
