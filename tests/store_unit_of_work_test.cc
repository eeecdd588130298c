// The SQLite unit of work: a change and its audit entry commit together or not at all, units
// nest as savepoints, and other threads neither see nor break a unit in progress.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "audit/chain.h"
#include "db_dump.h"
#include "sqlite_stores_fixture.h"
#include "store_test_lots.h"
#include "temp_dir.h"

namespace exo::store {
namespace {

using product::LotState;
using testing::Import;
using testing::NewLot;

LotEvent Release() { return testing::Release(RouteSet::All(), false); }

AuditEntry Entry(const std::string& object) {
  return testing::PhysicianEntry("lot.import", object);
}

class UnitOfWorkTest : public testing::SqliteStoresTest {
 protected:
  // Imports a lot and audits it; the unit's status.
  Status ImportAudited(const std::string& number) {
    auto id = S().lot_writer.InsertLot(NewLot(number), Import());
    if (!id) return id.error();
    return S().audit_writer.Append(Entry("lot/" + std::to_string(*id)));
  }
  std::string Dump() { return testing::DumpAllTables(path_); }
};

TEST_F(UnitOfWorkTest, CommitsTheChangeAndItsAuditEntryTogether) {
  ASSERT_TRUE(S().unit_of_work.Run([&] { return ImportAudited("A1"); }).has_value());
  EXPECT_EQ(Lots(), 1u);
  ASSERT_EQ(Audit().size(), 1u);
  EXPECT_EQ(Audit()[0].object, "lot/1");
}

TEST_F(UnitOfWorkTest, AFailureAfterTheChangeLeavesNothing) {
  ASSERT_TRUE(ImportAudited("A0").has_value());  // something to keep
  const std::string before = Dump();
  const Status st = S().unit_of_work.Run([&]() -> Status {
    const LotId id = S().lot_writer.InsertLot(NewLot("A1"), Import()).value();
    EXPECT_TRUE(S().lot_writer.ApplyLotEvent(1, id, Release()).has_value());
    EXPECT_TRUE(S().audit_writer.Append(Entry("lot/" + std::to_string(id))).has_value());
    return Conflict("err.test_failure");
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().message_id, "err.test_failure");
  EXPECT_EQ(Dump(), before);
}

TEST_F(UnitOfWorkTest, AnExceptionRollsBackAndIsReportedAsInternal) {
  const std::string before = Dump();
  const Status st = S().unit_of_work.Run([&]() -> Status {
    EXPECT_TRUE(ImportAudited("A1").has_value());
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Dump(), before);
  EXPECT_TRUE(ImportAudited("A1").has_value());  // the connection is usable again
}

TEST_F(UnitOfWorkTest, AFailedNestedUnitUndoesOnlyItsOwnChanges) {
  const Status st = S().unit_of_work.Run([&]() -> Status {
    if (auto ok = ImportAudited("A1"); !ok) return ok;
    const Status inner = S().unit_of_work.Run([&]() -> Status {
      EXPECT_TRUE(ImportAudited("B2").has_value());
      return Conflict("err.test_failure");
    });
    EXPECT_EQ(inner.error().code, ErrorCode::kConflict);
    return OkStatus();
  });
  ASSERT_TRUE(st.has_value());
  const auto lots = S().lot_reader.ListLots(1, {}).value();
  ASSERT_EQ(lots.size(), 1u);
  EXPECT_EQ(lots[0].lot_number, "A1");
  EXPECT_EQ(Audit().size(), 1u);
  EXPECT_FALSE(audit::VerifyChain(Audit()).has_value());
}

TEST_F(UnitOfWorkTest, AFailedOuterUnitUndoesItsCommittedNestedUnits) {
  const std::string before = Dump();
  const Status st = S().unit_of_work.Run([&]() -> Status {
    EXPECT_TRUE(S().unit_of_work.Run([&] { return ImportAudited("B2"); }).has_value());
    return Internal("later step failed");
  });
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Dump(), before);
}

TEST_F(UnitOfWorkTest, AStoreMethodsOwnTransactionIsASavepointInsideTheUnit) {
  const Status st = S().unit_of_work.Run([&]() -> Status {
    const LotId id = S().lot_writer.InsertLot(NewLot("A1"), Import()).value();
    // Refused inside the unit: their own changes are undone, the unit's are kept.
    EXPECT_EQ(S().lot_writer.InsertLot(NewLot("A1"), Import()).error().code, ErrorCode::kConflict);
    EXPECT_EQ(S().lot_writer.ApplyLotEvent(1, 999, Release()).error().code, ErrorCode::kNotFound);
    LotEvent stale = Release();
    stale.from = LotState::kReleased;
    EXPECT_EQ(S().lot_writer.ApplyLotEvent(1, id, stale).error().code, ErrorCode::kConflict);
    if (auto ok = S().lot_writer.ApplyLotEvent(1, id, Release()); !ok) return ok;
    return S().audit_writer.Append(Entry("lot/" + std::to_string(id)));
  });
  ASSERT_TRUE(st.has_value());
  const auto lot = S().lot_reader.FindLot(1, 1).value();
  EXPECT_EQ(lot.state, LotState::kReleased);
  EXPECT_EQ(lot.events.size(), 2u);
  EXPECT_EQ(Lots(), 1u);
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(UnitOfWorkTest, OtherThreadsNeitherSeeNorJoinAUnitInProgress) {
  auto other_connection = SqliteStores::Open(path_).value();
  std::atomic<bool> started = false;
  std::thread unit([&] {
    const Status st = S().unit_of_work.Run([&]() -> Status {
      EXPECT_TRUE(ImportAudited("A1").has_value());
      started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Conflict("err.test_failure");
    });
    EXPECT_FALSE(st.has_value());
  });
  while (!started) std::this_thread::yield();
  // Another connection reads the last committed state without waiting.
  EXPECT_TRUE(other_connection->Refs().lot_reader.ListLots(1, {})->empty());
  // This thread's statements on the same connection wait for the unit to end, so they are
  // neither rolled back with it nor see its changes.
  EXPECT_TRUE(S().audit_writer.Append(Entry("clinic/1")).has_value());
  EXPECT_EQ(Lots(), 0u);
  unit.join();
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object, "clinic/1");
  EXPECT_EQ(Lots(), 0u);
}

TEST_F(UnitOfWorkTest, ConcurrentUnitsKeepOnlyTheirCommittedChanges) {
  constexpr int kThreads = 6;
  constexpr int kUnits = 10;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int u = 0; u < kUnits; ++u) {
        const bool fail = u % 2 == 1;
        const Status st = S().unit_of_work.Run([&]() -> Status {
          if (auto ok = ImportAudited("T" + std::to_string(t) + "-" + std::to_string(u)); !ok)
            return ok;
          if (fail) return Conflict("err.test_failure");
          return OkStatus();
        });
        EXPECT_EQ(st.has_value(), !fail);
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto lots = S().lot_reader.ListLots(1, {}).value();
  const auto audit = Audit();
  EXPECT_EQ(lots.size(), static_cast<size_t>(kThreads * kUnits / 2));
  ASSERT_EQ(audit.size(), lots.size());
  EXPECT_FALSE(audit::VerifyChain(audit).has_value());
  for (const auto& lot : lots) {
    EXPECT_EQ(lot.lot_number.back() % 2, 0) << lot.lot_number;  // only the units that committed
    const std::string object = "lot/" + std::to_string(lot.id);
    EXPECT_EQ(std::count_if(audit.begin(), audit.end(),
                            [&](const AuditEntry& e) { return e.object == object; }),
              1);
  }
}

}  // namespace
}  // namespace exo::store
