// Use case: show one lot with its history and today's QC report. A read: it changes nothing.
#include "app/lot_view.h"

namespace exo::app {

Result<LotView> ShowLot(const LotServices& s, const Actor& actor, product::LotId id) {
  return LoadLotView(s, actor.clinic_id, id);
}

}  // namespace exo::app
