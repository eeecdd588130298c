// The lot store contract on a real SQLite file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "db_dump.h"
#include "store/sqlite/sqlite_stores.h"
#include "store_test_lots.h"
#include "temp_dir.h"

namespace exo::store {
namespace {

using product::LotAction;
using product::LotState;
using testing::Import;
using testing::NewLot;
using testing::Release;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStores::Open(path_);
    ASSERT_TRUE(s.has_value()) << RenderError(s.error(), Lang::kEn);
    stores_ = std::move(*s);
  }
  LotReader& reader() { return stores_->Refs().lot_reader; }
  LotWriter& writer() { return stores_->Refs().lot_writer; }
  exo::testing::TempDir dir_;
  std::string path_ = dir_.File("exo.db");
  std::unique_ptr<SqliteStores> stores_;
};

TEST_F(SqliteStoreTest, MigratesOnceAndKeepsDataAcrossReopen) {
  EXPECT_EQ(stores_->SchemaVersion(), 17);
  auto id = writer().InsertLot(NewLot("A1"), Import());
  ASSERT_TRUE(id.has_value());
  stores_.reset();
  auto again = SqliteStores::Open(path_);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*again)->SchemaVersion(), 17);
  auto lot = (*again)->Refs().lot_reader.FindLot(1, *id);
  ASSERT_TRUE(lot.has_value());
  EXPECT_EQ(lot->lot_number, "A1");
  EXPECT_EQ(lot->vials_in_stock, 5);
  EXPECT_EQ(lot->expires_on->ToString(), "2027-01-01");
  ASSERT_EQ(lot->events.size(), 1u);
  EXPECT_EQ(lot->events[0].actor, "tester");
  EXPECT_FALSE(lot->events[0].from.has_value());
}

TEST_F(SqliteStoreTest, UsesWalAndForeignKeys) {
  EXPECT_EQ(exo::testing::DumpTable(path_, "pragma_journal_mode"), "wal|\n");
  // A lot event for a missing lot violates the foreign key.
  auto id = writer().InsertLot(NewLot("A1"), Import());
  ASSERT_TRUE(id.has_value());
  auto st = writer().ApplyLotEvent(1, 999, Release(RouteSet::All(), false));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
}

// Opening another connection in this process must not drop the locks of the live one: if it
// did, another process closing the database (`exoclinic lot list` beside `serve`) would
// check-point and remove the WAL under the live connection, whose next writes were then lost
// and the file later corrupted (found by replaying issue #13 beside a running server).
TEST_F(SqliteStoreTest, AnotherConnectionAndAnotherProcessLoseNoWrite) {
  ASSERT_TRUE(writer().InsertLot(NewLot("W1"), Import()).has_value());
  auto second = SqliteStores::Open(path_);  // as a server's next worker connection does
  ASSERT_TRUE(second.has_value());
  const std::string other_process =
      "sqlite3 '" + path_ + "' 'SELECT count(*) FROM lots;' >/dev/null";
  ASSERT_EQ(std::system(other_process.c_str()), 0);
  EXPECT_TRUE(std::filesystem::exists(path_ + "-wal"))
      << "the WAL was removed under a live connection";
  ASSERT_TRUE(writer().InsertLot(NewLot("W2"), Import()).has_value());
  second->reset();
  stores_.reset();
  const std::string lots = exo::testing::DumpTable(path_, "lots");
  EXPECT_NE(lots.find("W1"), std::string::npos) << lots;
  EXPECT_NE(lots.find("W2"), std::string::npos) << lots;
  EXPECT_EQ(exo::testing::DumpTable(path_, "pragma_integrity_check"), "ok|\n");
}

TEST_F(SqliteStoreTest, DuplicateLotNumberIsAConflictAndStoresNothing) {
  ASSERT_TRUE(writer().InsertLot(NewLot("A1"), Import()).has_value());
  const std::string before = exo::testing::DumpData(path_);
  Lot dup = NewLot("A1");
  dup.public_token = "other";
  auto again = writer().InsertLot(dup, Import());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message_id, "err.lot_duplicate");
  EXPECT_EQ(exo::testing::DumpData(path_), before);
}

TEST_F(SqliteStoreTest, EventsApplyOnlyFromTheExpectedState) {
  const LotId id = *writer().InsertLot(NewLot("A1"), Import());
  RouteSet routes;
  routes.Add(Route::kIv);
  ASSERT_TRUE(writer().ApplyLotEvent(1, id, Release(routes, true)).has_value());
  auto lot = reader().FindLot(1, id);
  EXPECT_EQ(lot->state, LotState::kReleased);
  EXPECT_TRUE(lot->released_routes.Has(Route::kIv));
  EXPECT_TRUE(lot->has_override);
  // Each overridden criterion comes back with its routes and its own reason (#13).
  EXPECT_EQ(lot->events.back().overridden, Release(routes, true).overridden);
  EXPECT_EQ(lot->events.back().overridden[1].reason, "GMP certificate seen on site");
  // A second writer still believing the lot is quarantined loses.
  const std::string before = exo::testing::DumpData(path_);
  auto stale = writer().ApplyLotEvent(1, id, Release(routes, false));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(exo::testing::DumpData(path_), before);
}

TEST_F(SqliteStoreTest, RecallClearsRoutesAndKeepsOverrideVisible) {
  const LotId id = *writer().InsertLot(NewLot("A1"), Import());
  ASSERT_TRUE(writer().ApplyLotEvent(1, id, Release(RouteSet::All(), true)).has_value());
  LotEvent recall;
  recall.at = {3000};
  recall.actor = "dr";
  recall.action = LotAction::kRecall;
  recall.from = LotState::kReleased;
  recall.to = LotState::kRecalled;
  recall.reason = "supplier notice";
  ASSERT_TRUE(writer().ApplyLotEvent(1, id, recall).has_value());
  auto lot = reader().FindLot(1, id);
  EXPECT_EQ(lot->state, LotState::kRecalled);
  EXPECT_TRUE(lot->released_routes.empty());
  EXPECT_TRUE(lot->has_override);
  ASSERT_EQ(lot->events.size(), 3u);
  EXPECT_EQ(lot->events[2].reason, "supplier notice");
}

TEST_F(SqliteStoreTest, ClinicsCannotSeeEachOthersLots) {
  const LotId id = *writer().InsertLot(NewLot("A1"), Import());
  auto other = reader().FindLot(2, id);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(reader().ListLots(2, {})->empty());
  EXPECT_EQ(reader().ListLots(1, {})->size(), 1u);
}

// A lot's revision (#17) is the database's own: it changes with every change to the lot, its
// events or its clinic's staff names, made through the store or by another connection, and
// with nothing else; the staff part moves the clinic's row, not every lot's; another clinic's
// id is not found, as with FindLot.
TEST_F(SqliteStoreTest, ALotsRevisionChangesWithTheLotItsEventsAndItsClinicsStaffNames) {
  const LotId id = *writer().InsertLot(NewLot("A1"), Import());
  const LotId other = *writer().InsertLot(NewLot("B2"), Import());
  product::LotRevision last = *reader().FindLotRevision(1, id);
  EXPECT_EQ(reader().FindLot(1, id)->revision, last);
  const auto changed = [&] {
    const product::LotRevision now = *reader().FindLotRevision(1, id);
    const bool moved = now != last;
    last = now;
    return moved;
  };
  EXPECT_FALSE(changed());
  RouteSet routes;
  routes.Add(Route::kIv);
  ASSERT_TRUE(writer().ApplyLotEvent(1, id, Release(routes, false)).has_value());
  EXPECT_TRUE(changed());
  const auto sql = [&](const std::string& text) {
    ASSERT_TRUE(exo::testing::ExecOnOtherConnection(path_, text)) << text;
  };
  sql("UPDATE lots SET vials_in_stock = 4 WHERE id = " + std::to_string(id));
  EXPECT_TRUE(changed());
  sql("UPDATE lots SET vials_in_stock = 3 WHERE id = " + std::to_string(other));
  EXPECT_FALSE(changed());  // another lot
  sql("UPDATE lot_events SET reason = 'r' WHERE lot_id = " + std::to_string(id));
  EXPECT_TRUE(changed());
  sql("INSERT INTO users (clinic_id, username, role, password_hash, created_at) "
      "VALUES (1, 'nurse.ito', 'nurse', 'x', 0)");
  EXPECT_TRUE(changed());
  sql("UPDATE users SET display_name = '伊藤 真理' WHERE username = 'nurse.ito'");
  EXPECT_TRUE(changed());
  sql("UPDATE users SET disabled = 1 WHERE username = 'nurse.ito'");
  EXPECT_FALSE(changed());  // not shown with the lot
  sql("INSERT INTO clinics (id, name) VALUES (2, 'Other')");
  sql("INSERT INTO users (clinic_id, username, role, password_hash, created_at) "
      "VALUES (2, 'dr.other', 'physician', 'x', 0)");
  EXPECT_FALSE(changed());  // another clinic's staff
  const std::string lots_before = exo::testing::DumpTable(path_, "lots");
  sql("DELETE FROM users WHERE username = 'nurse.ito'");
  EXPECT_TRUE(changed());
  EXPECT_EQ(exo::testing::DumpTable(path_, "lots"), lots_before);  // no lot row rewritten
  EXPECT_EQ(reader().FindLot(1, id)->revision, last);
  auto elsewhere = reader().FindLotRevision(2, id);
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ListFiltersByStateAndExpiry) {
  writer().InsertLot(NewLot("A1", "2026-01-01"), Import()).value();
  const LotId b = *writer().InsertLot(NewLot("B2", "2028-01-01"), Import());
  ASSERT_TRUE(writer().ApplyLotEvent(1, b, Release(RouteSet::All(), false)).has_value());
  LotFilter released;
  released.state = LotState::kReleased;
  EXPECT_EQ(reader().ListLots(1, released)->size(), 1u);
  LotFilter expiring;
  expiring.expires_before = Date::Parse("2027-01-01");
  auto lots = reader().ListLots(1, expiring);
  ASSERT_EQ(lots->size(), 1u);
  EXPECT_EQ((*lots)[0].lot_number, "A1");
  auto by_number = reader().FindLotByNumber(1, "M", "B2");
  ASSERT_TRUE(by_number.has_value());
  EXPECT_EQ(**by_number, b);
  EXPECT_FALSE(reader().FindLotByNumber(1, "M", "zzz")->has_value());
}

TEST_F(SqliteStoreTest, AuditEntriesAreAppendedInOrder) {
  AuditEntry e;
  e.at = {5};
  e.actor = "dr";
  e.role = "physician";
  e.clinic_id = 1;
  e.action = "lot.release";
  e.object = "lot/1";
  e.outcome = AuditOutcome::kDenied;
  ASSERT_TRUE(stores_->Refs().audit_writer.Append(e).has_value());
  e.outcome = AuditOutcome::kAllowed;
  ASSERT_TRUE(stores_->Refs().audit_writer.Append(e).has_value());
  auto list = stores_->Refs().audit_reader.ListAudit(0, 10);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].outcome, AuditOutcome::kDenied);
  EXPECT_EQ((*list)[1].outcome, AuditOutcome::kAllowed);
  EXPECT_EQ(stores_->Refs().audit_reader.ListAudit((*list)[0].id, 10)->size(), 1u);
}

}  // namespace
}  // namespace exo::store
