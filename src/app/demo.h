// Demo data for a new installation (`exoclinic demo`, loaded by the README's run command):
// four realistic lots that show what the QC evaluation does.
#pragma once

#include "app/lots.h"

namespace exo::app {

// Imports the demo lots that are not there yet (matched by manufacturer and lot number) and
// releases the fully documented one. Dates are relative to the clock's today, so the demo
// stays meaningful. Returns the number of lots added.
Result<int> LoadDemo(const LotServices& s, const Actor& actor);

// The certificate of the lot the demo clinic's patients were treated from: the fully documented
// umbilical-cord product, manufactured 330 days before `today`, expiring 200 days after it.
std::string DemoTreatmentLotCertificate(Date today);

}  // namespace exo::app
