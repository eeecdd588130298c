// The de-identified long-format outcome table, shared by the export and the analysis use cases
// (plain functions, not use cases).
#pragma once

#include <cstddef>
#include <string>

#include "app/outcomes.h"

namespace exo::app {

struct OutcomeExport {
  std::string csv;
  size_t rows = 0;      // measurements exported
  size_t patients = 0;  // patients among them
};

// The table ExportOutcomesCsv returns (see there). Records nothing; the first export stores the
// de-identification salt.
Result<OutcomeExport> BuildOutcomeExport(const OutcomeServices& s, const Actor& actor,
                                         const ExportOptions& options);

// The audit entry of an export ("outcomes.export", with its counts; never patient data).
void RecordOutcomeExport(const OutcomeServices& s, const Actor& actor, const OutcomeExport& out,
                         const ExportOptions& options);

}  // namespace exo::app
