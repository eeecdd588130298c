// Use cases of the front desk (受付): a patient checks in on arrival, a mistaken check-in is
// undone, and the day's check-ins are read beside the day's treatment list. The time is the
// moment a person taps 「受付」 (the clock's, not a value anyone measures); appointments and
// payments join this bundle later.
#pragma once

#include <cstdint>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/date.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/front_desk_store.h"
#include "store/patient_store.h"
#include "store/unit_of_work.h"

namespace exo::app {

struct FrontDeskServices {
  store::FrontDeskStore& front_desk;
  store::PatientStore& patients;
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const store::UserStore& users;  // who checked a patient in, by name (staff_names.h)
};

// Checks the patient in now, on the clinic's today. kNotFound for another clinic's patient;
// kConflict (err.already_checked_in) when the patient is checked in today already.
Result<store::CheckIn> CheckInPatient(const FrontDeskServices& s, const Actor& actor,
                                      int64_t patient_id);

// Undoes a check-in tapped by mistake (the row stays, marked undone); kConflict when undone
// already.
Status UndoCheckIn(const FrontDeskServices& s, const Actor& actor, int64_t check_in_id);

// Whether a read records its own audit entry, or is part of a read that records one (the day's
// list, the dashboard), so one page is one entry.
enum class ReadAudit { kRecord, kPartOfAnotherRead };

// The day's check-ins that stand, earliest first.
Result<std::vector<store::CheckIn>> DayCheckIns(const FrontDeskServices& s, const Actor& actor,
                                                Date day, ReadAudit audit = ReadAudit::kRecord);

}  // namespace exo::app
