// The schema: migrations applied in order at start-up, each once, recorded in
// schema_migrations. Never edit one that has shipped; add a new one.
#include "store/sqlite/internal/schema.h"

#include <string_view>
#include <vector>

#include "store/sqlite/internal/statement.h"

namespace exo::store::sqlite {

namespace {

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
      // One portal answer per questionnaire per link, however many submissions race (#16);
      // corrections of that answer carry `supersedes` and are not counted.
      R"sql(
CREATE UNIQUE INDEX measurements_one_portal_answer ON measurements (source, measure_id)
  WHERE source LIKE 'portal_link/%' AND supersedes IS NULL;
)sql",
      // A physician's stated reason where a guard of the record was overridden (#13): a
      // session sooner than its plan's interval, a plan beside another running on its route.
      R"sql(
ALTER TABLE treatment_sessions ADD COLUMN interval_override_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN activation_override TEXT NOT NULL DEFAULT '';
-- Who signed a consent when not the patient: the representative's relationship (#13).
ALTER TABLE consents ADD COLUMN signer_relationship TEXT NOT NULL DEFAULT '';
DROP TRIGGER consents_signed_are_immutable;
CREATE TRIGGER consents_signed_are_immutable
BEFORE UPDATE OF clinic_id, plan_id, patient_id, lang, pdf, sha256, typed_name,
  has_signature_image, signed_at, recorded_by, signer_relationship ON consents
BEGIN SELECT RAISE(ABORT, 'a signed consent cannot be changed'); END;
)sql",
      // Every entry made by a named person (#13): how staff are named on documents and screens,
      // and a physician's registration number (医籍登録番号) for the consent's physician line.
      R"sql(
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
)sql",
      // Failed logins (issue #16): the login limits survive a restart.
      R"sql(
CREATE TABLE login_failures (
  key_hash TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key_hash, at);
)sql",
      // The likely-duplicate check on registration (#13) looks patients up by birth date: without
      // this index each registration read the whole table (load bench: 708 -> 257 writes/s as
      // the clinic grew to 13,000 patients).
      R"sql(
CREATE INDEX patients_by_birth_date ON patients (clinic_id, birth_date);
)sql",
      // Demo data marked as such (#14): the demo clinic's fictitious patients, so that every page
      // and document built from them says so. Set only by `exoclinic demo`, never from input.
      R"sql(
ALTER TABLE patients ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1));
CREATE INDEX patients_synthetic ON patients (clinic_id) WHERE synthetic = 1;
)sql",
      // The front desk's check-ins (#15): a patient's arrival on a clinic day, once a day unless
      // undone; an undone check-in keeps its row (who undid it, when).
      R"sql(
CREATE TABLE checkins (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  day TEXT NOT NULL,
  checked_in_at INTEGER NOT NULL,
  checked_in_by TEXT NOT NULL,
  undone_at INTEGER,
  undone_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX checkins_once_a_day ON checkins (clinic_id, patient_id, day)
  WHERE undone_at IS NULL;
CREATE INDEX checkins_by_day ON checkins (clinic_id, day);
)sql",
      // A lot's revision (#17): moved by the database itself on every change to the lot or its
      // events (lots.revision) and to the names of its clinic's staff, who appear in its history
      // (clinics.staff_revision), whoever makes it (the server, the command line, another
      // process). A read compares it with the one its kept JSON was made from
      // (app::LotReportCache) instead of reading the lot again.
      R"sql(
ALTER TABLE lots ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clinics ADD COLUMN staff_revision INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER lots_revision AFTER UPDATE ON lots WHEN NEW.revision = OLD.revision
BEGIN UPDATE lots SET revision = OLD.revision + 1 WHERE id = NEW.id; END;
CREATE TRIGGER lot_events_revision_insert AFTER INSERT ON lot_events
BEGIN UPDATE lots SET revision = revision + 1 WHERE id = NEW.lot_id; END;
CREATE TRIGGER lot_events_revision_update AFTER UPDATE ON lot_events
BEGIN UPDATE lots SET revision = revision + 1 WHERE id IN (OLD.lot_id, NEW.lot_id); END;
CREATE TRIGGER lot_events_revision_delete AFTER DELETE ON lot_events
BEGIN UPDATE lots SET revision = revision + 1 WHERE id = OLD.lot_id; END;
CREATE TRIGGER users_staff_revision_insert AFTER INSERT ON users
BEGIN UPDATE clinics SET staff_revision = staff_revision + 1 WHERE id = NEW.clinic_id; END;
CREATE TRIGGER users_staff_revision_update AFTER UPDATE OF username, display_name, clinic_id
ON users
BEGIN
  UPDATE clinics SET staff_revision = staff_revision + 1 WHERE id IN (OLD.clinic_id, NEW.clinic_id);
END;
CREATE TRIGGER users_staff_revision_delete AFTER DELETE ON users
BEGIN UPDATE clinics SET staff_revision = staff_revision + 1 WHERE id = OLD.clinic_id; END;
)sql",
  };
  return *migrations;
}

}  // namespace

Status Migrate(Database& db) {
  if (auto st =
          ExecScript(db,
                     "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                     "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
      !st)
    return st;
  return InTransaction(db, [&db]() -> Status {
    auto current = SchemaVersion(db);
    if (!current) return current.error();
    const auto& migrations = Migrations();
    const int latest = static_cast<int>(migrations.size());
    if (*current > latest)
      return MakeError(
          ErrorCode::kUnavailable, "err.unavailable",
          {"database schema version " + std::to_string(*current) + " is newer than this program"});
    for (int v = *current + 1; v <= latest; ++v) {
      if (auto st = ExecScript(db, migrations[static_cast<size_t>(v - 1)]); !st) return st;
      if (auto st = Exec(db, "INSERT INTO schema_migrations (version) VALUES (?)", {v}); !st)
        return st;
    }
    return OkStatus();
  });
}

Result<int> SchemaVersion(const Database& db) {
  return QueryOne(
      db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {},
      [](const Statement& s) { return static_cast<int>(s.Int(0)); }, Internal("schema version"));
}

}  // namespace exo::store::sqlite
