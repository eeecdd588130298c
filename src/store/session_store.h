// Store interface for treatment sessions, follow-up tasks and lot traceability.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/enum_names.h"
#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

struct StoredSession {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  int64_t plan_id = 0;
  int64_t lot_id = 0;
  Timestamp performed_at;
  std::string operator_name;
  std::string route;
  std::string sites;  // comma-separated
  double dose_particles = 0;
  double volume_ml = 0;
  int vials_used = 0;
  std::string vitals_json;
  std::string reactions;
  std::string notes;
  std::string recorded_by;
  Timestamp recorded_at;
  // A physician's reason for a session sooner than the plan's interval ("" = none needed).
  std::string interval_override_reason;
};

enum class FollowUpKind { kAftercare, kRecall };
inline constexpr EnumName<FollowUpKind> kFollowUpKindNames[] = {
    {FollowUpKind::kAftercare, "aftercare"}, {FollowUpKind::kRecall, "recall"}};
constexpr std::string_view FollowUpKindName(FollowUpKind k) {
  return NameOf(kFollowUpKindNames, k);
}
constexpr std::optional<FollowUpKind> ParseFollowUpKind(std::string_view name) {
  return ValueOf(kFollowUpKindNames, name);
}

struct FollowUp {
  int64_t id = 0;
  int64_t clinic_id = 0;
  int64_t patient_id = 0;
  std::optional<int64_t> session_id;
  std::optional<int64_t> lot_id;
  Date due_on;
  FollowUpKind kind = FollowUpKind::kAftercare;
  std::string note;               // free text (a recall's reason); empty for aftercare tasks
  std::optional<int> days_after;  // aftercare: days after the session
  std::optional<Timestamp> done_at;
};

// One session of a lot with the patient's contact details, for a recall.
struct TraceRow {
  StoredSession session;
  std::string patient_number;
  std::string name_kanji;
  std::string name_kana;
  std::string phone;
  std::string email;
};

class TreatmentSessionStore {
 public:
  virtual ~TreatmentSessionStore() = default;
  // One transaction: inserts the session and its follow-ups and takes vials_used from the
  // lot's stock (when the stock is known). kConflict if the lot is no longer released or has
  // too few vials.
  virtual Result<int64_t> InsertTreatmentSession(const StoredSession& session,
                                                 const std::vector<FollowUp>& followups) = 0;
  virtual Result<StoredSession> FindTreatmentSession(int64_t clinic, int64_t id) const = 0;
  virtual Result<std::vector<StoredSession>> ListPatientSessions(int64_t clinic,
                                                                 int64_t patient_id) const = 0;
  // Every session given from the lot, oldest first, with contact details.
  virtual Result<std::vector<TraceRow>> TraceLot(int64_t clinic, int64_t lot_id) const = 0;
  virtual Status InsertFollowUps(const std::vector<FollowUp>& followups) = 0;
  // Open follow-ups due on or before `due_until` (all when nullopt), by due date.
  virtual Result<std::vector<FollowUp>> ListOpenFollowUps(int64_t clinic,
                                                          std::optional<Date> due_until) const = 0;
  virtual Result<FollowUp> FindFollowUp(int64_t clinic, int64_t id) const = 0;
  // Marks an open follow-up done; kConflict when it is done already, kNotFound when unknown.
  virtual Status CompleteFollowUp(int64_t clinic, int64_t id, Timestamp at) = 0;
};

}  // namespace exo::store
