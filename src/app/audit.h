// Records one audited action. Use cases call this for every change (and every read of
// patient data) so the CLI and the server cannot drift; the server's dispatcher records
// denied attempts. The detail never holds patient data.
//
// A change and its entry commit together: RunAudited runs the change and appends its entry in
// one unit of work, so a failed append undoes the change. Reads and refused attempts change
// nothing and record their entry with RecordAudit, which reports a failed append on stderr.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/actor.h"
#include "app/clock.h"
#include "store/audit_log.h"
#include "store/unit_of_work.h"

namespace exo::app {

// Appends one entry; the store's error when it could not.
Status AppendAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                   const std::string& action, const std::string& object,
                   store::AuditOutcome outcome, const std::string& detail = "");

// Appends one entry for something that changed nothing (a read, a refusal); a failed append
// is reported on stderr (never silently lost) and does not fail the caller. Returns once the
// entry is stored, or at once while a DeferredAudit is open on this thread.
void RecordAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                 const std::string& action, const std::string& object, store::AuditOutcome outcome,
                 const std::string& detail = "");

// While one is open on a thread, the entries RecordAudit writes there are handed to the audit
// writer without waiting for them (AuditWriter::AppendThen), and the thread goes on. Then(done)
// closes it and runs `done` once every one of them is stored: at once (on this thread) when
// there were none or all are stored already, else on the thread that stored the last. The
// server opens one around a read-only request answered on the transport's own threads: its
// reply goes out after its entries are stored, and no thread sits waiting for them. Without
// Then, `done` is never run; the entries are stored all the same. One per thread at a time.
//
// Opened with kAllowedReadsLater (a lot read: no patient data), the entries of what was allowed
// are handed over with AuditWriter::AppendLater and not waited for (`done` does not wait for
// them; they are on disk within about a millisecond and one commit, and before the server
// closes); the entries of a refusal are still waited for.
class DeferredAudit {
 public:
  enum class Wait { kForEveryEntry, kAllowedReadsLater };
  explicit DeferredAudit(Wait wait = Wait::kForEveryEntry);
  ~DeferredAudit();
  DeferredAudit(const DeferredAudit&) = delete;
  DeferredAudit& operator=(const DeferredAudit&) = delete;

  // How many entries were written while it was open.
  int entries() const;
  // Closes it; `done` runs as said above. Call at most once.
  void Then(std::function<void()> done);

  struct State;  // shared with the writer's callbacks (app/audit.cc)

 private:
  std::shared_ptr<State> state_;
  bool open_ = true;
};

// The audit object of everything about one patient: "patient/<id>".
std::string PatientObject(int64_t patient_id);

// What a successful change writes to the audit log (outcome "allowed").
struct AuditNote {
  std::string action;
  std::string object;
  std::string detail;
};

// Runs `change()` (returning Result<T> or Status) and appends the entry `note(value)` in one
// unit of work: both are stored or neither. Returns the change's value, or the first error of
// the change, the append or the commit.
template <typename Change, typename Note>
auto RunAudited(store::UnitOfWork& uow, store::AuditWriter& audit, const Clock& clock,
                const Actor& actor, const Change& change, const Note& note) -> decltype(change()) {
  std::optional<decltype(change())> result;
  const Status committed = uow.Run([&]() -> Status {
    result.emplace(change());
    if (!*result) return result->error();
    const AuditNote n = note(**result);
    return AppendAudit(audit, clock, actor, n.action, n.object, store::AuditOutcome::kAllowed,
                       n.detail);
  });
  if (!committed) return committed.error();
  return std::move(*result);
}

}  // namespace exo::app
