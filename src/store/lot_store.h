// Store interfaces for the lot register, split by need: readers and writers. Implemented by
// store/sqlite (and later store/postgres); one contract test suite runs on each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "product/lot.h"

namespace exo::store {

using product::ClinicId;
using product::Lot;
using product::LotEvent;
using product::LotId;

struct LotFilter {
  std::optional<product::LotState> state;
  std::optional<Date> expires_before;  // only lots with a known expiry before this day
  bool with_certificate = false;       // also read certificate_json (for evaluation)
};

class LotReader {
 public:
  virtual ~LotReader() = default;
  // The lot with its events; kNotFound for an unknown id or a lot of another clinic.
  virtual Result<Lot> FindLot(ClinicId clinic, LotId id) const = 0;
  // Lot::revision of the lot as FindLot would return it now, without reading the lot; the
  // same kNotFound as FindLot.
  virtual Result<product::LotRevision> FindLotRevision(ClinicId clinic, LotId id) const = 0;
  // Lots without their events (and without the certificate text unless asked), newest first.
  virtual Result<std::vector<Lot>> ListLots(ClinicId clinic, const LotFilter& filter) const = 0;
  // The lot behind a public transparency token, whatever its clinic (the token is unguessable).
  virtual Result<Lot> FindLotByToken(const std::string& public_token) const = 0;
  virtual Result<std::optional<LotId>> FindLotByNumber(ClinicId clinic,
                                                       const std::string& manufacturer,
                                                       const std::string& lot_number) const = 0;
};

class LotWriter {
 public:
  virtual ~LotWriter() = default;
  // Inserts the lot (id, events ignored) with its import event; returns the new id.
  // kConflict if the clinic already has this manufacturer and lot number.
  virtual Result<LotId> InsertLot(const Lot& lot, const LotEvent& import_event) = 0;
  // Applies a planned event atomically: fails with kConflict if the lot is no longer in
  // `event.from` (someone else changed it). Release replaces the released routes.
  virtual Status ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& event) = 0;
};

}  // namespace exo::store
