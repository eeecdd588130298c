// Use cases: show one lot with its QC report, list lots, evaluate a certificate.
#include "app/lots.h"

namespace exo::app {

Result<Evaluation> EvaluateCertificate(const product::QcRules& rules,
                                       std::string_view certificate_json,
                                       const product::QcContext& context) {
  auto cert = product::ParseCertificate(certificate_json);
  if (!cert) return cert.error();
  Evaluation e{std::move(*cert), {}};
  e.report = product::EvaluateCoa(e.certificate, rules, context);
  return e;
}

namespace {

Result<LotView> View(const LotServices& s, const Actor& actor, product::LotId id) {
  auto lot = s.reader.FindLot(actor.clinic_id, id);
  if (!lot) return lot.error();
  product::QcContext ctx;
  ctx.today = s.clock.Today();
  auto eval = EvaluateCertificate(s.rules, lot->certificate_json, ctx);
  if (!eval)
    return Internal("stored certificate of lot " + std::to_string(id) + " no longer parses");
  return LotView{std::move(*lot), std::move(eval->certificate), std::move(eval->report), ctx};
}

}  // namespace

Result<LotView> ShowLot(const LotServices& s, const Actor& actor, product::LotId id) {
  if (auto expired = ExpireDueLots(s, actor.clinic_id); !expired) return expired.error();
  return View(s, actor, id);
}

Result<std::vector<LotView>> ListLotViews(const LotServices& s, const Actor& actor,
                                          const store::LotFilter& filter) {
  auto lots = ListLots(s, actor, filter);
  if (!lots) return lots.error();
  std::vector<LotView> out;
  out.reserve(lots->size());
  for (const auto& lot : *lots) {
    auto v = View(s, actor, lot.id);
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

Result<std::vector<product::Lot>> ListLots(const LotServices& s, const Actor& actor,
                                           const store::LotFilter& filter) {
  if (auto expired = ExpireDueLots(s, actor.clinic_id); !expired) return expired.error();
  return s.reader.ListLots(actor.clinic_id, filter);
}

}  // namespace exo::app
