// Use case: a lot seen through its public token: product, origin and QC only.
#include "app/lot_view.h"
#include "app/sessions.h"

namespace exo::app {

Result<LotView> PublicLot(const LotServices& lots, const std::string& public_token) {
  if (public_token.size() != 32 ||
      public_token.find_first_not_of("0123456789abcdef") != std::string::npos)
    return NotFound("lot", "token");
  auto lot = lots.reader.FindLotByToken(public_token);
  if (!lot) return lot.error();
  return EvaluateLot(lots.rules, lots.clock.Today(), std::move(*lot));
}

}  // namespace exo::app
