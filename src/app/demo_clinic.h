// A demo clinic's history for a new installation (`exoclinic demo --patients N`): patients
// with intake and screening, signed-off plans, consents, sessions over the past months, device
// and self-rated measurements every two weeks, a few adverse events, and follow-ups done on
// their due dates. Every record goes through the same use cases as real work, on a clock that
// walks through the past. The values are synthetic: they show how the pages and the analysis
// work, and say nothing about any product.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/actor.h"
#include "consent/consent.h"
#include "core/date.h"
#include "core/result.h"
#include "outcome/measures.h"
#include "product/qc_rules.h"
#include "screening/screening_rules.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/consent_store.h"
#include "store/lot_store.h"
#include "store/outcome_store.h"
#include "store/patient_store.h"
#include "store/plan_store.h"
#include "store/safety_store.h"
#include "store/session_store.h"
#include "store/unit_of_work.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

struct DemoClinicStores {
  store::LotReader& lot_reader;
  store::LotWriter& lot_writer;
  store::PatientStore& patients;
  store::ScreeningStore& screenings;
  store::PlanStore& plans;
  store::ConsentStore& consents;
  store::UserStore& users;
  store::TreatmentSessionStore& sessions;
  store::SafetyStore& safety;
  store::OutcomeStore& outcomes;
  store::AuditWriter& audit;
  store::UnitOfWork& unit_of_work;
};

struct DemoClinicRules {
  const product::QcRules& qc;
  const screening::ScreeningRules& screening;
  const treatment::ClinicSettings& clinic;
  const std::vector<treatment::Alternative>& alternatives;
  const std::map<Lang, consent::ConsentTemplate>& templates;
  const std::vector<std::string>& ae_terms;
  const std::vector<outcome::Measure>& measures;
};

struct DemoClinicLoaded {
  int patients = 0;  // added (0 when the demo clinic was there already)
  // Of their consents, how many were rendered on other threads while records were written
  // (each of the others was rendered when it was signed, as in real work).
  int consents_rendered_ahead = 0;
};

// Adds `patients` demo patients (numbers D0001...) and the lot they were treated from, ending
// `today`. Does nothing when D0001 exists. `progress(done, total)` after each patient.
// The free texts of the records (reactions, notes, adverse event descriptions) come from the
// catalogue in `lang` and say they are synthetic. The consents are rendered ahead on worker
// threads (app/pdf_prerenderer.h); every record is written on the calling thread.
Result<DemoClinicLoaded> LoadDemoClinic(const DemoClinicStores& stores,
                                        const DemoClinicRules& rules, const Actor& actor,
                                        Date today, int patients, Lang lang,
                                        const std::function<void(int, int)>& progress);

}  // namespace exo::app
