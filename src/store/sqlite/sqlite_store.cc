#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <string_view>
#include <utility>
#include <vector>

#include "audit/chain.h"

namespace exo::store {

namespace {

using product::LotAction;
using product::LotState;

// Schema migrations, applied in order; never edit one that has shipped, add a new one.
const std::vector<std::string_view>& Migrations() {
  static const auto* migrations = new std::vector<std::string_view>{
      R"sql(
CREATE TABLE clinics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO clinics (id, name) VALUES (1, 'Default clinic');
CREATE TABLE lots (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  lot_number TEXT NOT NULL,
  product_name TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  expires_on TEXT,
  state TEXT NOT NULL CHECK (state IN ('quarantined','released','expired','recalled','destroyed')),
  released_routes TEXT NOT NULL DEFAULT '',
  vials_in_stock INTEGER CHECK (vials_in_stock IS NULL OR vials_in_stock >= 0),
  certificate_json TEXT NOT NULL,
  public_token TEXT NOT NULL UNIQUE,
  imported_at INTEGER NOT NULL,
  has_override INTEGER NOT NULL DEFAULT 0,
  UNIQUE (clinic_id, manufacturer, lot_number)
);
CREATE TABLE lot_events (
  id INTEGER PRIMARY KEY,
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  routes TEXT NOT NULL,
  reason TEXT NOT NULL,
  override INTEGER NOT NULL,
  overridden TEXT NOT NULL
);
CREATE INDEX lot_events_by_lot ON lot_events (lot_id, id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  clinic_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql",
      R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin','physician','nurse','reception','analyst','patient')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
)sql",
      R"sql(
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_number TEXT NOT NULL,
  name_kanji TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female','male','other','unknown')),
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  weight_kg REAL CHECK (weight_kg IS NULL OR weight_kg > 0),
  created_at INTEGER NOT NULL,
  UNIQUE (clinic_id, patient_number)
);
CREATE INDEX patients_by_kana ON patients (clinic_id, name_kana);
CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  intake_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  contraindicated INTEGER NOT NULL,
  contraindicated_routes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  signed_off_at INTEGER,
  signed_off_by TEXT NOT NULL DEFAULT '',
  sign_off_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX screenings_by_patient ON screenings (clinic_id, patient_id, id);
)sql",
      R"sql(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  request_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','active','cancelled')),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  activated_at INTEGER,
  activated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plans_by_patient ON plans (clinic_id, patient_id, id);
)sql",
      R"sql(
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  lang TEXT NOT NULL,
  pdf BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  typed_name TEXT NOT NULL,
  has_signature_image INTEGER NOT NULL,
  signed_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  withdrawn_at INTEGER,
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  withdrawn_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_by_plan ON consents (clinic_id, plan_id, id);
CREATE TRIGGER consents_signed_are_immutable
BEFORE UPDATE OF clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name,
  has_signature_image, signed_at, recorded_by ON consents
BEGIN SELECT RAISE(ABORT, 'a signed consent cannot be changed'); END;
CREATE TRIGGER consents_are_never_deleted BEFORE DELETE ON consents
BEGIN SELECT RAISE(ABORT, 'a signed consent cannot be deleted'); END;
)sql",
      R"sql(
CREATE TABLE treatment_sessions (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  performed_at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  route TEXT NOT NULL,
  sites TEXT NOT NULL,
  dose_particles REAL NOT NULL CHECK (dose_particles > 0),
  volume_ml REAL NOT NULL CHECK (volume_ml > 0),
  vials_used INTEGER NOT NULL CHECK (vials_used >= 0),
  vitals_json TEXT NOT NULL,
  reactions TEXT NOT NULL,
  notes TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX treatment_sessions_by_lot ON treatment_sessions (lot_id, id);
CREATE INDEX treatment_sessions_by_patient ON treatment_sessions (clinic_id, patient_id, id);
CREATE TABLE followups (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  session_id INTEGER REFERENCES treatment_sessions(id),
  lot_id INTEGER REFERENCES lots(id),
  due_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  done_at INTEGER
);
CREATE INDEX followups_open ON followups (clinic_id, done_at, due_on);
)sql",
      R"sql(
CREATE TABLE adverse_events (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  onset_date TEXT NOT NULL,
  description TEXT NOT NULL,
  term TEXT NOT NULL,
  term_coded INTEGER NOT NULL,
  ctcae_grade INTEGER NOT NULL CHECK (ctcae_grade BETWEEN 1 AND 5),
  serious INTEGER NOT NULL,
  seriousness_criteria TEXT NOT NULL,
  causality TEXT NOT NULL,
  action_taken TEXT NOT NULL,
  outcome TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE TABLE adverse_event_sessions (
  ae_id INTEGER NOT NULL REFERENCES adverse_events(id),
  session_id INTEGER NOT NULL REFERENCES treatment_sessions(id),
  PRIMARY KEY (ae_id, session_id)
);
CREATE INDEX adverse_event_sessions_by_session ON adverse_event_sessions (session_id);
)sql",
      R"sql(
CREATE TABLE measurements (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  measure_id TEXT NOT NULL,
  value REAL NOT NULL,
  measured_on TEXT NOT NULL,
  baseline INTEGER NOT NULL,
  days_since_first INTEGER,
  session_id INTEGER REFERENCES treatment_sessions(id),
  photo TEXT NOT NULL,
  note TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  supersedes INTEGER UNIQUE REFERENCES measurements(id),
  correction_reason TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX measurements_by_patient ON measurements (clinic_id, patient_id, measured_on);
CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are immutable: add a correction'); END;
CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are immutable: add a correction'); END;
CREATE TABLE portal_links (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  token_hash TEXT NOT NULL UNIQUE,
  measures TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE deidentification (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  salt TEXT NOT NULL
);
)sql",
      // Aftercare tasks keep their day as a number, shown in the reader's language.
      R"sql(
ALTER TABLE followups ADD COLUMN days_after INTEGER;
)sql",
  };
  return *migrations;
}

Error SqlError(sqlite3* db, std::string_view what) {
  return Internal(std::string(what) + ": " + sqlite3_errmsg(db));
}

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    ok_ =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr) == SQLITE_OK;
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return ok_; }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(s_, col);
    return p ? std::string(static_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  Stmt& BindReal(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {
    ok_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~Transaction() {
    if (ok_ && !done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  bool ok() const { return ok_; }
  bool Commit() {
    done_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    return done_;
  }

 private:
  sqlite3* db_;
  bool ok_ = false;
  bool done_ = false;
};

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

std::vector<std::string> SplitIds(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t comma = s.find(',', start);
    const size_t end = comma == std::string::npos ? s.size() : comma;
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr std::string_view kLotColumns =
    "id, clinic_id, lot_number, product_name, manufacturer, expires_on, state, released_routes, "
    "vials_in_stock, public_token, imported_at, has_override";

Lot ReadLotRow(const Stmt& s) {
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
  return lot;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable, "err.unavailable", {path + ": " + msg});
  }
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(db));
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK)
      return MakeError(ErrorCode::kUnavailable, "err.unavailable",
                       {path + ": " + sqlite3_errmsg(db)});
  }
  if (auto st = store->Migrate(); !st) return st.error();
  if (auto st = store->ChainUnhashedAudit(); !st) return st.error();
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Status SqliteStore::Migrate() {
  std::lock_guard lock(mu_);
  if (sqlite3_exec(db_,
                   "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return SqlError(db_, "migrate");
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "migrate: begin");
  int current = 0;
  {
    Stmt s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!s.ok() || s.Step() != SQLITE_ROW) return SqlError(db_, "migrate: version");
    current = static_cast<int>(s.Int(0));
  }
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size()))
    return MakeError(
        ErrorCode::kUnavailable, "err.unavailable",
        {"database schema version " + std::to_string(current) + " is newer than this program"});
  for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
    const std::string sql(migrations[static_cast<size_t>(v - 1)]);
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      return SqlError(db_, "migration " + std::to_string(v));
    Stmt s(db_, "INSERT INTO schema_migrations (version) VALUES (?)");
    s.Bind(1, v);
    if (s.Step() != SQLITE_DONE) return SqlError(db_, "migration record");
  }
  if (!tx.Commit()) return SqlError(db_, "migrate: commit");
  return OkStatus();
}

int SqliteStore::SchemaVersion() const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT MAX(version) FROM schema_migrations");
  return s.Step() == SQLITE_ROW ? static_cast<int>(s.Int(0)) : 0;
}

Result<Lot> SqliteStore::FindLot(ClinicId clinic, LotId id) const {
  std::lock_guard lock(mu_);
  Lot lot;
  {
    Stmt s(db_, std::string("SELECT ") + std::string(kLotColumns) +
                    ", certificate_json FROM lots WHERE id = ? AND clinic_id = ?");
    if (!s.ok()) return SqlError(db_, "find lot");
    s.Bind(1, id).Bind(2, clinic);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("lot", std::to_string(id));
    if (rc != SQLITE_ROW) return SqlError(db_, "find lot");
    lot = ReadLotRow(s);
    lot.certificate_json = s.Text(12);
  }
  Stmt e(db_,
         "SELECT id, at, actor, action, from_state, to_state, routes, reason, override, "
         "overridden FROM lot_events WHERE lot_id = ? ORDER BY id");
  if (!e.ok()) return SqlError(db_, "lot events");
  e.Bind(1, id);
  int rc;
  while ((rc = e.Step()) == SQLITE_ROW) {
    LotEvent ev;
    ev.id = e.Int(0);
    ev.at.unix_seconds = e.Int(1);
    ev.actor = e.Text(2);
    ev.action = product::ParseLotAction(e.Text(3)).value_or(LotAction::kImport);
    if (!e.IsNull(4)) ev.from = product::ParseLotState(e.Text(4));
    ev.to = product::ParseLotState(e.Text(5)).value_or(LotState::kQuarantined);
    ev.routes = ParseRouteSet(e.Text(6)).value_or(RouteSet());
    ev.reason = e.Text(7);
    ev.override = e.Int(8) != 0;
    ev.overridden = SplitIds(e.Text(9));
    lot.events.push_back(std::move(ev));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "lot events");
  return lot;
}

Result<std::vector<Lot>> SqliteStore::ListLots(ClinicId clinic, const LotFilter& filter) const {
  std::lock_guard lock(mu_);
  std::string sql = std::string("SELECT ") + std::string(kLotColumns) +
                    (filter.with_certificate ? ", certificate_json" : "") +
                    " FROM lots WHERE clinic_id = ?1";
  if (filter.state) sql += " AND state = ?2";
  if (filter.expires_before) sql += " AND expires_on IS NOT NULL AND expires_on < ?3";
  sql += " ORDER BY id DESC";
  Stmt s(db_, sql);
  if (!s.ok()) return SqlError(db_, "list lots");
  s.Bind(1, clinic);
  if (filter.state) s.Bind(2, std::string(product::LotStateName(*filter.state)));
  if (filter.expires_before) s.Bind(3, filter.expires_before->ToString());
  std::vector<Lot> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back(ReadLotRow(s));
    if (filter.with_certificate) out.back().certificate_json = s.Text(12);
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "list lots");
  return out;
}

Result<std::optional<LotId>> SqliteStore::FindLotByNumber(ClinicId clinic,
                                                          const std::string& manufacturer,
                                                          const std::string& lot_number) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT id FROM lots WHERE clinic_id = ? AND manufacturer = ? AND lot_number = ?");
  if (!s.ok()) return SqlError(db_, "find lot by number");
  s.Bind(1, clinic).Bind(2, manufacturer).Bind(3, lot_number);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<LotId>(s.Int(0));
  if (rc == SQLITE_DONE) return std::optional<LotId>();
  return SqlError(db_, "find lot by number");
}

Status SqliteStore::InsertEvent(LotId id, const LotEvent& ev) {
  Stmt s(db_,
         "INSERT INTO lot_events (lot_id, at, actor, action, from_state, to_state, routes, "
         "reason, override, overridden) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!s.ok()) return SqlError(db_, "insert lot event");
  s.Bind(1, id)
      .Bind(2, ev.at.unix_seconds)
      .Bind(3, ev.actor)
      .Bind(4, std::string(product::LotActionName(ev.action)));
  if (ev.from)
    s.Bind(5, std::string(product::LotStateName(*ev.from)));
  else
    s.BindNull(5);
  s.Bind(6, std::string(product::LotStateName(ev.to)))
      .Bind(7, RouteSetToString(ev.routes))
      .Bind(8, ev.reason)
      .Bind(9, ev.override ? 1 : 0)
      .Bind(10, JoinIds(ev.overridden));
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert lot event");
  return OkStatus();
}

Result<LotId> SqliteStore::InsertLot(const Lot& lot, const LotEvent& import_event) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "insert lot: begin");
  {
    Stmt dup(db_,
             "SELECT id FROM lots WHERE clinic_id = ? AND manufacturer = ? AND lot_number = ?");
    dup.Bind(1, lot.clinic_id).Bind(2, lot.manufacturer).Bind(3, lot.lot_number);
    if (dup.Step() == SQLITE_ROW)
      return Conflict("err.lot_duplicate", {std::to_string(dup.Int(0))});
  }
  Stmt s(db_,
         "INSERT INTO lots (clinic_id, lot_number, product_name, manufacturer, expires_on, state, "
         "released_routes, vials_in_stock, certificate_json, public_token, imported_at, "
         "has_override) VALUES (?,?,?,?,?,?,?,?,?,?,?,0)");
  if (!s.ok()) return SqlError(db_, "insert lot");
  s.Bind(1, lot.clinic_id)
      .Bind(2, lot.lot_number)
      .Bind(3, lot.product_name)
      .Bind(4, lot.manufacturer);
  if (lot.expires_on)
    s.Bind(5, lot.expires_on->ToString());
  else
    s.BindNull(5);
  s.Bind(6, std::string(product::LotStateName(lot.state)))
      .Bind(7, RouteSetToString(lot.released_routes));
  if (lot.vials_in_stock)
    s.Bind(8, *lot.vials_in_stock);
  else
    s.BindNull(8);
  s.Bind(9, lot.certificate_json).Bind(10, lot.public_token).Bind(11, lot.imported_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert lot");
  const LotId id = sqlite3_last_insert_rowid(db_);
  if (auto st = InsertEvent(id, import_event); !st) return st.error();
  if (!tx.Commit()) return SqlError(db_, "insert lot: commit");
  return id;
}

Status SqliteStore::ApplyLotEvent(ClinicId clinic, LotId id, const LotEvent& ev) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "apply lot event: begin");
  std::string sql = "UPDATE lots SET state = ?";
  if (ev.action == LotAction::kRelease)
    sql += ", released_routes = ?2";
  else
    sql += ", released_routes = CASE WHEN ?1 = 'released' THEN released_routes ELSE '' END";
  if (ev.override) sql += ", has_override = 1";
  sql += " WHERE id = ?3 AND clinic_id = ?4 AND state = ?5";
  Stmt s(db_, sql);
  if (!s.ok()) return SqlError(db_, "apply lot event");
  s.Bind(1, std::string(product::LotStateName(ev.to)));
  if (ev.action == LotAction::kRelease) s.Bind(2, RouteSetToString(ev.routes));
  s.Bind(3, id).Bind(4, clinic);
  s.Bind(5, ev.from ? std::string(product::LotStateName(*ev.from)) : std::string());
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "apply lot event");
  if (sqlite3_changes(db_) != 1) {
    Stmt exists(db_, "SELECT state FROM lots WHERE id = ? AND clinic_id = ?");
    exists.Bind(1, id).Bind(2, clinic);
    if (exists.Step() != SQLITE_ROW) return NotFound("lot", std::to_string(id));
    return Conflict("err.lot_bad_transition",
                    {exists.Text(0), std::string(product::LotStateName(ev.to))});
  }
  if (auto st = InsertEvent(id, ev); !st) return st;
  if (!tx.Commit()) return SqlError(db_, "apply lot event: commit");
  return OkStatus();
}

Status SqliteStore::Append(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "audit: begin");
  AuditEntry e = entry;
  {
    Stmt last(db_, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!last.ok()) return SqlError(db_, "audit");
    const int rc = last.Step();
    e.id = rc == SQLITE_ROW ? last.Int(0) + 1 : 1;
    e.prev_hash = rc == SQLITE_ROW ? last.Text(1) : std::string(audit::kGenesisHash);
  }
  e.hash = audit::EntryHash(e);
  Stmt s(db_,
         "INSERT INTO audit_log (id, at, actor, role, clinic_id, action, object, outcome, detail, "
         "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!s.ok()) return SqlError(db_, "audit");
  s.Bind(1, e.id)
      .Bind(2, e.at.unix_seconds)
      .Bind(3, e.actor)
      .Bind(4, e.role)
      .Bind(5, e.clinic_id)
      .Bind(6, e.action)
      .Bind(7, e.object)
      .Bind(8, std::string(AuditOutcomeName(e.outcome)))
      .Bind(9, e.detail)
      .Bind(10, e.prev_hash)
      .Bind(11, e.hash);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "audit");
  if (!tx.Commit()) return SqlError(db_, "audit: commit");
  return OkStatus();
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(int64_t after_id, int limit) const {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT id, at, actor, role, clinic_id, action, object, outcome, detail, prev_hash, hash "
         "FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
  if (!s.ok()) return SqlError(db_, "audit list");
  s.Bind(1, after_id).Bind(2, limit);
  std::vector<AuditEntry> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    AuditEntry e;
    e.id = s.Int(0);
    e.at.unix_seconds = s.Int(1);
    e.actor = s.Text(2);
    e.role = s.Text(3);
    e.clinic_id = s.Int(4);
    e.action = s.Text(5);
    e.object = s.Text(6);
    const std::string outcome = s.Text(7);
    e.outcome = outcome == "allowed"  ? AuditOutcome::kAllowed
                : outcome == "denied" ? AuditOutcome::kDenied
                                      : AuditOutcome::kFailed;
    e.detail = s.Text(8);
    e.prev_hash = s.Text(9);
    e.hash = s.Text(10);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "audit list");
  return out;
}

Status SqliteStore::ChainUnhashedAudit() {
  std::lock_guard lock(mu_);
  {
    Stmt any(db_, "SELECT COUNT(*) FROM audit_log WHERE hash = ''");
    if (!any.ok() || any.Step() != SQLITE_ROW) return SqlError(db_, "audit chain");
    if (any.Int(0) == 0) return OkStatus();
  }
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "audit chain: begin");
  std::vector<AuditEntry> entries;
  {
    Stmt s(db_,
           "SELECT id, at, actor, role, clinic_id, action, object, outcome, detail FROM audit_log "
           "ORDER BY id");
    while (s.Step() == SQLITE_ROW) {
      AuditEntry e;
      e.id = s.Int(0);
      e.at.unix_seconds = s.Int(1);
      e.actor = s.Text(2);
      e.role = s.Text(3);
      e.clinic_id = s.Int(4);
      e.action = s.Text(5);
      e.object = s.Text(6);
      const std::string outcome = s.Text(7);
      e.outcome = outcome == "allowed"  ? AuditOutcome::kAllowed
                  : outcome == "denied" ? AuditOutcome::kDenied
                                        : AuditOutcome::kFailed;
      e.detail = s.Text(8);
      entries.push_back(std::move(e));
    }
  }
  std::string prev = audit::kGenesisHash;
  for (auto& e : entries) {
    e.prev_hash = prev;
    e.hash = audit::EntryHash(e);
    Stmt u(db_, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
    u.Bind(1, e.prev_hash).Bind(2, e.hash).Bind(3, e.id);
    if (u.Step() != SQLITE_DONE) return SqlError(db_, "audit chain");
    prev = e.hash;
  }
  if (!tx.Commit()) return SqlError(db_, "audit chain: commit");
  return OkStatus();
}

namespace {

constexpr std::string_view kUserColumns =
    "id, clinic_id, username, role, password_hash, disabled, created_at";

User ReadUserRow(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.clinic_id = s.Int(1);
  u.username = s.Text(2);
  u.role = auth::ParseRole(s.Text(3)).value_or(auth::Role::kPatient);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at.unix_seconds = s.Int(6);
  return u;
}

constexpr std::string_view kTokenColumns =
    "id, user_id, name, role, token_hash, created_at, revoked_at";

ApiToken ReadTokenRow(const Stmt& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.name = s.Text(2);
  t.role = auth::ParseRole(s.Text(3)).value_or(auth::Role::kPatient);
  t.token_hash = s.Text(4);
  t.created_at = s.Int(5);
  if (!s.IsNull(6)) t.revoked_at = s.Int(6);
  return t;
}

}  // namespace

Result<int64_t> SqliteStore::InsertUser(const User& u) {
  std::lock_guard lock(mu_);
  {
    Stmt dup(db_, "SELECT id FROM users WHERE username = ?");
    dup.Bind(1, u.username);
    if (dup.Step() == SQLITE_ROW) return Conflict("err.user_exists", {u.username});
  }
  {
    Stmt clinic(db_, "SELECT id FROM clinics WHERE id = ?");
    clinic.Bind(1, u.clinic_id);
    if (clinic.Step() != SQLITE_ROW) return NotFound("clinic", std::to_string(u.clinic_id));
  }
  Stmt s(db_,
         "INSERT INTO users (clinic_id, username, role, password_hash, disabled, created_at) "
         "VALUES (?,?,?,?,?,?)");
  s.Bind(1, u.clinic_id)
      .Bind(2, u.username)
      .Bind(3, std::string(auth::RoleName(u.role)))
      .Bind(4, u.password_hash)
      .Bind(5, u.disabled ? 1 : 0)
      .Bind(6, u.created_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert user");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<User> SqliteStore::FindUserByName(const std::string& username) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE username = ?");
  s.Bind(1, username);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadUserRow(s);
  if (rc == SQLITE_DONE) return NotFound("user", username);
  return SqlError(db_, "find user");
}

Result<User> SqliteStore::FindUser(int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?");
  s.Bind(1, id);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadUserRow(s);
  if (rc == SQLITE_DONE) return NotFound("user", std::to_string(id));
  return SqlError(db_, "find user");
}

Result<std::vector<User>> SqliteStore::ListUsers(std::optional<int64_t> clinic) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kUserColumns) + " FROM users" +
                  (clinic ? " WHERE clinic_id = ?" : "") + " ORDER BY id");
  if (clinic) s.Bind(1, *clinic);
  std::vector<User> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadUserRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list users");
  return out;
}

Result<int64_t> SqliteStore::CountUsers() const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT COUNT(*) FROM users");
  if (s.Step() != SQLITE_ROW) return SqlError(db_, "count users");
  return s.Int(0);
}

Status SqliteStore::UpdatePassword(int64_t user_id, const std::string& password_hash) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
  s.Bind(1, password_hash).Bind(2, user_id);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "update password");
  if (sqlite3_changes(db_) != 1) return NotFound("user", std::to_string(user_id));
  return OkStatus();
}

Status SqliteStore::SetDisabled(int64_t user_id, bool disabled) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  Stmt s(db_, "UPDATE users SET disabled = ? WHERE id = ?");
  s.Bind(1, disabled ? 1 : 0).Bind(2, user_id);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "disable user");
  if (sqlite3_changes(db_) != 1) return NotFound("user", std::to_string(user_id));
  if (disabled) {
    Stmt d(db_, "DELETE FROM sessions WHERE user_id = ?");
    d.Bind(1, user_id);
    if (d.Step() != SQLITE_DONE) return SqlError(db_, "disable user");
  }
  if (!tx.Commit()) return SqlError(db_, "disable user: commit");
  return OkStatus();
}

Status SqliteStore::InsertSession(const Session& v) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) "
         "VALUES (?,?,?,?,?)");
  s.Bind(1, v.token_hash)
      .Bind(2, v.user_id)
      .Bind(3, v.csrf_token)
      .Bind(4, v.created_at)
      .Bind(5, v.last_seen_at);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert session");
  return OkStatus();
}

Result<std::optional<Session>> SqliteStore::FindSession(const std::string& token_hash) const {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions "
         "WHERE token_hash = ?");
  s.Bind(1, token_hash);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<Session>();
  if (rc != SQLITE_ROW) return SqlError(db_, "find session");
  return std::optional<Session>(Session{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)});
}

Status SqliteStore::TouchSession(const std::string& token_hash, int64_t now) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  s.Bind(1, now).Bind(2, token_hash);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "touch session");
  return OkStatus();
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM sessions WHERE token_hash = ?");
  s.Bind(1, token_hash);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "delete session");
  return OkStatus();
}

Status SqliteStore::DeleteUserSessions(int64_t user_id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM sessions WHERE user_id = ?");
  s.Bind(1, user_id);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "delete sessions");
  return OkStatus();
}

Result<int64_t> SqliteStore::InsertToken(const ApiToken& t) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO api_tokens (user_id, name, role, token_hash, created_at) VALUES (?,?,?,?,?)");
  s.Bind(1, t.user_id)
      .Bind(2, t.name)
      .Bind(3, std::string(auth::RoleName(t.role)))
      .Bind(4, t.token_hash)
      .Bind(5, t.created_at);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert token");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<std::optional<ApiToken>> SqliteStore::FindTokenByHash(const std::string& token_hash) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE token_hash = ?");
  s.Bind(1, token_hash);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<ApiToken>();
  if (rc != SQLITE_ROW) return SqlError(db_, "find token");
  return std::optional<ApiToken>(ReadTokenRow(s));
}

Result<ApiToken> SqliteStore::FindToken(int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE id = ?");
  s.Bind(1, id);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadTokenRow(s);
  if (rc == SQLITE_DONE) return NotFound("token", std::to_string(id));
  return SqlError(db_, "find token");
}

Result<std::vector<ApiToken>> SqliteStore::ListTokens(int64_t user_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE user_id = ? ORDER BY id");
  s.Bind(1, user_id);
  std::vector<ApiToken> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadTokenRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list tokens");
  return out;
}

Status SqliteStore::RevokeToken(int64_t id, int64_t now) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  s.Bind(1, now).Bind(2, id);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "revoke token");
  if (sqlite3_changes(db_) != 1) return NotFound("token", std::to_string(id));
  return OkStatus();
}

Result<int64_t> SqliteStore::InsertClinic(const std::string& name) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "INSERT INTO clinics (name) VALUES (?)");
  s.Bind(1, name);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert clinic");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<std::vector<Clinic>> SqliteStore::ListClinics() const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT id, name FROM clinics ORDER BY id");
  std::vector<Clinic> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(Clinic{s.Int(0), s.Text(1)});
  if (rc != SQLITE_DONE) return SqlError(db_, "list clinics");
  return out;
}

namespace {

constexpr std::string_view kPatientColumns =
    "id, clinic_id, patient_number, name_kanji, name_kana, birth_date, sex, phone, email, "
    "address, weight_kg, created_at";

treatment::Patient ReadPatientRow(const Stmt& s) {
  treatment::Patient p;
  p.id = s.Int(0);
  p.clinic_id = s.Int(1);
  p.patient_number = s.Text(2);
  p.name_kanji = s.Text(3);
  p.name_kana = s.Text(4);
  p.birth_date = Date::Parse(s.Text(5)).value_or(Date());
  p.sex = s.Text(6);
  p.phone = s.Text(7);
  p.email = s.Text(8);
  p.address = s.Text(9);
  if (!s.IsNull(10)) p.weight_kg = s.Double(10);
  p.created_at.unix_seconds = s.Int(11);
  return p;
}

constexpr std::string_view kScreeningColumns =
    "id, clinic_id, patient_id, intake_json, result_json, contraindicated, contraindicated_routes, "
    "created_at, created_by, signed_off_at, signed_off_by, sign_off_note";

StoredScreening ReadScreeningRow(const Stmt& s) {
  StoredScreening r;
  r.id = s.Int(0);
  r.clinic_id = s.Int(1);
  r.patient_id = s.Int(2);
  r.intake_json = s.Text(3);
  r.result_json = s.Text(4);
  r.contraindicated = static_cast<int>(s.Int(5));
  r.contraindicated_routes = s.Text(6);
  r.created_at.unix_seconds = s.Int(7);
  r.created_by = s.Text(8);
  if (!s.IsNull(9)) r.signed_off_at = Timestamp{s.Int(9)};
  r.signed_off_by = s.Text(10);
  r.sign_off_note = s.Text(11);
  return r;
}

}  // namespace

Result<treatment::Patient> SqliteStore::InsertPatient(const treatment::Patient& patient) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "insert patient: begin");
  treatment::Patient p = patient;
  if (p.patient_number.empty()) {
    Stmt next(db_,
              "SELECT COALESCE(MAX(CAST(SUBSTR(patient_number, 2) AS INTEGER)), 0) + 1 FROM "
              "patients WHERE clinic_id = ? AND patient_number GLOB 'P[0-9]*'");
    next.Bind(1, p.clinic_id);
    if (next.Step() != SQLITE_ROW) return SqlError(db_, "patient number");
    char buf[16];
    std::snprintf(buf, sizeof buf, "P%06lld", static_cast<long long>(next.Int(0)));
    p.patient_number = buf;
  } else {
    Stmt dup(db_, "SELECT 1 FROM patients WHERE clinic_id = ? AND patient_number = ?");
    dup.Bind(1, p.clinic_id).Bind(2, p.patient_number);
    if (dup.Step() == SQLITE_ROW) return Conflict("err.patient_number_taken", {p.patient_number});
  }
  Stmt s(db_,
         "INSERT INTO patients (clinic_id, patient_number, name_kanji, name_kana, birth_date, sex, "
         "phone, email, address, weight_kg, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, p.clinic_id)
      .Bind(2, p.patient_number)
      .Bind(3, p.name_kanji)
      .Bind(4, p.name_kana)
      .Bind(5, p.birth_date.ToString())
      .Bind(6, p.sex)
      .Bind(7, p.phone)
      .Bind(8, p.email)
      .Bind(9, p.address);
  if (p.weight_kg)
    s.BindReal(10, *p.weight_kg);
  else
    s.BindNull(10);
  s.Bind(11, p.created_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert patient");
  p.id = sqlite3_last_insert_rowid(db_);
  if (!tx.Commit()) return SqlError(db_, "insert patient: commit");
  return p;
}

Result<treatment::Patient> SqliteStore::FindPatient(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPatientColumns) +
                  " FROM patients WHERE id = ? AND clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadPatientRow(s);
  if (rc == SQLITE_DONE) return NotFound("patient", std::to_string(id));
  return SqlError(db_, "find patient");
}

Result<std::vector<treatment::Patient>> SqliteStore::SearchPatients(int64_t clinic,
                                                                    const std::string& query,
                                                                    int limit) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPatientColumns) +
                  " FROM patients WHERE clinic_id = ?1 AND (?2 = '' OR instr(name_kanji, ?2) > 0 "
                  "OR instr(name_kana, ?2) > 0 OR instr(patient_number, ?2) > 0) "
                  "ORDER BY id DESC LIMIT ?3");
  s.Bind(1, clinic).Bind(2, query).Bind(3, limit);
  std::vector<treatment::Patient> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadPatientRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "search patients");
  return out;
}

Result<int64_t> SqliteStore::InsertScreening(const StoredScreening& r) {
  std::lock_guard lock(mu_);
  Stmt s(
      db_,
      "INSERT INTO screenings (clinic_id, patient_id, intake_json, result_json, contraindicated, "
      "contraindicated_routes, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)");
  s.Bind(1, r.clinic_id)
      .Bind(2, r.patient_id)
      .Bind(3, r.intake_json)
      .Bind(4, r.result_json)
      .Bind(5, r.contraindicated)
      .Bind(6, r.contraindicated_routes)
      .Bind(7, r.created_at.unix_seconds)
      .Bind(8, r.created_by);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert screening");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<StoredScreening> SqliteStore::FindScreening(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kScreeningColumns) +
                  " FROM screenings WHERE id = ? AND clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadScreeningRow(s);
  if (rc == SQLITE_DONE) return NotFound("screening", std::to_string(id));
  return SqlError(db_, "find screening");
}

Result<std::vector<StoredScreening>> SqliteStore::ListScreenings(int64_t clinic,
                                                                 int64_t patient_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kScreeningColumns) +
                  " FROM screenings WHERE clinic_id = ? AND patient_id = ? ORDER BY id DESC");
  s.Bind(1, clinic).Bind(2, patient_id);
  std::vector<StoredScreening> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadScreeningRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list screenings");
  return out;
}

Status SqliteStore::SignOffScreening(int64_t clinic, int64_t id, const std::string& by,
                                     const std::string& note, Timestamp at) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE screenings SET signed_off_at = ?, signed_off_by = ?, sign_off_note = ? "
         "WHERE id = ? AND clinic_id = ? AND signed_off_at IS NULL");
  s.Bind(1, at.unix_seconds).Bind(2, by).Bind(3, note).Bind(4, id).Bind(5, clinic);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "sign off");
  if (sqlite3_changes(db_) == 1) return OkStatus();
  Stmt exists(db_, "SELECT 1 FROM screenings WHERE id = ? AND clinic_id = ?");
  exists.Bind(1, id).Bind(2, clinic);
  if (exists.Step() != SQLITE_ROW) return NotFound("screening", std::to_string(id));
  return Conflict("err.already_signed");
}

namespace {

constexpr std::string_view kPlanColumns =
    "id, clinic_id, patient_id, lot_id, request_json, status, created_at, created_by, "
    "activated_at, activated_by";

StoredPlan ReadPlanRow(const Stmt& s) {
  StoredPlan p;
  p.id = s.Int(0);
  p.clinic_id = s.Int(1);
  p.patient_id = s.Int(2);
  p.lot_id = s.Int(3);
  p.request_json = s.Text(4);
  p.status = s.Text(5);
  p.created_at.unix_seconds = s.Int(6);
  p.created_by = s.Text(7);
  if (!s.IsNull(8)) p.activated_at = Timestamp{s.Int(8)};
  p.activated_by = s.Text(9);
  return p;
}

Result<std::vector<StoredPlan>> PlanRows(sqlite3* db, Stmt& s) {
  std::vector<StoredPlan> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadPlanRow(s));
  if (rc != SQLITE_DONE) return SqlError(db, "list plans");
  return out;
}

}  // namespace

Result<int64_t> SqliteStore::InsertPlan(const StoredPlan& p) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO plans (clinic_id, patient_id, lot_id, request_json, status, created_at, "
         "created_by) VALUES (?,?,?,?,?,?,?)");
  s.Bind(1, p.clinic_id)
      .Bind(2, p.patient_id)
      .Bind(3, p.lot_id)
      .Bind(4, p.request_json)
      .Bind(5, p.status)
      .Bind(6, p.created_at.unix_seconds)
      .Bind(7, p.created_by);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert plan");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<StoredPlan> SqliteStore::FindPlan(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPlanColumns) + " FROM plans WHERE id = ? AND clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadPlanRow(s);
  if (rc == SQLITE_DONE) return NotFound("plan", std::to_string(id));
  return SqlError(db_, "find plan");
}

Result<std::vector<StoredPlan>> SqliteStore::ListPlans(int64_t clinic, int64_t patient_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPlanColumns) +
                  " FROM plans WHERE clinic_id = ? AND patient_id = ? ORDER BY id DESC");
  s.Bind(1, clinic).Bind(2, patient_id);
  return PlanRows(db_, s);
}

Result<std::vector<StoredPlan>> SqliteStore::ListPlansByStatus(int64_t clinic,
                                                               const std::string& status) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPlanColumns) +
                  " FROM plans WHERE clinic_id = ? AND status = ? ORDER BY id");
  s.Bind(1, clinic).Bind(2, status);
  return PlanRows(db_, s);
}

Status SqliteStore::ActivatePlan(int64_t clinic, int64_t id, const std::string& by, Timestamp at) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE plans SET status = 'active', activated_at = ?, activated_by = ? "
         "WHERE id = ? AND clinic_id = ? AND status = 'draft'");
  s.Bind(1, at.unix_seconds).Bind(2, by).Bind(3, id).Bind(4, clinic);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "activate plan");
  if (sqlite3_changes(db_) == 1) return OkStatus();
  Stmt cur(db_, "SELECT status FROM plans WHERE id = ? AND clinic_id = ?");
  cur.Bind(1, id).Bind(2, clinic);
  if (cur.Step() != SQLITE_ROW) return NotFound("plan", std::to_string(id));
  return Conflict("err.plan_not_draft", {cur.Text(0)});
}

namespace {

constexpr std::string_view kConsentColumns =
    "id, clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name, has_signature_image, "
    "signed_at, recorded_by, withdrawn_at, withdrawn_reason, withdrawn_by";

StoredConsent ReadConsentRow(const Stmt& s) {
  StoredConsent c;
  c.id = s.Int(0);
  c.clinic_id = s.Int(1);
  c.plan_id = s.Int(2);
  c.patient_id = s.Int(3);
  c.lang = s.Text(4);
  c.pdf = s.Blob(5);
  c.sha256 = s.Text(6);
  c.typed_name = s.Text(7);
  c.has_signature_image = s.Int(8) != 0;
  c.signed_at.unix_seconds = s.Int(9);
  c.recorded_by = s.Text(10);
  if (!s.IsNull(11)) c.withdrawn_at = Timestamp{s.Int(11)};
  c.withdrawn_reason = s.Text(12);
  c.withdrawn_by = s.Text(13);
  return c;
}

}  // namespace

Result<int64_t> SqliteStore::InsertConsent(const StoredConsent& c) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO consents (clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name, "
         "has_signature_image, signed_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, c.clinic_id)
      .Bind(2, c.plan_id)
      .Bind(3, c.patient_id)
      .Bind(4, c.lang)
      .BindBlob(5, c.pdf)
      .Bind(6, c.sha256)
      .Bind(7, c.typed_name)
      .Bind(8, int64_t{c.has_signature_image ? 1 : 0})
      .Bind(9, c.signed_at.unix_seconds)
      .Bind(10, c.recorded_by);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert consent");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<StoredConsent> SqliteStore::FindConsent(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kConsentColumns) +
                  " FROM consents WHERE id = ? AND clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadConsentRow(s);
  if (rc == SQLITE_DONE) return NotFound("consent", std::to_string(id));
  return SqlError(db_, "find consent");
}

Result<std::vector<StoredConsent>> SqliteStore::ListConsents(int64_t clinic,
                                                             int64_t plan_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kConsentColumns) +
                  " FROM consents WHERE clinic_id = ? AND plan_id = ? ORDER BY id DESC");
  s.Bind(1, clinic).Bind(2, plan_id);
  std::vector<StoredConsent> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadConsentRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list consents");
  return out;
}

Status SqliteStore::WithdrawConsent(int64_t clinic, int64_t id, const std::string& reason,
                                    const std::string& by, Timestamp at) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE consents SET withdrawn_at = ?, withdrawn_reason = ?, withdrawn_by = ? "
         "WHERE id = ? AND clinic_id = ? AND withdrawn_at IS NULL");
  s.Bind(1, at.unix_seconds).Bind(2, reason).Bind(3, by).Bind(4, id).Bind(5, clinic);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "withdraw consent");
  if (sqlite3_changes(db_) == 1) return OkStatus();
  Stmt e(db_, "SELECT 1 FROM consents WHERE id = ? AND clinic_id = ?");
  e.Bind(1, id).Bind(2, clinic);
  if (e.Step() != SQLITE_ROW) return NotFound("consent", std::to_string(id));
  return Conflict("err.consent_withdrawn");
}

namespace {

constexpr std::string_view kSessionColumns =
    "s.id, s.clinic_id, s.patient_id, s.plan_id, s.lot_id, s.performed_at, s.operator, s.route, "
    "s.sites, s.dose_particles, s.volume_ml, s.vials_used, s.vitals_json, s.reactions, s.notes, "
    "s.recorded_by, s.recorded_at";

StoredSession ReadSessionRow(const Stmt& s) {
  StoredSession r;
  r.id = s.Int(0);
  r.clinic_id = s.Int(1);
  r.patient_id = s.Int(2);
  r.plan_id = s.Int(3);
  r.lot_id = s.Int(4);
  r.performed_at.unix_seconds = s.Int(5);
  r.operator_name = s.Text(6);
  r.route = s.Text(7);
  r.sites = s.Text(8);
  r.dose_particles = s.Double(9);
  r.volume_ml = s.Double(10);
  r.vials_used = static_cast<int>(s.Int(11));
  r.vitals_json = s.Text(12);
  r.reactions = s.Text(13);
  r.notes = s.Text(14);
  r.recorded_by = s.Text(15);
  r.recorded_at.unix_seconds = s.Int(16);
  return r;
}

}  // namespace

Status SqliteStore::InsertFollowUpsLocked(const std::vector<FollowUp>& followups) {
  for (const auto& f : followups) {
    Stmt s(db_,
           "INSERT INTO followups (clinic_id, patient_id, session_id, lot_id, due_on, kind, note, "
           "days_after) VALUES (?,?,?,?,?,?,?,?)");
    s.Bind(1, f.clinic_id).Bind(2, f.patient_id);
    if (f.session_id)
      s.Bind(3, *f.session_id);
    else
      s.BindNull(3);
    if (f.lot_id)
      s.Bind(4, *f.lot_id);
    else
      s.BindNull(4);
    s.Bind(5, f.due_on.ToString()).Bind(6, f.kind).Bind(7, f.note);
    if (f.days_after)
      s.Bind(8, int64_t{*f.days_after});
    else
      s.BindNull(8);
    if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert follow-up");
  }
  return OkStatus();
}

Result<int64_t> SqliteStore::InsertSession(const StoredSession& r,
                                           const std::vector<FollowUp>& followups) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "insert session: begin");
  {
    Stmt lot(db_, "SELECT state, vials_in_stock FROM lots WHERE id = ? AND clinic_id = ?");
    lot.Bind(1, r.lot_id).Bind(2, r.clinic_id);
    if (lot.Step() != SQLITE_ROW) return NotFound("lot", std::to_string(r.lot_id));
    if (lot.Text(0) != "released")
      return Conflict("err.lot_unusable", {std::to_string(r.lot_id), r.route, lot.Text(0)});
    if (!lot.IsNull(1) && lot.Int(1) < r.vials_used)
      return Conflict("err.stock_empty", {std::to_string(r.lot_id), std::to_string(lot.Int(1)),
                                          std::to_string(r.vials_used)});
  }
  Stmt take(db_,
            "UPDATE lots SET vials_in_stock = vials_in_stock - ? WHERE id = ? AND clinic_id = ? "
            "AND vials_in_stock IS NOT NULL");
  take.Bind(1, int64_t{r.vials_used}).Bind(2, r.lot_id).Bind(3, r.clinic_id);
  if (take.Step() != SQLITE_DONE) return SqlError(db_, "take stock");
  Stmt s(db_,
         "INSERT INTO treatment_sessions (clinic_id, patient_id, plan_id, lot_id, performed_at, "
         "operator, "
         "route, sites, dose_particles, volume_ml, vials_used, vitals_json, reactions, notes, "
         "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, r.clinic_id)
      .Bind(2, r.patient_id)
      .Bind(3, r.plan_id)
      .Bind(4, r.lot_id)
      .Bind(5, r.performed_at.unix_seconds)
      .Bind(6, r.operator_name)
      .Bind(7, r.route)
      .Bind(8, r.sites)
      .BindReal(9, r.dose_particles)
      .BindReal(10, r.volume_ml)
      .Bind(11, int64_t{r.vials_used})
      .Bind(12, r.vitals_json)
      .Bind(13, r.reactions)
      .Bind(14, r.notes)
      .Bind(15, r.recorded_by)
      .Bind(16, r.recorded_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert session");
  const int64_t id = sqlite3_last_insert_rowid(db_);
  std::vector<FollowUp> with_session = followups;
  for (auto& f : with_session) f.session_id = id;
  if (auto st = InsertFollowUpsLocked(with_session); !st) return st.error();
  if (!tx.Commit()) return SqlError(db_, "insert session: commit");
  return id;
}

Result<std::vector<StoredSession>> SqliteStore::ListPatientSessions(int64_t clinic,
                                                                    int64_t patient_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kSessionColumns) +
                  " FROM treatment_sessions s WHERE s.clinic_id = ? AND s.patient_id = ? ORDER BY "
                  "s.performed_at, s.id");
  s.Bind(1, clinic).Bind(2, patient_id);
  std::vector<StoredSession> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadSessionRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list sessions");
  return out;
}

Result<std::vector<TraceRow>> SqliteStore::TraceLot(int64_t clinic, int64_t lot_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kSessionColumns) +
                  ", p.patient_number, p.name_kanji, p.name_kana, p.phone, p.email FROM "
                  "treatment_sessions s "
                  "JOIN patients p ON p.id = s.patient_id WHERE s.lot_id = ? AND s.clinic_id = ? "
                  "ORDER BY s.id");
  s.Bind(1, lot_id).Bind(2, clinic);
  std::vector<TraceRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    TraceRow t;
    t.session = ReadSessionRow(s);
    t.patient_number = s.Text(17);
    t.name_kanji = s.Text(18);
    t.name_kana = s.Text(19);
    t.phone = s.Text(20);
    t.email = s.Text(21);
    out.push_back(std::move(t));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "trace lot");
  return out;
}

Status SqliteStore::InsertFollowUps(const std::vector<FollowUp>& followups) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (auto st = InsertFollowUpsLocked(followups); !st) return st;
  if (!tx.Commit()) return SqlError(db_, "follow-ups: commit");
  return OkStatus();
}

namespace {

constexpr std::string_view kFollowUpColumns =
    "id, clinic_id, patient_id, session_id, lot_id, due_on, kind, note, done_at, days_after";

FollowUp ReadFollowUpRow(const Stmt& s) {
  FollowUp f;
  f.id = s.Int(0);
  f.clinic_id = s.Int(1);
  f.patient_id = s.Int(2);
  if (!s.IsNull(3)) f.session_id = s.Int(3);
  if (!s.IsNull(4)) f.lot_id = s.Int(4);
  f.due_on = Date::Parse(s.Text(5)).value_or(Date());
  f.kind = s.Text(6);
  f.note = s.Text(7);
  if (!s.IsNull(8)) f.done_at = Timestamp{s.Int(8)};
  if (!s.IsNull(9)) f.days_after = static_cast<int>(s.Int(9));
  return f;
}

}  // namespace

Result<FollowUp> SqliteStore::FindFollowUp(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kFollowUpColumns) +
                  " FROM followups WHERE clinic_id = ? AND id = ?");
  s.Bind(1, clinic).Bind(2, id);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound("follow-up", std::to_string(id));
  if (rc != SQLITE_ROW) return SqlError(db_, "follow-up");
  return ReadFollowUpRow(s);
}

Status SqliteStore::CompleteFollowUp(int64_t clinic, int64_t id, Timestamp at) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE followups SET done_at = ? WHERE clinic_id = ? AND id = ? AND done_at IS NULL");
  s.Bind(1, at.unix_seconds).Bind(2, clinic).Bind(3, id);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "complete follow-up");
  if (sqlite3_changes(db_) == 1) return OkStatus();
  Stmt cur(db_, "SELECT 1 FROM followups WHERE clinic_id = ? AND id = ?");
  cur.Bind(1, clinic).Bind(2, id);
  if (cur.Step() != SQLITE_ROW) return NotFound("follow-up", std::to_string(id));
  return Conflict("err.followup_done", {std::to_string(id)});
}

Result<std::vector<FollowUp>> SqliteStore::ListOpenFollowUps(int64_t clinic,
                                                             std::optional<Date> due_until) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kFollowUpColumns) +
                  " FROM followups WHERE clinic_id = ?1 AND done_at IS NULL AND (?2 = '' OR "
                  "due_on <= ?2) ORDER BY due_on, id");
  s.Bind(1, clinic).Bind(2, due_until ? due_until->ToString() : std::string());
  std::vector<FollowUp> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadFollowUpRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "follow-ups");
  return out;
}

Result<Lot> SqliteStore::FindLotByToken(const std::string& public_token) const {
  int64_t clinic = 0, id = 0;
  {
    std::lock_guard lock(mu_);
    Stmt s(db_, "SELECT clinic_id, id FROM lots WHERE public_token = ?");
    s.Bind(1, public_token);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("lot", "token");
    if (rc != SQLITE_ROW) return SqlError(db_, "find lot by token");
    clinic = s.Int(0);
    id = s.Int(1);
  }
  return FindLot(clinic, id);
}

Result<StoredSession> SqliteStore::FindSession(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kSessionColumns) +
                  " FROM treatment_sessions s WHERE s.id = ? AND s.clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return ReadSessionRow(s);
  if (rc == SQLITE_DONE) return NotFound("session", std::to_string(id));
  return SqlError(db_, "find session");
}

Result<int64_t> SqliteStore::InsertAdverseEvent(const StoredAdverseEvent& a) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "adverse event: begin");
  const auto& e = a.event;
  std::string criteria;
  for (const auto& c : e.seriousness_criteria) criteria += (criteria.empty() ? "" : ",") + c;
  Stmt s(
      db_,
      "INSERT INTO adverse_events (clinic_id, patient_id, onset_date, description, term, "
      "term_coded, ctcae_grade, serious, seriousness_criteria, causality, action_taken, outcome, "
      "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, a.clinic_id)
      .Bind(2, e.patient_id)
      .Bind(3, e.onset_date.ToString())
      .Bind(4, e.description)
      .Bind(5, e.term)
      .Bind(6, int64_t{e.term_coded ? 1 : 0})
      .Bind(7, int64_t{e.ctcae_grade})
      .Bind(8, int64_t{e.serious ? 1 : 0})
      .Bind(9, criteria)
      .Bind(10, e.causality)
      .Bind(11, e.action_taken)
      .Bind(12, e.outcome)
      .Bind(13, a.recorded_by)
      .Bind(14, a.recorded_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert adverse event");
  const int64_t id = sqlite3_last_insert_rowid(db_);
  for (int64_t session : e.session_ids) {
    Stmt check(
        db_, "SELECT 1 FROM treatment_sessions WHERE id = ? AND clinic_id = ? AND patient_id = ?");
    check.Bind(1, session).Bind(2, a.clinic_id).Bind(3, e.patient_id);
    if (check.Step() != SQLITE_ROW)
      return Invalid("/session_ids", "err.not_found", {"session", std::to_string(session)});
    Stmt link(db_, "INSERT OR IGNORE INTO adverse_event_sessions (ae_id, session_id) VALUES (?,?)");
    link.Bind(1, id).Bind(2, session);
    if (link.Step() != SQLITE_DONE) return SqlError(db_, "link adverse event");
  }
  if (!tx.Commit()) return SqlError(db_, "adverse event: commit");
  return id;
}

Result<std::vector<StoredAdverseEvent>> SqliteStore::QueryAdverseEvents(const std::string& where,
                                                                        int64_t clinic,
                                                                        int64_t arg) const {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT id, patient_id, onset_date, description, term, term_coded, ctcae_grade, serious, "
         "seriousness_criteria, causality, action_taken, outcome, recorded_by, recorded_at FROM "
         "adverse_events WHERE clinic_id = ?1 AND " +
             where);
  s.Bind(1, clinic);
  if (where.find("?2") != std::string::npos) s.Bind(2, arg);
  std::vector<StoredAdverseEvent> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredAdverseEvent a;
    a.clinic_id = clinic;
    auto& e = a.event;
    e.id = s.Int(0);
    e.patient_id = s.Int(1);
    e.onset_date = Date::Parse(s.Text(2)).value_or(Date());
    e.description = s.Text(3);
    e.term = s.Text(4);
    e.term_coded = s.Int(5) != 0;
    e.ctcae_grade = static_cast<int>(s.Int(6));
    e.serious = s.Int(7) != 0;
    e.seriousness_criteria = SplitIds(s.Text(8));
    e.causality = s.Text(9);
    e.action_taken = s.Text(10);
    e.outcome = s.Text(11);
    a.recorded_by = s.Text(12);
    a.recorded_at.unix_seconds = s.Int(13);
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "adverse events");
  return out;
}

Result<std::vector<StoredAdverseEvent>> SqliteStore::ListAlerts(int64_t clinic) const {
  return QueryAdverseEvents("(serious = 1 OR ctcae_grade >= 3) ORDER BY id DESC", clinic, 0);
}

Result<std::vector<StoredAdverseEvent>> SqliteStore::ListPatientAdverseEvents(
    int64_t clinic, int64_t patient_id) const {
  return QueryAdverseEvents("patient_id = ?2 ORDER BY onset_date, id", clinic, patient_id);
}

Result<std::vector<SignalCounts>> SqliteStore::CountSignals(int64_t clinic) const {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "SELECT s.lot_id, l.lot_number, s.route, COUNT(*), "
         "COUNT(DISTINCT a.ae_id) FROM treatment_sessions s JOIN lots l ON l.id = s.lot_id "
         "LEFT JOIN adverse_event_sessions a ON a.session_id = s.id "
         "WHERE s.clinic_id = ? GROUP BY s.lot_id, s.route ORDER BY s.lot_id, s.route");
  s.Bind(1, clinic);
  std::vector<SignalCounts> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW)
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
  if (rc != SQLITE_DONE) return SqlError(db_, "signals");
  return out;
}

namespace {

constexpr std::string_view kMeasurementColumns =
    "m.id, m.clinic_id, m.patient_id, m.measure_id, m.value, m.measured_on, m.baseline, "
    "m.days_since_first, m.session_id, m.photo, m.note, m.detail_json, m.supersedes, "
    "m.correction_reason, m.source, m.recorded_by, m.recorded_at, "
    "(SELECT n.id FROM measurements n WHERE n.supersedes = m.id)";

StoredMeasurement ReadMeasurementRow(const Stmt& s) {
  StoredMeasurement m;
  m.id = s.Int(0);
  m.clinic_id = s.Int(1);
  m.entry.patient_id = s.Int(2);
  m.entry.measure_id = s.Text(3);
  m.entry.value = s.Double(4);
  m.entry.measured_on = Date::Parse(s.Text(5)).value_or(Date());
  m.baseline = s.Int(6) != 0;
  m.entry.baseline = m.baseline;
  if (!s.IsNull(7)) m.days_since_first = static_cast<int>(s.Int(7));
  if (!s.IsNull(8)) m.entry.session_id = s.Int(8);
  m.entry.photo = s.Text(9);
  m.entry.note = s.Text(10);
  m.entry.detail_json = s.Text(11);
  if (!s.IsNull(12)) m.supersedes = s.Int(12);
  m.correction_reason = s.Text(13);
  m.source = s.Text(14);
  m.recorded_by = s.Text(15);
  m.recorded_at.unix_seconds = s.Int(16);
  if (!s.IsNull(17)) m.superseded_by = s.Int(17);
  return m;
}

PortalLink ReadPortalRow(const Stmt& s) {
  PortalLink l;
  l.id = s.Int(0);
  l.clinic_id = s.Int(1);
  l.patient_id = s.Int(2);
  l.token_hash = s.Text(3);
  l.measures = SplitIds(s.Text(4));
  l.expires_at.unix_seconds = s.Int(5);
  l.created_by = s.Text(6);
  l.created_at.unix_seconds = s.Int(7);
  if (!s.IsNull(8)) l.revoked_at = Timestamp{s.Int(8)};
  return l;
}

constexpr std::string_view kPortalColumns =
    "id, clinic_id, patient_id, token_hash, measures, expires_at, created_by, created_at, "
    "revoked_at";

}  // namespace

Result<int64_t> SqliteStore::InsertMeasurement(const StoredMeasurement& m) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return SqlError(db_, "measurement: begin");
  if (m.supersedes) {
    Stmt old(db_,
             "SELECT (SELECT n.id FROM measurements n WHERE n.supersedes = m.id) FROM "
             "measurements m WHERE m.id = ? AND m.clinic_id = ?");
    old.Bind(1, *m.supersedes).Bind(2, m.clinic_id);
    if (old.Step() != SQLITE_ROW) return NotFound("measurement", std::to_string(*m.supersedes));
    if (!old.IsNull(0)) return Conflict("err.already_corrected", {std::to_string(old.Int(0))});
  }
  if (m.entry.session_id) {
    Stmt check(
        db_, "SELECT 1 FROM treatment_sessions WHERE id = ? AND clinic_id = ? AND patient_id = ?");
    check.Bind(1, *m.entry.session_id).Bind(2, m.clinic_id).Bind(3, m.entry.patient_id);
    if (check.Step() != SQLITE_ROW)
      return Invalid("/session_id", "err.session_other_patient",
                     {std::to_string(*m.entry.session_id)});
  }
  Stmt s(db_,
         "INSERT INTO measurements (clinic_id, patient_id, measure_id, value, measured_on, "
         "baseline, days_since_first, session_id, photo, note, detail_json, supersedes, "
         "correction_reason, source, recorded_by, recorded_at) "
         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, m.clinic_id)
      .Bind(2, m.entry.patient_id)
      .Bind(3, m.entry.measure_id)
      .BindReal(4, m.entry.value)
      .Bind(5, m.entry.measured_on.ToString())
      .Bind(6, int64_t{m.baseline ? 1 : 0});
  if (m.days_since_first)
    s.Bind(7, int64_t{*m.days_since_first});
  else
    s.BindNull(7);
  if (m.entry.session_id)
    s.Bind(8, *m.entry.session_id);
  else
    s.BindNull(8);
  s.Bind(9, m.entry.photo).Bind(10, m.entry.note).Bind(11, m.entry.detail_json);
  if (m.supersedes)
    s.Bind(12, *m.supersedes);
  else
    s.BindNull(12);
  s.Bind(13, m.correction_reason)
      .Bind(14, m.source)
      .Bind(15, m.recorded_by)
      .Bind(16, m.recorded_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert measurement");
  const int64_t id = sqlite3_last_insert_rowid(db_);
  if (!tx.Commit()) return SqlError(db_, "measurement: commit");
  return id;
}

Result<StoredMeasurement> SqliteStore::FindMeasurement(int64_t clinic, int64_t id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kMeasurementColumns) +
                  " FROM measurements m WHERE m.id = ? AND m.clinic_id = ?");
  s.Bind(1, id).Bind(2, clinic);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound("measurement", std::to_string(id));
  if (rc != SQLITE_ROW) return SqlError(db_, "find measurement");
  return ReadMeasurementRow(s);
}

Result<std::vector<StoredMeasurement>> SqliteStore::ListPatientMeasurements(
    int64_t clinic, int64_t patient_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kMeasurementColumns) +
                  " FROM measurements m WHERE m.clinic_id = ? AND m.patient_id = ? "
                  "ORDER BY m.measured_on, m.id");
  s.Bind(1, clinic).Bind(2, patient_id);
  std::vector<StoredMeasurement> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadMeasurementRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list measurements");
  return out;
}

Result<std::vector<StoredMeasurement>> SqliteStore::ListCurrentMeasurements(int64_t clinic) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kMeasurementColumns) +
                  " FROM measurements m WHERE m.clinic_id = ? AND NOT EXISTS (SELECT 1 FROM "
                  "measurements n WHERE n.supersedes = m.id) "
                  "ORDER BY m.patient_id, m.measured_on, m.id");
  s.Bind(1, clinic);
  std::vector<StoredMeasurement> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadMeasurementRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list current measurements");
  return out;
}

Result<int64_t> SqliteStore::InsertPortalLink(const PortalLink& l) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO portal_links (clinic_id, patient_id, token_hash, measures, expires_at, "
         "created_by, created_at) VALUES (?,?,?,?,?,?,?)");
  s.Bind(1, l.clinic_id)
      .Bind(2, l.patient_id)
      .Bind(3, l.token_hash)
      .Bind(4, JoinIds(l.measures))
      .Bind(5, l.expires_at.unix_seconds)
      .Bind(6, l.created_by)
      .Bind(7, l.created_at.unix_seconds);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert portal link");
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<PortalLink>> SqliteStore::FindPortalLink(const std::string& token_hash) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPortalColumns) + " FROM portal_links WHERE token_hash = ?");
  s.Bind(1, token_hash);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<PortalLink>();
  if (rc != SQLITE_ROW) return SqlError(db_, "find portal link");
  return std::optional<PortalLink>(ReadPortalRow(s));
}

Result<std::vector<PortalLink>> SqliteStore::ListPortalLinks(int64_t clinic,
                                                             int64_t patient_id) const {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT " + std::string(kPortalColumns) +
                  " FROM portal_links WHERE clinic_id = ? AND patient_id = ? ORDER BY id");
  s.Bind(1, clinic).Bind(2, patient_id);
  std::vector<PortalLink> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadPortalRow(s));
  if (rc != SQLITE_DONE) return SqlError(db_, "list portal links");
  return out;
}

Status SqliteStore::RevokePortalLink(int64_t clinic, int64_t id, Timestamp at) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE portal_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND "
         "clinic_id = ?");
  s.Bind(1, at.unix_seconds).Bind(2, id).Bind(3, clinic);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "revoke portal link");
  if (sqlite3_changes(db_) == 0) return NotFound("portal link", std::to_string(id));
  return OkStatus();
}

Result<std::string> SqliteStore::DeidentificationSalt(const std::string& fresh) {
  std::lock_guard lock(mu_);
  Stmt ins(db_, "INSERT OR IGNORE INTO deidentification (id, salt) VALUES (1, ?)");
  ins.Bind(1, fresh);
  if (ins.Step() != SQLITE_DONE) return SqlError(db_, "deidentification salt");
  Stmt s(db_, "SELECT salt FROM deidentification WHERE id = 1");
  if (s.Step() != SQLITE_ROW) return SqlError(db_, "deidentification salt");
  return s.Text(0);
}

}  // namespace exo::store
