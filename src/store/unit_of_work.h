// A unit of work: changes made through the stores that commit together or not at all. A use
// case runs a change and its audit entry in one unit, so neither is stored without the other.
//
// Contract for implementations:
// - Run(work) calls `work` once. Every store call `work` makes on the calling thread joins the
//   unit; store methods that open a transaction of their own (InsertLot, ApplyLotEvent,
//   InsertTreatmentSession, InsertMeasurement, ...) become savepoints inside it.
// - `work` returns ok: the unit commits, and Run returns ok (or the commit's error).
//   `work` returns an error: everything it changed is rolled back and Run returns that error.
//   `work` throws: everything is rolled back and Run returns kInternal; nothing propagates.
// - A Run inside `work` is a nested unit (a savepoint): its failure undoes only its own
//   changes, and the outer `work` decides what to do with the error.
// - Other threads neither see a unit's changes before it commits nor write into it.
// The SQLite store holds its connection's lock for the whole unit. A PostgreSQL store would
// bind one pooled connection to the calling thread for the duration of Run (BEGIN ... COMMIT
// on that connection, SAVEPOINTs for nested units and for store methods' own transactions),
// and its store methods would use the bound connection when there is one.
#pragma once

#include <functional>

#include "core/result.h"

namespace exo::store {

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual Status Run(const std::function<Status()>& work) = 0;

  // Runs `work`, which only reads: every query it makes through the stores on the calling
  // thread sees one moment, and costs one read transaction instead of one each (SQLite: a
  // transaction on the thread's reader connection; PostgreSQL: one pooled connection bound for
  // the duration, BEGIN READ ONLY). Audit entries written on their own are not changes and may
  // be appended meanwhile; a change (Run, or a store method that writes) inside `work` fails
  // with kInternal and stores nothing. Nests. An exception in `work` becomes kInternal.
  // Without a snapshot to offer (an in-memory database), `work` runs as it is.
  virtual Status Read(const std::function<Status()>& work) = 0;
};

}  // namespace exo::store
