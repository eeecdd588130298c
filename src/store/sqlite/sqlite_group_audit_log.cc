#include "store/sqlite/sqlite_group_audit_log.h"

#include <utility>

namespace exo::store {

SqliteGroupAuditLog::SqliteGroupAuditLog(sqlite::Database& db) : db_(db), log_(db) {}

SqliteGroupAuditLog::~SqliteGroupAuditLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Status SqliteGroupAuditLog::Append(const AuditEntry& entry) {
  if (db_.InTransactionOnThisThread()) return log_.Append(entry);
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Status status = OkStatus();
  } w;
  AppendThen(entry, [&w](const Status& st) {
    // Notified under the lock: the waiter cannot return (and `w` go) before this ends.
    std::lock_guard lock(w.mu);
    w.status = st;
    w.done = true;
    w.cv.notify_one();
  });
  std::unique_lock lock(w.mu);
  w.cv.wait(lock, [&w] { return w.done; });
  return w.status;
}

void SqliteGroupAuditLog::AppendThen(const AuditEntry& entry,
                                     std::function<void(const Status&)> stored) {
  if (db_.InTransactionOnThisThread()) {
    stored(log_.Append(entry));
    return;
  }
  Push(entry, std::move(stored), /*waited=*/true);
}

void SqliteGroupAuditLog::AppendLater(const AuditEntry& entry,
                                      std::function<void(const Status&)> stored) {
  if (db_.InTransactionOnThisThread()) {
    stored(log_.Append(entry));
    return;
  }
  Push(entry, std::move(stored), /*waited=*/false);
}

void SqliteGroupAuditLog::Push(const AuditEntry& entry, std::function<void(const Status&)> stored,
                               bool waited) {
  std::lock_guard lock(mu_);
  if (!writer_.joinable()) writer_ = std::thread([this] { Run(); });
  queue_.push_back(Item{entry, std::move(stored)});
  ++pushed_;
  if (waited) ++waited_;
  // The writer sleeps either on an empty queue or gathering; it needs waking when the queue was
  // empty, when someone waits, or when the gathering is full (else its window ends it).
  if (waited || queue_.size() == 1 || queue_.size() >= kGatherMax) work_.notify_one();
}

void SqliteGroupAuditLog::Sync() {
  // The writer needs the connection this thread's transaction holds: waiting would never end.
  if (db_.InTransactionOnThisThread()) return;
  std::unique_lock lock(mu_);
  const int64_t target = pushed_;
  if (written_ >= target) return;
  if (!queue_.empty()) {  // someone now waits for the queue: the gathering ends
    ++waited_;
    work_.notify_one();
  }
  written_changed_.wait(lock, [&] { return written_ >= target; });
}

SqliteGroupAuditLog::Counts SqliteGroupAuditLog::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

void SqliteGroupAuditLog::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    if (waited_ == 0)            // no one waits: gather the entries that follow for a moment
      work_.wait_for(lock, kGatherWindow,
                     [this] { return stopping_ || waited_ > 0 || queue_.size() >= kGatherMax; });
    std::vector<Item> group;
    group.swap(queue_);
    waited_ = 0;
    ++counts_.groups;
    counts_.entries += static_cast<int64_t>(group.size());
    lock.unlock();
    std::vector<const AuditEntry*> entries;
    entries.reserve(group.size());
    for (const Item& item : group) entries.push_back(&item.entry);
    // One transaction, one wait for the disk; each entry chained to the one before it.
    const Status st = log_.AppendAll(entries);
    // Outside the lock: a callback may hand work to other threads.
    for (const Item& item : group) item.stored(st);
    lock.lock();
    written_ += static_cast<int64_t>(group.size());
    written_changed_.notify_all();
  }
}

}  // namespace exo::store
