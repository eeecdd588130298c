// Traceability at registry scale: `trace lot` with 1,000,000 patients and 10,000,000 sessions
// in SQLite (goal: under 20 ms). The data set is generated on first use, with progress on the
// terminal, into the file given by EXO_TRACE_DB (default /tmp/exoclinic-trace-bench.db).
//   build/bench/trace_bench [--benchmark_min_time=2]
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "store/sqlite/sqlite_stores.h"

namespace {

constexpr int64_t kPatients = 1'000'000;
constexpr int64_t kSessions = 10'000'000;
constexpr int64_t kLots = 10'000;

std::string DbPath() {
  const char* p = std::getenv("EXO_TRACE_DB");
  return p != nullptr ? p : "/tmp/exoclinic-trace-bench.db";
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql, err);
    std::exit(1);
  }
}

void Progress(const char* what, int64_t done, int64_t total) {
  std::fprintf(stderr, "\r%-10s %5.1f%% (%lld / %lld)", what, 100.0 * done / total,
               static_cast<long long>(done), static_cast<long long>(total));
  if (done == total) std::fprintf(stderr, "\n");
}

// Creates the schema through the real store, then bulk-loads rows with prepared statements.
void Generate(const std::string& path) {
  std::fprintf(stderr, "generating %s (once)\n", path.c_str());
  { auto stores = exo::store::SqliteStores::Open(path).value(); }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA journal_mode=OFF");
  Exec(db, "BEGIN");
  std::mt19937_64 rng(42);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO lots (id, clinic_id, lot_number, product_name, manufacturer, "
                     "expires_on, state, released_routes, certificate_json, public_token, "
                     "imported_at) VALUES (?, 1, ?, 'bench product', 'bench', '2030-01-01', "
                     "'released', 'iv,injection,microneedle,topical', '{}', ?, 0)",
                     -1, &s, nullptr);
  for (int64_t i = 1; i <= kLots; ++i) {
    const std::string n = "L" + std::to_string(i), tok = "t" + std::to_string(i);
    sqlite3_bind_int64(s, 1, i);
    sqlite3_bind_text(s, 2, n.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, tok.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s);
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_prepare_v2(db,
                     "INSERT INTO patients (id, clinic_id, patient_number, name_kanji, name_kana, "
                     "birth_date, sex, phone, email, created_at) VALUES (?, 1, ?, '試験 太郎', "
                     "'シケン タロウ', '1980-01-01', 'female', '090-0000-0000', 'p@example.jp', 0)",
                     -1, &s, nullptr);
  for (int64_t i = 1; i <= kPatients; ++i) {
    char num[16];
    std::snprintf(num, sizeof num, "P%07lld", static_cast<long long>(i));
    sqlite3_bind_int64(s, 1, i);
    sqlite3_bind_text(s, 2, num, -1, SQLITE_TRANSIENT);
    sqlite3_step(s);
    sqlite3_reset(s);
    if (i % 100000 == 0) Progress("patients", i, kPatients);
  }
  sqlite3_finalize(s);
  Exec(db,
       "INSERT INTO plans (id, clinic_id, patient_id, lot_id, request_json, status, created_at, "
       "created_by) VALUES (1, 1, 1, 1, '{}', 'active', 0, 'bench')");
  sqlite3_prepare_v2(
      db,
      "INSERT INTO treatment_sessions (clinic_id, patient_id, plan_id, lot_id, "
      "performed_at, operator, route, sites, dose_particles, volume_ml, vials_used, "
      "vitals_json, reactions, notes, recorded_by, recorded_at) VALUES (1, ?, 1, ?, ?, "
      "'nurse', 'microneedle', 'face', 1e10, 1.0, 1, '{}', '', '', 'bench', 0)",
      -1, &s, nullptr);
  std::uniform_int_distribution<int64_t> patient(1, kPatients), lot(1, kLots);
  for (int64_t i = 1; i <= kSessions; ++i) {
    sqlite3_bind_int64(s, 1, patient(rng));
    sqlite3_bind_int64(s, 2, lot(rng));
    sqlite3_bind_int64(s, 3, 1700000000 + i * 3);
    sqlite3_step(s);
    sqlite3_reset(s);
    if (i % 500000 == 0) Progress("sessions", i, kSessions);
  }
  sqlite3_finalize(s);
  Exec(db, "COMMIT");
  Exec(db, "ANALYZE");
  sqlite3_close(db);
}

exo::store::TreatmentSessionStore& Store() {
  static auto stores = [] {
    if (!std::filesystem::exists(DbPath())) Generate(DbPath());
    return exo::store::SqliteStores::Open(DbPath()).value();
  }();
  return stores->Refs().treatment_sessions;
}

void BM_TraceLot(benchmark::State& state) {
  auto& store = Store();
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> lot(1, kLots);
  size_t rows = 0;
  for (auto _ : state) {
    auto r = store.TraceLot(1, lot(rng));
    rows += r->size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["sessions_per_lot"] = static_cast<double>(rows) / state.iterations();
}
BENCHMARK(BM_TraceLot)->Unit(benchmark::kMillisecond);

void BM_TracePatient(benchmark::State& state) {
  auto& store = Store();
  std::mt19937_64 rng(9);
  std::uniform_int_distribution<int64_t> patient(1, kPatients);
  for (auto _ : state) {
    auto r = store.ListPatientSessions(1, patient(rng));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_TracePatient)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
