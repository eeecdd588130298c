#include "app/services.h"

#include <utility>

#include "app/rules.h"
#include "core/rule_labels.h"

namespace exo::app {

Result<RuleSet> LoadRuleSet(const std::string& dir) {
  // The order in which a broken file is reported: QC first, as the command line always did.
  auto qc = LoadQcRules(dir);
  if (!qc) return qc.error();
  auto screening = LoadScreeningRules(dir);
  if (!screening) return screening.error();
  auto clinic = LoadClinicSettings(dir);
  if (!clinic) return clinic.error();
  auto alternatives = LoadAlternatives(dir);
  if (!alternatives) return alternatives.error();
  auto templates = LoadConsentTemplates(dir);
  if (!templates) return templates.error();
  std::map<std::string, std::string> ae_term_names;
  auto ae_terms = LoadAdverseEventTerms(dir, &ae_term_names);
  if (!ae_terms) return ae_terms.error();
  auto measures = LoadMeasures(dir);
  if (!measures) return measures.error();
  auto aftercare = LoadAftercare(dir);
  if (!aftercare) return aftercare.error();
  // Every place that shows a term shows its Japanese name (Label("ae_term", ...)).
  SetRuleLabels("ae_term", std::move(ae_term_names));
  return RuleSet{std::move(*qc),           std::move(*screening), std::move(*clinic),
                 std::move(*alternatives), std::move(*templates), std::move(*ae_terms),
                 std::move(*measures),     std::move(*aftercare)};
}

Status ReloadRuleSet(RuleSet& into, const std::string& dir) {
  auto loaded = LoadRuleSet(dir);
  if (!loaded) return loaded.error();
  const int64_t qc_version = into.qc.version;
  into = std::move(*loaded);
  into.qc.version = qc_version + 1;  // cached evaluations of the old rules no longer apply
  return OkStatus();
}

Services::Services(const StoreRefs& s, const RuleSet& rules, const Clock& clock,
                   ServiceOptions options)
    : lots{s.lot_reader, s.lot_writer, s.audit_writer, s.unit_of_work,
           clock,        rules.qc,     s.users,        &lot_reports},
      accounts{s.users, s.login_sessions,       s.tokens,        s.audit_writer, s.unit_of_work,
               clock,   options.session_policy, account_limiter, address_limiter},
      patients{s.patients, s.screenings, s.audit_writer, s.unit_of_work, clock, rules.screening},
      plans{s.plans,
            s.patients,
            s.screenings,
            s.lot_reader,
            s.treatment_sessions,
            s.audit_writer,
            s.unit_of_work,
            clock,
            rules.qc,
            rules.clinic,
            rules.alternatives,
            rules.screening},
      consents{plans, s.consents, s.users, rules.consent_templates},
      sessions{
          s.treatment_sessions, s.plans,        s.patients, s.screenings, s.lot_reader, s.consents,
          s.audit_writer,       s.unit_of_work, clock,      rules.clinic, s.users,      s.outcomes},
      aftercare{s.treatment_sessions,
                s.lot_reader,
                s.patients,
                s.audit_writer,
                clock,
                rules.aftercare,
                rules.clinic,
                std::move(options.public_base_url)},
      safety{s.safety,       s.patients, s.treatment_sessions, s.audit_writer,
             s.unit_of_work, clock,      rules.ae_terms},
      outcomes{s.outcomes,   s.patients,    s.treatment_sessions, s.plans,        s.lot_reader,
               s.screenings, s.safety,      s.audit_writer,       s.unit_of_work, clock,
               rules.clinic, rules.measures},
      front_desk{s.front_desk, s.patients, s.audit_writer, s.unit_of_work, clock, s.users},
      audit(s.audit_reader) {}

std::unique_ptr<Services> BuildServices(const StoreRefs& stores, const RuleSet& rules,
                                        const Clock& clock, ServiceOptions options) {
  return std::make_unique<Services>(stores, rules, clock, std::move(options));
}

DemoClinicStores DemoStoresOf(const StoreRefs& s) {
  return DemoClinicStores{s.lot_reader, s.lot_writer, s.patients,     s.screenings,
                          s.plans,      s.consents,   s.users,        s.treatment_sessions,
                          s.safety,     s.outcomes,   s.audit_writer, s.unit_of_work};
}

DemoClinicRules DemoRulesOf(const RuleSet& r) {
  return DemoClinicRules{r.qc,       r.screening, r.clinic, r.alternatives, r.consent_templates,
                         r.ae_terms, r.measures};
}

}  // namespace exo::app
