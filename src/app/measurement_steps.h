// The steps the outcome use cases share (plain functions, not use cases): the clinic day of a
// session, a measurement stored with its time point and audit entry, who may record a measure,
// a patient's measurements and one measure's chart, and a portal link seen through its token.
// Only StoreMeasurement writes (the measurement and its audit entry, in one unit of work).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/outcomes.h"
#include "report/chart.h"

namespace exo::app {

// The clinic's calendar day of a session (the clock knows the zone).
Date SessionDay(const OutcomeServices& s, Timestamp t);

// "a, b, c".
std::string JoinList(const std::vector<std::string>& v);

// Fills the time point (against the patient's first session), stores and audits
// ("measurement.create", or "measurement.correct" when `supersedes`). `entry` is already
// validated against the catalogue; an unknown patient is an error of "/patient_id".
Result<store::StoredMeasurement> StoreMeasurement(const OutcomeServices& s, const Actor& actor,
                                                  outcome::MeasurementEntry entry,
                                                  const std::string& source,
                                                  std::optional<int64_t> supersedes,
                                                  const std::string& reason);

// Staff may record a measure when their role is among its recorders; nurses also enter what
// patients and devices produced. Physician-only measures (GAIS physician) need a physician.
Status CheckRecorder(const outcome::Measure& m, const Actor& actor);

// Every version of the patient's measurements, by date; kNotFound for an unknown patient.
// Records nothing (the use case records its read).
Result<std::vector<store::StoredMeasurement>> LoadPatientMeasurements(const OutcomeServices& s,
                                                                      const Actor& actor,
                                                                      int64_t patient_id);

// The chart of measure `m` from `all` (current versions), with the patient's session dates.
Result<report::Chart> BuildMeasureChart(const OutcomeServices& s, const Actor& actor,
                                        int64_t patient_id, const outcome::Measure& m,
                                        const std::vector<store::StoredMeasurement>& all,
                                        Lang lang);

// The link of `token`: kNotFound "err.portal_expired" when unknown, revoked or past.
Result<store::PortalLink> ValidPortalLink(const OutcomeServices& s, const std::string& token);

// Who acts through a portal link: the patient, named by the link.
Actor PortalActor(const store::PortalLink& link);

}  // namespace exo::app
