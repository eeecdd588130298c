// The path of a read-only request (issue #17): UnitOfWork::Read gives every query one moment and
// refuses any change; the group audit writer's AppendThen tells its caller once the entry is on
// disk, and entries handed over together share a commit; app::DeferredAudit lets a request go on
// while its entries are written and runs its continuation only once they are stored.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "app/audit.h"
#include "app/clock.h"
#include "audit/chain.h"
#include "sqlite_stores_fixture.h"
#include "store/sqlite/sqlite_group_audit_log.h"
#include "store/sqlite/sqlite_stores.h"
#include "store_test_lots.h"

namespace exo {
namespace {

using store::AuditEntry;
using store::SqliteStores;

AuditEntry Entry(const std::string& action, const std::string& object) {
  return testing::PhysicianEntry(action, object);
}

class ReadPathTest : public testing::SqliteStoresTest {
 protected:
  Result<int64_t> Import(const std::string& number) {
    return S().lot_writer.InsertLot(testing::NewLot(number), testing::Import());
  }
};

TEST_F(ReadPathTest, AChangeInsideAReadFailsAndStoresNothing) {
  ASSERT_TRUE(Import("BEFORE").has_value());
  const std::string before = testing::DumpAllTables(path_);
  Status store_call = OkStatus(), unit = OkStatus();
  const Status read = S().unit_of_work.Read([&]() -> Status {
    // A store method's own transaction, and a unit of work, are both refused here.
    auto id = Import("INSIDE-READ");
    store_call = id ? OkStatus() : Status(id.error());
    unit = S().unit_of_work.Run([&]() -> Status {
      auto again = Import("INSIDE-RUN");
      return again ? OkStatus() : Status(again.error());
    });
    return OkStatus();
  });
  ASSERT_TRUE(read.has_value());
  ASSERT_FALSE(store_call.has_value());
  EXPECT_EQ(store_call.error().code, ErrorCode::kInternal);
  ASSERT_FALSE(unit.has_value());
  EXPECT_EQ(unit.error().code, ErrorCode::kInternal);
  EXPECT_EQ(testing::DumpAllTables(path_), before);
  // After the read, changes work again on this thread.
  EXPECT_TRUE(Import("AFTER").has_value());
  EXPECT_EQ(Lots(), 2u);
}

TEST_F(ReadPathTest, EveryQueryInsideAReadSeesOneMoment) {
  ASSERT_TRUE(Import("FIRST").has_value());
  size_t first = 0, second = 0;
  const Status read = S().unit_of_work.Read([&]() -> Status {
    first = Lots();
    // Another thread commits a lot meanwhile; it neither waits for this read nor shows in it.
    std::thread([&] {
      EXPECT_TRUE(S().unit_of_work.Run([&]() -> Status {
        auto id = Import("SECOND");
        return id ? OkStatus() : Status(id.error());
      }));
    }).join();
    // A nested read joins the same moment.
    EXPECT_TRUE(S().unit_of_work.Read([&]() -> Status {
      second = Lots();
      return OkStatus();
    }));
    return OkStatus();
  });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(second, 1u);
  EXPECT_EQ(Lots(), 2u);
}

TEST_F(ReadPathTest, AReadMayAppendAuditEntriesOfItsOwn) {
  const Status read = S().unit_of_work.Read(
      [&]() -> Status { return S().audit_writer.Append(Entry("lot.read", "lot/7")); });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(CountOnDisk("action = 'lot.read' AND object = 'lot/7'"), 1);
}

TEST_F(ReadPathTest, AnExceptionInsideAReadIsInternal) {
  const Status read =
      S().unit_of_work.Read([]() -> Status { throw std::runtime_error("the handler broke"); });
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::kInternal);
}

TEST_F(ReadPathTest, AppendThenTellsOnceTheEntryIsOnDisk) {
  std::promise<std::pair<bool, int>> told;
  S().audit_writer.AppendThen(Entry("lot.read", "lot/then"), [&](const Status& st) {
    told.set_value({st.has_value(), CountOnDisk("object = 'lot/then'")});
  });
  auto f = told.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto [ok, on_disk] = f.get();
  EXPECT_TRUE(ok);
  EXPECT_EQ(on_disk, 1);  // already there when the callback ran
}

TEST_F(ReadPathTest, EntriesHandedOverTogetherShareACommitAndKeepTheChain) {
  auto db = SqliteStores::OpenDatabase(dir_.File("group.db"));
  ASSERT_TRUE(db.has_value());
  store::SqliteGroupAuditLog log(**db);
  constexpr int kEntries = 200;
  std::atomic<int> stored{0}, failed{0};
  {
    // While this thread holds the connection the writer cannot commit: every entry waits.
    auto held = (*db)->Lock();
    for (int i = 0; i < kEntries; ++i)
      log.AppendThen(Entry("lot.read", "lot/" + std::to_string(i)),
                     [&](const Status& st) { (st ? stored : failed)++; });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(stored.load(), 0);
  }
  for (int i = 0; i < 1000 && stored.load() + failed.load() < kEntries; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(stored.load(), kEntries);
  EXPECT_EQ(failed.load(), 0);
  const auto counts = log.counts();
  EXPECT_EQ(counts.entries, kEntries);
  EXPECT_LE(counts.groups, 2);  // the first may have been taken before the lock; then one more
  store::SqliteAuditLog reader(**db);
  const auto entries = reader.ListAudit(0, 1000).value();
  ASSERT_EQ(entries.size(), static_cast<size_t>(kEntries));
  EXPECT_EQ(entries.front().object, "lot/0");
  EXPECT_EQ(entries.back().object, "lot/199");
  EXPECT_FALSE(audit::VerifyChain(entries).has_value());
}

// AppendLater (a lot read's entry, whose reply does not wait): the entry is on disk a moment
// later without anyone asking; entries handed over in a stream are gathered into few commits;
// an entry someone waits for is not held back by the gathering; closing the writer stores
// whatever still waits.
TEST_F(ReadPathTest, AnEntryAppendedLaterIsOnDiskWithinMomentsAndBeforeTheWriterCloses) {
  auto db = SqliteStores::OpenDatabase(dir_.File("later.db"));
  ASSERT_TRUE(db.has_value());
  store::SqliteAuditLog reader(**db);
  const auto on_disk = [&] { return reader.ListAudit(0, 100000).value().size(); };
  std::atomic<int> stored{0};
  const auto count = [&](const Status& st) {
    if (st) ++stored;
  };
  {
    store::SqliteGroupAuditLog log(**db);
    log.AppendLater(Entry("lot.read", "lot/alone"), count);
    const auto start = std::chrono::steady_clock::now();
    // The callback runs just after the commit, so a reader may see the row a moment before it.
    while ((on_disk() < 1 || stored.load() < 1) &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(5))
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    EXPECT_EQ(on_disk(), 1u);  // nobody waited, nothing else came: stored all the same
    EXPECT_EQ(stored.load(), 1);

    // A stream from two threads: gathered, so far fewer commits than entries.
    constexpr int kPerThread = 500;
    const auto before = log.counts();
    std::vector<std::thread> threads;
    threads.reserve(2);
    for (int t = 0; t < 2; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i)
          log.AppendLater(Entry("lot.read", "lot/" + std::to_string(t * kPerThread + i)), count);
      });
    for (auto& t : threads) t.join();
    // One someone waits for returns with its entry on disk, whatever was gathered before it.
    ASSERT_TRUE(log.Append(Entry("lot.recall", "lot/waited")).has_value());
    EXPECT_EQ(on_disk(), 2u + 2 * kPerThread);
    const auto after = log.counts();
    EXPECT_EQ(after.entries - before.entries, 2 * kPerThread + 1);
    EXPECT_LT(after.groups - before.groups, (2 * kPerThread + 1) / 4);

    // Held back by a change in progress, then the writer closes: nothing is lost.
    auto held = (*db)->Lock();
    for (int i = 0; i < 10; ++i) log.AppendLater(Entry("lot.read", "lot/last"), count);
    held = {};
  }
  const auto entries = reader.ListAudit(0, 100000).value();
  EXPECT_EQ(entries.size(), 2u + 2 * 500 + 10);
  EXPECT_EQ(entries.back().object, "lot/last");
  EXPECT_EQ(stored.load(), 1 + 2 * 500 + 10);
  EXPECT_FALSE(audit::VerifyChain(entries).has_value());
}

// Sync: a reader that must see every entry handed over so far (a test, an export after reads)
// waits for the gathering to end and its commit, and no longer; with nothing queued it returns.
TEST_F(ReadPathTest, SyncReturnsOnceEveryEntryHandedOverBeforeIsOnDisk) {
  auto db = SqliteStores::OpenDatabase(dir_.File("sync.db"));
  ASSERT_TRUE(db.has_value());
  store::SqliteAuditLog reader(**db);
  const auto on_disk = [&] { return reader.ListAudit(0, 100000).value().size(); };
  store::SqliteGroupAuditLog log(**db);
  log.Sync();  // nothing ever queued
  EXPECT_EQ(on_disk(), 0u);
  for (int round = 1; round <= 50; ++round) {
    for (int i = 0; i < 3; ++i)
      log.AppendLater(Entry("lot.read", "lot/" + std::to_string(i)), [](const Status&) {});
    log.Sync();
    EXPECT_EQ(on_disk(), 3u * round);
  }
  // Held back by a change in progress: Sync waits for it to end, not less.
  std::atomic<bool> synced{false};
  {
    auto held = (*db)->Lock();
    log.AppendLater(Entry("lot.read", "lot/held"), [](const Status&) {});
    std::thread t([&] {
      log.Sync();
      synced = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(synced.load());
    held = {};
    t.join();
  }
  EXPECT_TRUE(synced.load());
  EXPECT_EQ(reader.ListAudit(0, 100000).value().back().object, "lot/held");
}

// The stores' audit reader shows every entry handed over before the read, the ones whose reply
// did not wait included, so an export made just after a lot read shows it. Inside a unit of work it
// cannot wait for the writer (which waits for that unit of work): it shows what is committed.
TEST_F(ReadPathTest, TheStoresAuditReaderShowsEveryEntryHandedOverBeforeIt) {
  for (int round = 1; round <= 30; ++round) {
    const std::string object = "lot/" + std::to_string(round);
    S().audit_writer.AppendLater(Entry("lot.read", object), [](const Status&) {});
    const auto all = S().audit_reader.ListAudit(0, 1000).value();
    ASSERT_EQ(all.size(), static_cast<size_t>(round));
    EXPECT_EQ(all.back().object, object);
  }
  size_t inside = 0;
  const Status st = S().unit_of_work.Run([&]() -> Status {
    // Another thread's entry waits for this unit of work to end.
    std::thread([&] {
      S().audit_writer.AppendLater(Entry("lot.read", "lot/queued"), [](const Status&) {});
    }).join();
    inside = S().audit_reader.ListAudit(0, 1000).value().size();
    return OkStatus();
  });
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(inside, 30u);
  const auto after = S().audit_reader.ListAudit(0, 1000).value();
  ASSERT_EQ(after.size(), 31u);
  EXPECT_EQ(after.back().object, "lot/queued");
  EXPECT_FALSE(audit::VerifyChain(after).has_value());
}

class DeferredAuditTest : public ReadPathTest {
 protected:
  void Record(const std::string& object) {
    app::RecordAudit(S().audit_writer, clock_, actor_, "lot.read", object,
                     store::AuditOutcome::kAllowed);
  }
  app::FakeClock clock_{*Date::Parse("2026-12-05"), 1796450000};
  app::Actor actor_{"dr.sato", app::ActorRole::kPhysician, 1, 3};
};

TEST_F(DeferredAuditTest, ThenRunsOnceEveryEntryIsStored) {
  std::promise<int> done;
  {
    app::DeferredAudit deferred;
    Record("lot/1");
    Record("lot/2");
    EXPECT_EQ(deferred.entries(), 2);
    deferred.Then([&] { done.set_value(CountOnDisk("action = 'lot.read'")); });
  }
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get(), 2);  // both were on disk when `done` ran
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].actor, "dr.sato");
  EXPECT_EQ(audit[0].at.unix_seconds, 1796450000);
}

TEST_F(DeferredAuditTest, ThenRunsAtOnceWhenNothingWasWritten) {
  bool ran = false;
  app::DeferredAudit deferred;
  deferred.Then([&] { ran = true; });
  EXPECT_TRUE(ran);
  EXPECT_EQ(deferred.entries(), 0);
}

// Opened for a lot read: the allowed read's entry is not waited for (Then runs at once), a
// refusal's is; both are stored.
TEST_F(DeferredAuditTest, ForALotReadOnlyARefusalIsWaitedFor) {
  bool ran = false;
  {
    app::DeferredAudit deferred(app::DeferredAudit::Wait::kAllowedReadsLater);
    Record("lot/1");
    EXPECT_EQ(deferred.entries(), 1);
    deferred.Then([&] { ran = true; });
  }
  EXPECT_TRUE(ran);
  std::promise<int> done;
  {
    app::DeferredAudit deferred(app::DeferredAudit::Wait::kAllowedReadsLater);
    app::RecordAudit(S().audit_writer, clock_, actor_, "lot.show", "/api/v1/lots/9",
                     store::AuditOutcome::kDenied, "not found");
    deferred.Then([&] { done.set_value(CountOnDisk("outcome = 'denied'")); });
  }
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get(), 1);  // on disk when `done` ran
  for (int i = 0; i < 500 && CountOnDisk("object = 'lot/1'") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(CountOnDisk("object = 'lot/1'"), 1);
}

TEST_F(DeferredAuditTest, OutsideOneRecordAuditWaitsForTheDisk) {
  {
    app::DeferredAudit deferred;
    deferred.Then([] {});
  }
  // Closed: the next entry is written before RecordAudit returns, as everywhere else.
  Record("lot/after");
  EXPECT_EQ(CountOnDisk("object = 'lot/after'"), 1);
}

}  // namespace
}  // namespace exo
