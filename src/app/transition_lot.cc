// Use case: quarantine, recall or destroy a lot.
#include "app/lot_view.h"

namespace exo::app {

Result<LotView> TransitionLot(const LotServices& s, const Actor& actor, product::LotId id,
                              product::LotAction action, const std::string& reason) {
  auto view = LoadLotView(s, actor.clinic_id, id);
  if (!view) return view.error();
  if (auto st = ApplyTransition(s, actor, view->lot, action, reason); !st) return st.error();
  if (auto st = ReloadLot(s, actor.clinic_id, *view); !st) return st.error();
  return view;
}

}  // namespace exo::app
