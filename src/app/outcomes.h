// Use cases for outcomes: record measurements (checked against the catalogue and the patient's
// first session), correct them (a new version pointing to the old one), list and chart them,
// patient portal links for questionnaires, the de-identified long-format export for
// statistics, and the outcome report PDF. One use case per file (record_measurement.cc, ...);
// the steps they share are in app/measurement_steps.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "core/messages.h"
#include "outcome/measures.h"
#include "store/audit_log.h"
#include "store/lot_store.h"
#include "store/outcome_store.h"
#include "store/patient_store.h"
#include "store/plan_store.h"
#include "store/safety_store.h"
#include "store/session_store.h"
#include "store/unit_of_work.h"
#include "treatment/clinic_settings.h"

namespace exo::app {

// What the outcome use cases work with (one file each): store interfaces, no other bundle.
struct OutcomeServices {
  store::OutcomeStore& outcomes;
  store::PatientStore& patients;
  const store::TreatmentSessionStore& sessions;  // time points, charts, export, report
  const store::PlanStore& plans;                 // export: each plan's interval
  const store::LotReader& lots;                  // export and report: the lot of a session
  const store::ScreeningStore& screenings;       // export: lifestyle from the intakes
  const store::SafetyStore& safety;              // report: adverse events
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const treatment::ClinicSettings& clinic;  // the portal page's time zone
  const std::vector<outcome::Measure>& catalogue;
};

Result<store::StoredMeasurement> RecordMeasurement(const OutcomeServices& s, const Actor& actor,
                                                   std::string_view json_text);
// {"value" | "answers" | "l_star"/"b_star", "reason"}: a new version of measurement `id`.
Result<store::StoredMeasurement> CorrectMeasurement(const OutcomeServices& s, const Actor& actor,
                                                    int64_t id, std::string_view json_text);
// Every version, by date.
Result<std::vector<store::StoredMeasurement>> PatientMeasurements(const OutcomeServices& s,
                                                                  const Actor& actor,
                                                                  int64_t patient_id);
// The current versions of one measure as an SVG chart with the session dates marked.
Result<std::string> MeasureChartSvg(const OutcomeServices& s, const Actor& actor,
                                    int64_t patient_id, const std::string& measure_id, Lang lang);

struct CreatedPortalLink {
  store::PortalLink link;
  std::string token;  // shown once; only its hash is stored
  std::string path;   // "/portal/<token>"
};
// {"measures": ["phq9", ...] (questionnaires the patient records), "days": 1-30 (default 7)}.
Result<CreatedPortalLink> CreatePortalLink(const OutcomeServices& s, const Actor& actor,
                                           int64_t patient_id, std::string_view json_text);
Status RevokePortalLink(const OutcomeServices& s, const Actor& actor, int64_t link_id);

struct PortalView {
  store::PortalLink link;
  std::vector<const outcome::Measure*> measures;
  std::vector<std::string> done;  // measures already submitted through this link
  std::string time_zone;          // the clinic's, for the dates the page shows
};
// A link seen through its token: kNotFound "err.portal_expired" when unknown, revoked or past.
Result<PortalView> OpenPortal(const OutcomeServices& s, const std::string& token);
// Stores the patient's answers ({"answers": [...]}) as a measurement dated today; once per
// questionnaire and link (kConflict after that).
Result<store::StoredMeasurement> SubmitPortal(const OutcomeServices& s, const std::string& token,
                                              const std::string& measure_id,
                                              std::string_view json_text);

// Current questionnaire results that carry an alert (PHQ-9 item 9 answered above 0 or left
// blank): same-day follow-up by a clinician. Newest first.
Result<std::vector<store::StoredMeasurement>> QuestionnaireAlerts(const OutcomeServices& s,
                                                                  const Actor& actor);

struct ExportOptions {
  bool age_bands = false;  // ages as "30-39" instead of years
  bool bom = false;        // a UTF-8 byte-order mark first (for a spreadsheet)
  // Only the rows of this measure (the analysis of one measure); "" every measure. Patients
  // without a row of it are not read at all.
  std::string measure;
};
// One row per patient, measure and time point (current versions only), de-identified: a
// pseudonymous key, dates shifted by a per-patient offset (-180..180 days, stable), no names.
// CSV with CRLF line ends, numbers as people write them, formula-like cells neutralised.
Result<std::string> ExportOutcomesCsv(const OutcomeServices& s, const Actor& actor,
                                      const ExportOptions& options);

// Baseline against latest per measure, a chart per measure, adverse events.
Result<std::string> OutcomeReportPdf(const OutcomeServices& s, const Actor& actor,
                                     int64_t patient_id, Lang lang);

}  // namespace exo::app
