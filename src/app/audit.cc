#include "app/audit.h"

#include <cstdio>
#include <mutex>
#include <utility>

namespace exo::app {

struct DeferredAudit::State {
  std::mutex mu;
  int written = 0;             // guarded by mu
  int pending = 0;             // written, not yet stored; guarded by mu
  bool closed = false;         // Then() was called; guarded by mu
  std::function<void()> done;  // guarded by mu
  bool allowed_later = false;  // DeferredAudit::Wait::kAllowedReadsLater; set before sharing

  // One of the entries is stored.
  void Stored() {
    std::function<void()> run;
    {
      std::lock_guard lock(mu);
      if (--pending == 0 && closed) run = std::move(done);
    }
    if (run) run();
  }
};

namespace {

// The DeferredAudit open on this thread, if any.
thread_local std::shared_ptr<DeferredAudit::State> t_deferred;

void ReportFailure(const std::string& action, const std::string& object) {
  // Losing an audit entry must be visible to the operator; it carries no patient data.
  std::fprintf(stderr, "exoclinic: audit log write failed for %s %s\n", action.c_str(),
               object.c_str());
}

store::AuditEntry EntryOf(const Clock& clock, const Actor& actor, const std::string& action,
                          const std::string& object, store::AuditOutcome outcome,
                          const std::string& detail) {
  store::AuditEntry e;
  e.at = clock.Now();
  e.actor = actor.name;
  e.role = std::string(ActorRoleName(actor.role));
  e.clinic_id = actor.clinic_id;
  e.action = action;
  e.object = object;
  e.outcome = outcome;
  e.detail = detail;
  return e;
}

}  // namespace

DeferredAudit::DeferredAudit(Wait wait) : state_(std::make_shared<State>()) {
  EXO_CHECK(t_deferred == nullptr, "a DeferredAudit is open on this thread already");
  state_->allowed_later = wait == Wait::kAllowedReadsLater;
  t_deferred = state_;
}

DeferredAudit::~DeferredAudit() {
  if (open_) t_deferred.reset();
}

int DeferredAudit::entries() const {
  std::lock_guard lock(state_->mu);
  return state_->written;
}

void DeferredAudit::Then(std::function<void()> done) {
  EXO_CHECK(open_, "DeferredAudit::Then called twice");
  open_ = false;
  t_deferred.reset();
  {
    std::lock_guard lock(state_->mu);
    state_->closed = true;
    if (state_->pending > 0) {
      state_->done = std::move(done);
      return;
    }
  }
  done();
}

Status AppendAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                   const std::string& action, const std::string& object,
                   store::AuditOutcome outcome, const std::string& detail) {
  return audit.Append(EntryOf(clock, actor, action, object, outcome, detail));
}

void RecordAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                 const std::string& action, const std::string& object, store::AuditOutcome outcome,
                 const std::string& detail) {
  const store::AuditEntry e = EntryOf(clock, actor, action, object, outcome, detail);
  if (t_deferred != nullptr && t_deferred->allowed_later &&
      outcome == store::AuditOutcome::kAllowed) {
    {
      std::lock_guard lock(t_deferred->mu);
      ++t_deferred->written;
    }
    audit.AppendLater(e, [action, object](const Status& st) {
      if (!st) ReportFailure(action, object);
    });
    return;
  }
  if (t_deferred != nullptr) {
    {
      std::lock_guard lock(t_deferred->mu);
      ++t_deferred->written;
      ++t_deferred->pending;
    }
    audit.AppendThen(e, [state = t_deferred, action, object](const Status& st) {
      if (!st) ReportFailure(action, object);
      state->Stored();
    });
    return;
  }
  if (auto st = audit.Append(e); !st) ReportFailure(action, object);
}

std::string PatientObject(int64_t patient_id) { return "patient/" + std::to_string(patient_id); }

}  // namespace exo::app
