// Use cases of the lot register: one function per user action. Each records itself in the
// audit log; the caller has authenticated and authorised the actor.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/clock.h"
#include "app/lot_report_cache.h"
#include "app/staff_names.h"
#include "core/result.h"
#include "product/certificate.h"
#include "product/lot.h"
#include "product/qc_evaluation.h"
#include "product/qc_rules.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/lot_store.h"
#include "store/unit_of_work.h"

namespace exo::app {

// What the lot use cases work with. All references must outlive the call.
struct LotServices {
  store::LotReader& reader;
  store::LotWriter& writer;
  store::AuditWriter& audit;
  store::UnitOfWork& uow;  // each change commits with its audit entry
  const Clock& clock;
  const product::QcRules& rules;
  const store::UserStore& users;  // who acted, by name (staff_names.h)
  // Rendered evaluations kept between reads (ShowLotJson); null: evaluated on every read.
  LotReportCache* report_cache;
};

// A lot with its certificate parsed and evaluated today (all routes).
struct LotView {
  product::Lot lot;
  product::Certificate certificate;
  product::QcReport report;  // points into LotServices::rules
  product::QcContext context;
  // The stored certificate as parsed once (rendered as imported). Shared, not owned: a view is
  // copied into results (recall, public page) and the document never changes.
  std::shared_ptr<const nlohmann::json> document;
  // The display names of those in the lot's history; empty on the public page.
  StaffNames staff;
};

// Registers a lot from a certificate; it starts in quarantine. `vials` is the stock received.
Result<LotView> ImportLot(const LotServices& s, const Actor& actor,
                          std::string_view certificate_json, std::optional<int> vials);

// Releases the lot for `routes`; against a not_releasable verdict each blocking criterion needs
// its own reason in `overrides` (see product::PlanRelease). The audit entry names the routes
// and every overridden criterion.
Result<LotView> ReleaseLot(const LotServices& s, const Actor& actor, product::LotId id,
                           RouteSet routes, const product::OverrideReasons& overrides);

// Quarantine, recall or destroy (reason required for recall and destroy).
Result<LotView> TransitionLot(const LotServices& s, const Actor& actor, product::LotId id,
                              product::LotAction action, const std::string& reason);

// Reads: they change nothing but their audit entry (lots past their date expire in
// app/expire_lots.h, not here). Reading one lot records "lot.read" (object lot/ID).
Result<LotView> ShowLot(const LotServices& s, const Actor& actor, product::LotId id);
// ShowLot rendered as JSON text (LotViewToJson's members; the certificate and QC report come
// from s.report_cache when their inputs are unchanged, see app/lot_report_cache.h).
Result<std::string> ShowLotJson(const LotServices& s, const Actor& actor, product::LotId id,
                                Lang lang);
Result<std::vector<product::Lot>> ListLots(const LotServices& s, const Actor& actor,
                                           const store::LotFilter& filter);
// The register: each lot with its certificate evaluated today (for the verdict per route).
Result<std::vector<LotView>> ListLotViews(const LotServices& s, const Actor& actor,
                                          store::LotFilter filter);

// Evaluates a certificate without storing anything.
struct Evaluation {
  product::Certificate certificate;
  product::QcReport report;
  std::shared_ptr<const nlohmann::json> document;  // as parsed
};
Result<Evaluation> EvaluateCertificate(const product::QcRules& rules,
                                       std::string_view certificate_json,
                                       const product::QcContext& context);

}  // namespace exo::app
