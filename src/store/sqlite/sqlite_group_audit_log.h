// The audit writer the stores hand out: an entry written inside a transaction of the calling
// thread (a change and its entry, in one unit of work) goes on that transaction's connection and
// commits with it. An entry written on its own (the entry of a read, of a refused attempt) is
// committed in a group: it waits in a queue, one writer thread writes every waiting entry in one
// transaction on the shared connection and waits for the disk once (synchronous=FULL, as every
// commit), and each writer of an entry is told (Append returns, AppendThen's callback runs) only
// after the commit that holds it, with that commit's error if it failed. So a reply that depends
// on a read's entry is sent after the entry is on disk, and concurrent reads share the wait
// instead of queueing behind one fsync each. The wait for the disk is also what makes groups
// large: entries pile up while one group is written, so the cost of a commit is shared by many
// (bench/RESULTS.md, issue #17).
//
// An entry no one waits for (AppendLater: a lot read's, whose reply goes out at once) is gathered
// with the ones after it for at most kGatherWindow, or until kGatherMax wait, or until an entry
// someone waits for arrives — which is committed at once with them. So under a stream of such
// reads a commit holds dozens of entries and the disk is not kept busy by one fsync after
// another, while a lone read's entry is on disk a millisecond and one commit after its reply.
//
// The writer takes the shared connection's lock like any unit of work, so it queues behind a
// change in progress instead of polling SQLite's write lock from a connection of its own (which,
// under a stream of changes, made an audited read wait up to a second); reads meanwhile run on
// their own connections (Database::ReaderForThisThread).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store/audit_log.h"
#include "store/sqlite/database.h"
#include "store/sqlite/sqlite_audit_log.h"

namespace exo::store {

class SqliteGroupAuditLog : public AuditWriter {
 public:
  // `db` (the stores' connection) must outlive this object. The writer thread starts with the
  // first entry written on its own.
  explicit SqliteGroupAuditLog(sqlite::Database& db);
  // Writes what is still waiting, then stops the writer.
  ~SqliteGroupAuditLog() override;
  SqliteGroupAuditLog(const SqliteGroupAuditLog&) = delete;
  SqliteGroupAuditLog& operator=(const SqliteGroupAuditLog&) = delete;

  static constexpr std::chrono::microseconds kGatherWindow{1000};
  static constexpr size_t kGatherMax = 64;

  Status Append(const AuditEntry& entry) override;
  void AppendThen(const AuditEntry& entry, std::function<void(const Status&)> stored) override;
  void AppendLater(const AuditEntry& entry, std::function<void(const Status&)> stored) override;
  // Ends any gathering and waits until what was queued before the call is committed; returns at
  // once inside a transaction of the calling thread, which the writer would wait for.
  void Sync() override;

  // How many transactions the writer committed, and how many entries they held.
  struct Counts {
    int64_t groups = 0;
    int64_t entries = 0;
  };
  Counts counts() const;

 private:
  struct Item {
    AuditEntry entry;
    std::function<void(const Status&)> stored;
  };

  void Run();
  // Queues the item; `waited` says someone waits for it (AppendThen, Append).
  void Push(const AuditEntry& entry, std::function<void(const Status&)> stored, bool waited);

  sqlite::Database& db_;
  SqliteAuditLog log_;
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::vector<Item> queue_;  // guarded by mu_
  size_t waited_ = 0;        // items of queue_ someone waits for; guarded by mu_
  bool stopping_ = false;    // guarded by mu_
  int64_t pushed_ = 0;       // entries ever queued; guarded by mu_
  int64_t written_ = 0;      // of those, entries whose commit has ended; guarded by mu_
  std::condition_variable written_changed_;
  Counts counts_;       // guarded by mu_
  std::thread writer_;  // started under mu_
};

}  // namespace exo::store
