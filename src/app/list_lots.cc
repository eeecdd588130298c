// Use case: list the lot register, as rows or with each certificate evaluated today (the
// verdict per route). A read: it changes nothing.
#include "app/lot_view.h"

namespace exo::app {

Result<std::vector<product::Lot>> ListLots(const LotServices& s, const Actor& actor,
                                           const store::LotFilter& filter) {
  return s.reader.ListLots(actor.clinic_id, filter);
}

Result<std::vector<LotView>> ListLotViews(const LotServices& s, const Actor& actor,
                                          store::LotFilter filter) {
  filter.with_certificate = true;  // one query, no lookup per lot
  auto lots = s.reader.ListLots(actor.clinic_id, filter);
  if (!lots) return lots.error();
  const Date today = s.clock.Today();
  std::vector<LotView> out;
  out.reserve(lots->size());
  for (auto& lot : *lots) {
    auto v = EvaluateLot(s.rules, today, std::move(lot));
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace exo::app
