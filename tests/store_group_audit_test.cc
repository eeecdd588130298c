// The audit writer the SQLite stores hand out (issue #17): an entry written inside a unit of
// work commits (or rolls back) with it; an entry written on its own — a read's — is committed in
// a group with the others waiting at that moment, and Append returns only once its group is on
// disk (or with that group's error). The chain stays whole either way. Queries run on each
// thread's own connection, so they wait neither for a change in progress nor for each other.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "audit/chain.h"
#include "db_dump.h"
#include "sqlite_stores_fixture.h"
#include "store_test_lots.h"
#include "temp_dir.h"

namespace exo::store {
namespace {

AuditEntry Entry(const std::string& action, const std::string& object) {
  return testing::PhysicianEntry(action, object);
}

using GroupAuditTest = testing::SqliteStoresTest;

TEST_F(GroupAuditTest, AReadsEntryIsOnDiskWhenAppendReturns) {
  ASSERT_TRUE(S().audit_writer.Append(Entry("lot.read", "lot/1")).has_value());
  EXPECT_EQ(CountOnDisk("action = 'lot.read' AND object = 'lot/1'"), 1);
  EXPECT_FALSE(audit::VerifyChain(Audit()).has_value());
}

TEST_F(GroupAuditTest, AnEntryInsideAUnitOfWorkRollsBackWithIt) {
  const Status st = S().unit_of_work.Run([&]() -> Status {
    if (auto a = S().audit_writer.Append(Entry("lot.import", "lot/9")); !a) return a;
    // Not yet visible to anyone else: it is part of the unit, not of a group commit.
    EXPECT_EQ(CountOnDisk("object = 'lot/9'"), 0);
    return Internal("the change failed after its entry");
  });
  EXPECT_FALSE(st.has_value());
  EXPECT_EQ(CountOnDisk("object = 'lot/9'"), 0);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(GroupAuditTest, ConcurrentReadsAndChangesKeepOneWholeChain) {
  constexpr int kReaders = 8, kReads = 60, kChanges = 40;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  threads.reserve(kReaders);
  for (int t = 0; t < kReaders; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < kReads; ++k)
        if (!S().audit_writer.Append(
                Entry("lot.read", "lot/" + std::to_string(t) + "-" + std::to_string(k))))
          ++failed;
    });
  threads.emplace_back([&] {
    for (int k = 0; k < kChanges; ++k)
      if (!S().unit_of_work.Run([&] {
            return S().audit_writer.Append(Entry("lot.release", "lot/c" + std::to_string(k)));
          }))
        ++failed;
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), static_cast<size_t>(kReaders * kReads + kChanges));
  EXPECT_FALSE(audit::VerifyChain(audit).has_value());
  std::set<std::string> objects;
  for (const auto& e : audit) objects.insert(e.object);
  EXPECT_EQ(objects.size(), audit.size());  // every entry once
  for (size_t k = 0; k < audit.size(); ++k) EXPECT_EQ(audit[k].id, static_cast<int64_t>(k + 1));
}

TEST_F(GroupAuditTest, AGroupThatCannotBeWrittenIsAnErrorAndLeavesNothingOfIt) {
  ASSERT_TRUE(S().audit_writer.Append(Entry("lot.read", "lot/before")).has_value());
  {  // another program's rule on the file: entries of this action are refused
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER refuse BEFORE INSERT ON audit_log WHEN "
                           "NEW.action = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_FALSE(S().audit_writer.Append(Entry("boom", "lot/x")).has_value());
  EXPECT_EQ(CountOnDisk("object = 'lot/x'"), 0);
  // The writer goes on with the next group.
  ASSERT_TRUE(S().audit_writer.Append(Entry("lot.read", "lot/after")).has_value());
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].object, "lot/after");
  EXPECT_FALSE(audit::VerifyChain(audit).has_value());
}

TEST_F(GroupAuditTest, AQueryDoesNotWaitForAChangeInProgressAndSeesOnlyWhatIsCommitted) {
  ASSERT_TRUE(S().audit_writer.Append(Entry("lot.read", "lot/committed")).has_value());
  std::future<size_t> seen;
  const Status st = S().unit_of_work.Run([&]() -> Status {
    if (auto a = S().audit_writer.Append(Entry("lot.release", "lot/open")); !a) return a;
    // Another thread reads while this change holds the shared connection.
    seen = std::async(std::launch::async, [&] { return Audit().size(); });
    EXPECT_EQ(seen.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "the query waited for the change in progress";
    return OkStatus();
  });
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(seen.get(), 1u);  // the committed entry, not the one still in the unit of work
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_F(GroupAuditTest, AReadsEntryWrittenDuringAChangeFollowsIt) {
  std::future<Status> read;
  const Status st = S().unit_of_work.Run([&]() -> Status {
    if (auto a = S().audit_writer.Append(Entry("lot.release", "lot/change")); !a) return a;
    read = std::async(std::launch::async,
                      [&] { return S().audit_writer.Append(Entry("lot.read", "lot/read")); });
    // The read's entry cannot be written before this unit of work ends: it waits for it.
    EXPECT_EQ(read.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
    return OkStatus();
  });
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(read.get().has_value());
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].object, "lot/change");
  EXPECT_EQ(audit[1].object, "lot/read");
  EXPECT_FALSE(audit::VerifyChain(audit).has_value());
}

TEST_F(GroupAuditTest, ClosingTheStoresWritesWhatIsWaiting) {
  std::thread reader([&] { EXPECT_TRUE(S().audit_writer.Append(Entry("lot.read", "lot/last"))); });
  reader.join();
  stores_.reset();
  EXPECT_EQ(CountOnDisk("object = 'lot/last'"), 1);
}

}  // namespace
}  // namespace exo::store
