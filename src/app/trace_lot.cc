// Use cases: who got a lot (every session with the patient's contact details, as rows or CSV),
// a patient's sessions, and a lot recall with a follow-up task for every affected patient.
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "app/lot_view.h"
#include "app/plan_view.h"
#include "app/sessions.h"
#include "core/csv.h"
#include "core/local_time.h"

namespace exo::app {

using nlohmann::json;
using store::AuditOutcome;

namespace {

// The lot's sessions with the patients' contact details, the read audited as lot.trace.
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

}  // namespace

Result<std::vector<store::StoredSession>> PatientSessions(const SessionServices& s,
                                                          const Actor& actor, int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "session.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

Result<std::vector<store::TraceRow>> TraceLot(const SessionServices& s, const Actor& actor,
                                              int64_t lot_id) {
  if (auto lot = s.lots.FindLot(actor.clinic_id, lot_id); !lot) return lot.error();
  return TraceAndAudit(s, actor, lot_id);
}

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

std::string TraceCsv(const std::vector<store::TraceRow>& rows, std::string_view time_zone,
                     bool bom) {
  CsvWriter csv(bom);
  csv.TextRow({"session_id", "performed_at_local", "patient_id", "patient_number", "name_kanji",
               "name_kana", "phone", "email", "route", "sites", "dose_particles", "volume_ml",
               "reactions"});
  for (const auto& r : rows) {
    const auto& x = r.session;
    csv.Row({std::to_string(x.id), CsvField(FormatLocalSortable(x.performed_at, time_zone)),
             std::to_string(x.patient_id), CsvField(r.patient_number), CsvField(r.name_kanji),
             CsvField(r.name_kana), CsvField(r.phone), CsvField(r.email), CsvField(x.route),
             CsvField(x.sites), CsvNumber(x.dose_particles), CsvNumber(x.volume_ml),
             CsvField(x.reactions)});
  }
  return csv.Take();
}

}  // namespace exo::app
