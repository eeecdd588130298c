// The steps the lot use cases share (plain functions, no audit entries): a lot's stored
// certificate parsed and evaluated once, a lot row read again after a change, one lot event
// applied with its audit entry, and the expiry of lots past their date.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/audit.h"
#include "app/lots.h"

namespace exo::app {

// The state's name when a lot in it can be used by no route (recalled, destroyed, expired): the
// QC report says so (QcContext::unusable_state); "" otherwise.
std::string UnusableState(product::LotState state);

// The lot with its certificate parsed and evaluated on `today` (kInternal when the stored
// certificate no longer parses).
Result<LotView> EvaluateLot(const product::QcRules& rules, Date today, product::Lot lot);

// FindLot, then EvaluateLot today, with the names of the clinic's staff (LotView::staff).
Result<LotView> LoadLotView(const LotServices& s, product::ClinicId clinic, product::LotId id);

// Replaces view.lot by the stored row (after a change) and reads the staff names again. The
// evaluation is redone when the change made the lot unusable (a recall or destruction blocks
// every route), so a reply never shows the verdict from before the change.
Status ReloadLot(const LotServices& s, product::ClinicId clinic, LotView& view);

// Applies `event` (stamped now, by `actor`) to the lot and appends `note`, in one unit of work.
Status ApplyAuditedEvent(const LotServices& s, const Actor& actor, product::LotId id,
                         product::LotEvent event, const AuditNote& note);

// Stores a lot from its evaluated certificate (quarantined, with its import event and audit
// entry in one unit of work); kInvalid "/lot/number" when the certificate names no lot.
Result<LotView> InsertImportedLot(const LotServices& s, const Actor& actor,
                                  std::string_view certificate_json, Evaluation eval,
                                  const product::QcContext& ctx, std::optional<int> vials);

// Quarantine, recall or destroy `lot`: a refused transition is audited as failed and returned.
Status ApplyTransition(const LotServices& s, const Actor& actor, const product::Lot& lot,
                       product::LotAction action, const std::string& reason);

// Moves the clinic's quarantined and released lots past their expiry date to `expired`
// (actor "system", one audited change per lot). Returns how many lots changed.
Result<int> ExpireLotsOf(const LotServices& s, product::ClinicId clinic);

std::string LotObject(product::LotId id);

}  // namespace exo::app
