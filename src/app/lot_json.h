// JSON views of lots for the CLI (--format json) and the HTTP API (docs/api.md).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/error_json.h"
#include "app/lots.h"
#include "core/messages.h"

namespace exo::app {

// An event's reason as people read it: the person's own words as given; a reason the system
// gave (the expiry job's "expired on 2026-12-01") from the catalogue in `lang`.
std::string LotEventReason(const product::Lot& lot, const product::LotEvent& e, Lang lang);

// A lot without certificate and events (for lists).
nlohmann::json LotSummaryToJson(const product::Lot& lot, Lang lang);
// A lot with its events, the certificate as imported and the QC report of today: the members
// of LotHeadToJson and LotEvaluationToJson together.
nlohmann::json LotViewToJson(const LotView& view, Lang lang);
// The summary with "events": what changes with every event or stock change (an override's
// criterion titled from `rules`).
nlohmann::json LotHeadToJson(const product::Lot& lot, const product::QcRules& rules,
                             const StaffNames& staff, Lang lang);
// {"certificate", "qc"}: what depends only on the inputs of app/lot_report_cache.h.
nlohmann::json LotEvaluationToJson(const LotView& view, Lang lang);

}  // namespace exo::app
