#include "store/sqlite/sqlite_lot_store.h"

#include <string_view>
#include <utility>

#include "store/sqlite/internal/statement.h"

namespace exo::store {

using product::LotAction;
using product::LotState;
using sqlite::Params;
using sqlite::Statement;

namespace {

constexpr std::string_view kLotColumns =
    "id, clinic_id, lot_number, product_name, manufacturer, expires_on, state, released_routes, "
    "vials_in_stock, public_token, imported_at, has_override, revision, "
    "(SELECT staff_revision FROM clinics WHERE clinics.id = lots.clinic_id)";

Lot ReadLotRow(const Statement& s) {
  Lot lot;
  lot.id = s.Int(0);
  lot.clinic_id = s.Int(1);
  lot.lot_number = s.Text(2);
  lot.product_name = s.Text(3);
  lot.manufacturer = s.Text(4);
  if (!s.IsNull(5)) lot.expires_on = Date::Parse(s.Text(5));
  lot.state = product::ParseLotState(s.Text(6)).value_or(LotState::kQuarantined);
  lot.released_routes = ParseRouteSet(s.Text(7)).value_or(RouteSet());
  if (!s.IsNull(8)) lot.vials_in_stock = static_cast<int>(s.Int(8));
  lot.public_token = s.Text(9);
  lot.imported_at.unix_seconds = s.Int(10);
  lot.has_override = s.Int(11) != 0;
  lot.revision = {s.Int(12), s.Int(13)};
  return lot;
}

Lot ReadLotWithCertificate(const Statement& s) {
  Lot lot = ReadLotRow(s);
  lot.certificate_json = s.Text(14);
  return lot;
}

LotEvent ReadEventRow(const Statement& s) {
  LotEvent ev;
  ev.id = s.Int(0);
  ev.at.unix_seconds = s.Int(1);
  ev.actor = s.Text(2);
  ev.action = product::ParseLotAction(s.Text(3)).value_or(LotAction::kImport);
  if (!s.IsNull(4)) ev.from = product::ParseLotState(s.Text(4));
  ev.to = product::ParseLotState(s.Text(5)).value_or(LotState::kQuarantined);
  ev.routes = ParseRouteSet(s.Text(6)).value_or(RouteSet());
  ev.reason = s.Text(7);
  ev.override = s.Int(8) != 0;
  ev.overridden = product::OverridesFromText(s.Text(9), ev.reason);
  return ev;
}

std::optional<std::string> StateName(const std::optional<LotState>& state) {
  if (!state) return std::nullopt;
  return std::string(product::LotStateName(*state));
}

}  // namespace

Result<Lot> SqliteLotStore::FindLot(ClinicId clinic, LotId id) const {
  const sqlite::ReadSnapshot snapshot(db_);  // the lot and its events as of one moment
  auto lot =
      sqlite::QueryOne(db_,
                       "SELECT " + std::string(kLotColumns) +
                           ", certificate_json FROM lots WHERE id = ? AND clinic_id = ?",
                       {id, clinic}, ReadLotWithCertificate, NotFound("lot", std::to_string(id)));
  if (!lot) return lot.error();
  auto events = sqlite::QueryAll(db_,
                                 "SELECT id, at, actor, action, from_state, to_state, routes, "
                                 "reason, override, overridden FROM lot_events WHERE lot_id = ? "
                                 "ORDER BY id",
                                 {id}, ReadEventRow);
  if (!events) return events.error();
  lot->events = std::move(*events);
  return lot;
}

Result<product::LotRevision> SqliteLotStore::FindLotRevision(ClinicId clinic, LotId id) const {
  return sqlite::QueryOne(
      db_,
      "SELECT lots.revision, clinics.staff_revision FROM lots JOIN clinics ON clinics.id = "
      "lots.clinic_id WHERE lots.id = ? AND lots.clinic_id = ?",
      {id, clinic},
      [](const Statement& s) {
        return product::LotRevision{s.Int(0), s.Int(1)};
      },
      NotFound("lot", std::to_string(id)));
}

Result<std::vector<Lot>> SqliteLotStore::ListLots(ClinicId clinic, const LotFilter& filter) const {
  std::string sql = "SELECT " + std::string(kLotColumns) +
                    (filter.with_certificate ? ", certificate_json" : "") +
                    " FROM lots WHERE clinic_id = ?";
  Params params{clinic};
  if (filter.state) {
    sql += " AND state = ?";
    params.emplace_back(StateName(filter.state));
  }
  if (filter.expires_before) {
    sql += " AND expires_on IS NOT NULL AND expires_on < ?";
    params.emplace_back(filter.expires_before->ToString());
  }
  sql += " ORDER BY id DESC";
  if (filter.with_certificate) return sqlite::QueryAll(db_, sql, params, ReadLotWithCertificate);
  return sqlite::QueryAll(db_, sql, params, ReadLotRow);
}

Result<std::optional<LotId>> SqliteLotStore::FindLotByNumber(ClinicId clinic,
                                                             const std::string& manufacturer,
                                                             const std::string& lot_number) const {
  return sqlite::QueryOptional(
      db_, "SELECT id FROM lots WHERE clinic_id = ? AND manufacturer = ? AND lot_number = ?",
      {clinic, manufacturer, lot_number}, [](const Statement& s) { return LotId{s.Int(0)}; });
}

Result<Lot> SqliteLotStore::FindLotByToken(const std::string& public_token) const {
  const sqlite::ReadSnapshot snapshot(db_);
  auto key = sqlite::QueryOne(
      db_, "SELECT clinic_id, id FROM lots WHERE public_token = ?", {public_token},
      [](const Statement& s) { return std::pair<ClinicId, LotId>(s.Int(0), s.Int(1)); },
      NotFound("lot", "token"));
  if (!key) return key.error();
  return FindLot(key->first, key->second);
}

Status SqliteLotStore::InsertEvent(LotId id, const LotEvent& ev) {
  return sqlite::Exec(
      db_,
      "INSERT INTO lot_events (lot_id, at, actor, action, from_state, to_state, routes, "
      "reason, override, overridden) VALUES (?,?,?,?,?,?,?,?,?,?)",
      {id, ev.at.unix_seconds, ev.actor, product::LotActionName(ev.action), StateName(ev.from),
       product::LotStateName(ev.to), RouteSetToString(ev.routes), ev.reason, ev.override,
       product::OverridesToText(ev.overridden)});
}

Result<LotId> SqliteLotStore::InsertLot(const Lot& lot, const LotEvent& import_event) {
  return sqlite::InTransaction(db_, [&]() -> Result<LotId> {
    auto dup = FindLotByNumber(lot.clinic_id, lot.manufacturer, lot.lot_number);
    if (!dup) return dup.error();
    if (*dup) return Conflict("err.lot_duplicate", {std::to_string(**dup)});
    const std::optional<std::string> expires_on =
        lot.expires_on ? std::optional<std::string>(lot.expires_on->ToString()) : std::nullopt;
    auto id = sqlite::Insert(
        db_,
        "INSERT INTO lots (clinic_id, lot_number, product_name, manufacturer, expires_on, state, "
        "released_routes, vials_in_stock, certificate_json, public_token, imported_at, "
        "has_override) VALUES (?,?,?,?,?,?,?,?,?,?,?,0)",
        {lot.clinic_id, lot.lot_number, lot.product_name, lot.manufacturer, expires_on,
         product::LotStateName(lot.state), RouteSetToString(lot.released_routes),
         lot.vials_in_stock, lot.certificate_json, lot.public_token, lot.imported_at.unix_seconds});
    if (!id) return id.error();
    if (auto st = InsertEvent(*id, import_event); !st) return st.error();
    return LotId{*id};
  });
}

Status SqliteLotStore::ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& ev) {
  const bool release = ev.action == LotAction::kRelease;
  std::string sql = "UPDATE lots SET state = ?1";
  sql += release ? ", released_routes = ?2"
                 : ", released_routes = CASE WHEN ?1 = 'released' THEN released_routes ELSE '' END";
  if (ev.override) sql += ", has_override = 1";
  sql += " WHERE id = ?3 AND clinic_id = ?4 AND state = ?5";
  const std::string to = std::string(product::LotStateName(ev.to));
  return sqlite::InTransaction(db_, [&]() -> Status {
    auto updated = sqlite::GuardedUpdate(
        db_, sql,
        {to, release ? Params::value_type(RouteSetToString(ev.routes)) : std::nullopt, id, clinic,
         StateName(ev.from).value_or("")},
        {"SELECT state FROM lots WHERE id = ? AND clinic_id = ?",
         {id, clinic},
         NotFound("lot", std::to_string(id)),
         [&to](const Statement& current) {
           return Conflict("err.lot_bad_transition", {current.Text(0), to});
         }});
    if (!updated) return updated;
    return InsertEvent(id, ev);
  });
}

}  // namespace exo::store
