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

// The lot with its stored certificate evaluated today.
Result<LotView> Evaluate(const LotServices& s, product::Lot lot) {
  product::QcContext ctx;
  ctx.today = s.clock.Today();
  auto eval = EvaluateCertificate(s.rules, lot.certificate_json, ctx);
  if (!eval)
    return Internal("stored certificate of lot " + std::to_string(lot.id) + " no longer parses");
  return LotView{std::move(lot), std::move(eval->certificate), std::move(eval->report), ctx};
}

}  // namespace

Result<LotView> ShowLot(const LotServices& s, const Actor& actor, product::LotId id) {
  if (auto expired = ExpireDueLots(s, actor.clinic_id); !expired) return expired.error();
  auto lot = s.reader.FindLot(actor.clinic_id, id);
  if (!lot) return lot.error();
  return Evaluate(s, std::move(*lot));
}

Result<std::vector<LotView>> ListLotViews(const LotServices& s, const Actor& actor,
                                          store::LotFilter filter) {
  filter.with_certificate = true;  // one query, no lookup per lot
  auto lots = ListLots(s, actor, filter);
  if (!lots) return lots.error();
  std::vector<LotView> out;
  out.reserve(lots->size());
  for (auto& lot : *lots) {
    auto v = Evaluate(s, std::move(lot));
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
