// Use cases for treatment sessions, follow-ups and traceability: record a session (active plan,
// valid consent, lot released for the route and in date; stock taken; follow-ups created),
// trace a lot or a patient, recall a lot with every affected patient and session.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/consents.h"
#include "app/lots.h"
#include "app/plans.h"
#include "store/outcome_store.h"
#include "store/session_store.h"
#include "treatment/aftercare.h"

namespace exo::app {

// What the session, follow-up and trace use cases work with: store interfaces, no other bundle.
struct SessionServices {
  store::TreatmentSessionStore& sessions;
  store::PlanStore& plans;
  store::PatientStore& patients;
  store::ScreeningStore& screenings;
  store::LotReader& lots;
  store::ConsentStore& consents;
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const treatment::ClinicSettings& clinic;
  const store::UserStore& users;  // who recorded what, by name (staff_names.h)
  // The measurements whose time point (baseline, days since the first session) an earlier
  // session would change: such a session is refused.
  const store::OutcomeStore& outcomes;
};

Result<store::StoredSession> RecordSession(const SessionServices& s, const Actor& actor,
                                           std::string_view session_json);
Result<std::vector<store::StoredSession>> PatientSessions(const SessionServices& s,
                                                          const Actor& actor, int64_t patient_id);
// Who got this lot: every session with the patient's contact details.
Result<std::vector<store::TraceRow>> TraceLot(const SessionServices& s, const Actor& actor,
                                              int64_t lot_id);

struct RecallResult {
  LotView lot;
  std::vector<store::TraceRow> affected;
  int followups_created = 0;
};
// Recalls the lot (final) and creates a follow-up task for every affected patient, due today.
Result<RecallResult> RecallLot(const SessionServices& s, const LotServices& lots,
                               const Actor& actor, int64_t lot_id, const std::string& reason);

Result<std::vector<store::FollowUp>> DueFollowUps(const SessionServices& s, const Actor& actor,
                                                  std::optional<Date> due_until);

// One line of a day's treatment list: an active plan with a session planned on the day, or
// with a session recorded on it.
struct DayScheduleEntry {
  store::StoredPlan plan;
  std::string patient_number;
  std::string name_kanji;
  std::string name_kana;
  bool synthetic = false;  // a fictitious demo patient
  Route route = Route::kTopical;
  std::string lot_number;
  int session_number = 0;                        // this day's session is the plan's n-th
  int sessions = 0;                              // planned in all
  bool planned = false;                          // the plan's schedule has the day
  std::optional<store::StoredSession> recorded;  // the session recorded on the day, if any
};

// The clinic's treatment list for `day`, by patient number. One audit entry for the read.
Result<std::vector<DayScheduleEntry>> DaySchedule(const SessionServices& s, const Actor& actor,
                                                  Date day);

// What a follow-up task is about, in `lang`: "day 28 after the session", "recall: <reason>".
std::string FollowUpText(const store::FollowUp& f, Lang lang);

// Marks a follow-up task done (audited against its patient); kConflict if it was done already.
Status CompleteFollowUp(const SessionServices& s, const Actor& actor, int64_t followup_id);

struct AftercareServices {
  store::TreatmentSessionStore& sessions;
  store::LotReader& lots;
  store::PatientStore& patients;
  store::AuditWriter& audit;
  const Clock& clock;
  const treatment::AftercareRules& rules;
  const treatment::ClinicSettings& clinic;  // its time zone for the session's date and time
  std::string public_base_url;  // e.g. "https://clinic.example.jp"; the QR code links here
};

// The aftercare sheet of a session as PDF, with a QR code to the lot's public page.
Result<std::string> AftercarePdf(const AftercareServices& s, const Actor& actor, int64_t session_id,
                                 Lang lang);

// A lot seen through its public token: product, origin and QC only, never patient data.
Result<LotView> PublicLot(const LotServices& lots, const std::string& public_token);

// CSV (RFC 4180) of a trace, one row per session, with contact details.
// Who got a lot, as CSV for the recall call list: times in the clinic's `time_zone`, CRLF,
// formula cells neutralised, a UTF-8 BOM first when `bom` (for a spreadsheet).
std::string TraceCsv(const std::vector<store::TraceRow>& rows, std::string_view time_zone,
                     bool bom);

}  // namespace exo::app
