// Use cases for patients and their screenings. Every read of patient data and every change is
// recorded in the audit log (object "patient/ID", never names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/result.h"
#include "screening/screen.h"
#include "store/audit_log.h"
#include "store/patient_store.h"
#include "store/unit_of_work.h"

namespace exo::app {

struct PatientServices {
  store::PatientStore& patients;
  store::ScreeningStore& screenings;
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const screening::ScreeningRules& rules;
};

// Where a patient record comes from: a person registering a real patient, or the demo clinic
// (app/demo_clinic.h) adding a fictitious one, marked as such on every page and document.
enum class PatientOrigin { kRegistered, kSyntheticDemo };

Result<treatment::Patient> RegisterPatient(const PatientServices& s, const Actor& actor,
                                           std::string_view patient_json,
                                           PatientOrigin origin = PatientOrigin::kRegistered);
Result<treatment::Patient> ShowPatient(const PatientServices& s, const Actor& actor, int64_t id);
// Whether the actor's clinic holds demo patients (the pages then say that it holds demo data).
// Reads no patient's data.
Result<bool> ClinicHoldsDemoData(const PatientServices& s, const Actor& actor);
Result<std::vector<treatment::Patient>> SearchPatients(const PatientServices& s, const Actor& actor,
                                                       const std::string& query);

// Screens the intake against the clinic's rules and stores intake and result.
Result<store::StoredScreening> RecordScreening(const PatientServices& s, const Actor& actor,
                                               int64_t patient_id, std::string_view intake_json);
Result<std::vector<store::StoredScreening>> ListScreenings(const PatientServices& s,
                                                           const Actor& actor, int64_t patient_id);
// A physician signs off a screening with a note; once only.
Result<store::StoredScreening> SignOffScreening(const PatientServices& s, const Actor& actor,
                                                int64_t screening_id, const std::string& note);

}  // namespace exo::app
