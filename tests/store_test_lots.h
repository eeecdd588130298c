// Test helper: lots and lot events for the store tests.
#pragma once

#include <string>

#include "audit/entry.h"
#include "store/lot_store.h"

namespace exo::testing {

using product::LotAction;
using product::LotState;
using store::Lot;
using store::LotEvent;

// An audit entry by a physician of clinic 1, at a fixed time.
inline audit::AuditEntry PhysicianEntry(const std::string& action, const std::string& object) {
  audit::AuditEntry e;
  e.at = {5};
  e.actor = "dr";
  e.role = "physician";
  e.clinic_id = 1;
  e.action = action;
  e.object = object;
  return e;
}

inline Lot NewLot(const std::string& number, const std::string& expires = "2027-01-01") {
  Lot lot;
  lot.clinic_id = 1;
  lot.lot_number = number;
  lot.product_name = "P";
  lot.manufacturer = "M";
  lot.expires_on = Date::Parse(expires);
  lot.certificate_json = R"({"schema":"exoclinic.certificate/1"})";
  lot.public_token = "token-" + number;
  lot.imported_at = {1000};
  lot.vials_in_stock = 5;
  return lot;
}

inline LotEvent Import() {
  LotEvent e;
  e.at = {1000};
  e.actor = "tester";
  e.action = LotAction::kImport;
  e.to = LotState::kQuarantined;
  return e;
}

inline LotEvent Release(RouteSet routes, bool override) {
  LotEvent e;
  e.at = {2000};
  e.actor = "dr";
  e.action = LotAction::kRelease;
  e.from = LotState::kQuarantined;
  e.to = LotState::kReleased;
  e.routes = routes;
  e.override = override;
  if (override)
    e.overridden = {{"tests.endotoxin", routes, "LAL report on file"},
                    {"manufacturing.gmp", routes, "GMP certificate seen on site"}};
  return e;
}

}  // namespace exo::testing
