#include "app/dashboard.h"

#include <map>

namespace exo::app {

namespace {

// The patients' names, each read once.
class Names {
 public:
  Names(const store::PatientStore& patients, int64_t clinic)
      : patients_(patients), clinic_(clinic) {}

  Result<PatientName> Of(int64_t id) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    auto p = patients_.FindPatient(clinic_, id);
    if (!p) return p.error();
    PatientName n{p->id, p->patient_number, p->name_kanji, p->name_kana};
    cache_.emplace(id, n);
    return n;
  }

  // Each item of `list` with its patient (`id_of(item)`).
  template <typename T, typename IdOf>
  Status Attach(std::vector<T> list, IdOf id_of, std::vector<ForPatient<T>>& into) {
    for (auto& x : list) {
      auto n = Of(id_of(x));
      if (!n) return n.error();
      into.push_back({std::move(x), std::move(*n)});
    }
    return OkStatus();
  }

 private:
  const store::PatientStore& patients_;
  int64_t clinic_;
  std::map<int64_t, PatientName> cache_;
};

bool Allows(const Actor& actor, auth::Permission p) {
  const auto role = AuthRoleOf(actor.role);
  return role && auth::RoleAllows(*role, p);
}

}  // namespace

Result<Dashboard> ShowDashboard(const OutcomeServices& o, const Actor& actor, Date day) {
  const SessionServices& s = o.sessions;
  Dashboard d;
  d.day = day;
  auto today = DaySchedule(s, actor, day);
  if (!today) return today.error();
  d.today = std::move(*today);
  d.clinical = Allows(actor, auth::Permission::kReadClinical);
  d.signs_off = d.clinical && Allows(actor, auth::Permission::kSignOff);
  if (!d.clinical) return d;
  Names names(s.patients, actor.clinic_id);
  auto due = DueFollowUps(s, actor, day);
  if (!due) return due.error();
  if (auto st = names.Attach(
          std::move(*due), [](const auto& f) { return f.patient_id; }, d.followups);
      !st)
    return st.error();
  if (!d.signs_off) return d;
  auto unsigned_screenings = s.screenings.ListUnsignedScreenings(actor.clinic_id);
  if (!unsigned_screenings) return unsigned_screenings.error();
  if (auto st = names.Attach(
          std::move(*unsigned_screenings), [](const auto& x) { return x.patient_id; }, d.sign_offs);
      !st)
    return st.error();
  auto drafts = s.plans.ListPlansByStatus(actor.clinic_id, store::PlanStatus::kDraft);
  if (!drafts) return drafts.error();
  if (auto st = names.Attach(
          std::move(*drafts), [](const auto& x) { return x.patient_id; }, d.drafts);
      !st)
    return st.error();
  auto alerts = Alerts(o.safety, actor);
  if (!alerts) return alerts.error();
  if (auto st = names.Attach(
          std::move(*alerts), [](const auto& x) { return x.event.patient_id; }, d.alerts);
      !st)
    return st.error();
  auto questionnaires = QuestionnaireAlerts(o, actor);
  if (!questionnaires) return questionnaires.error();
  if (auto st = names.Attach(
          std::move(*questionnaires), [](const auto& x) { return x.entry.patient_id; },
          d.questionnaire_alerts);
      !st)
    return st.error();
  auto signals = LotSignals(o.safety, actor);
  if (!signals) return signals.error();
  for (auto& x : *signals)
    if (x.signal.flagged) d.signals.push_back(std::move(x));
  return d;
}

}  // namespace exo::app
