// Demo data for a new installation (`exoclinic demo`, loaded by the README's run command):
// four realistic lots that show what the QC evaluation does.
#pragma once

#include "app/lots.h"

namespace exo::app {

// Imports the demo lots that are not there yet (matched by manufacturer and lot number) and
// releases the fully documented one. Dates are relative to the clock's today, so the demo
// stays meaningful. Returns the number of lots added.
Result<int> LoadDemo(const LotServices& s, const Actor& actor);

// The certificate of the demo clinic's lot number `k` (1-based, UC-DEMO-CLINIC-0k): the fully
// documented umbilical-cord product, manufactured `manufactured_days_ago` days before `today` and
// expiring 540 days after its manufacture.
std::string DemoTreatmentLotCertificate(Date today, int k, int manufactured_days_ago);

}  // namespace exo::app
