// The wiring, once: every clinic-editable rule file loaded into one RuleSet, and every service
// bundle the adapters call built over the store interfaces, a rule set and a clock. The command
// line, `exoclinic serve` and the test fixture all build their services here.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/clock.h"
#include "app/consents.h"
#include "app/demo_clinic.h"
#include "app/front_desk.h"
#include "app/lots.h"
#include "app/outcomes.h"
#include "app/patients.h"
#include "app/plans.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "auth/session_policy.h"
#include "consent/consent.h"
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
#include "store/stores.h"
#include "treatment/aftercare.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

// Every rule file of a rules folder (rules/ by default).
struct RuleSet {
  product::QcRules qc;                                         // qc.toml
  screening::ScreeningRules screening;                         // screening.toml, medications.toml
  treatment::ClinicSettings clinic;                            // clinic.toml
  std::vector<treatment::Alternative> alternatives;            // alternatives.toml
  std::map<Lang, consent::ConsentTemplate> consent_templates;  // consent/ja.toml, consent/en.toml
  std::vector<std::string> ae_terms;                           // ae_terms.toml
  std::vector<outcome::Measure> measures;                      // measures.toml
  treatment::AftercareRules aftercare;                         // aftercare.toml
};

// Loads every rule file of `dir`; the first file that does not load is the error (naming it).
Result<RuleSet> LoadRuleSet(const std::string& dir);

// Loads every rule file of `dir` into scratch objects first; only when all load are the objects
// of `into` replaced (all or nothing), so services holding references to them see the new rules.
// The caller makes sure no one reads `into` meanwhile (the server's reload_rules callback).
Status ReloadRuleSet(RuleSet& into, const std::string& dir);

// One reference per store interface and the unit of work; all must outlive the services built
// over them (store/stores.h).
using StoreRefs = store::Stores;

struct ServiceOptions {
  // The clinic's public address: the aftercare sheet's QR code links to its lot page.
  std::string public_base_url = "http://127.0.0.1:8080";
  auth::SessionPolicy session_policy;
};

// Every service bundle, built over one set of stores, rules and clock (all of which must outlive
// it). The bundles refer to each other and to the login limiters held here, so a Services object
// never moves: BuildServices returns it owned.
struct Services {
  Services(const StoreRefs& stores, const RuleSet& rules, const Clock& clock,
           ServiceOptions options);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  // Failed logins: 5 per account and 20 per address within 15 minutes.
  auth::LoginLimiter account_limiter{5, 900};
  auth::LoginLimiter address_limiter{20, 900};
  LotReportCache lot_reports;  // lot reads' rendered evaluations (before `lots`, which uses it)
  const LotServices lots;
  const AccountServices accounts;
  const PatientServices patients;
  const PlanServices plans;
  const ConsentServices consents;
  const SessionServices sessions;
  const AftercareServices aftercare;
  const SafetyServices safety;
  const OutcomeServices outcomes;
  const FrontDeskServices front_desk;  // check-ins (受付)
  const store::AuditReader& audit;     // the audit tools (app/audit_tools.h) and the audit API
};

std::unique_ptr<Services> BuildServices(const StoreRefs& stores, const RuleSet& rules,
                                        const Clock& clock, ServiceOptions options = {});

// The stores and rules the demo clinic writes with (app/demo_clinic.h).
DemoClinicStores DemoStoresOf(const StoreRefs& stores);
DemoClinicRules DemoRulesOf(const RuleSet& rules);

}  // namespace exo::app
