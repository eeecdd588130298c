#include "store/sqlite/sqlite_group_audit_log.h"

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

void SqliteGroupAuditLog::StartLocked() {
  if (!writer_.joinable()) writer_ = std::thread([this] { Run(); });
}

Status SqliteGroupAuditLog::Append(const AuditEntry& entry) {
  if (db_.InTransactionOnThisThread()) return log_.Append(entry);
  Waiting w{&entry};
  std::unique_lock lock(mu_);
  StartLocked();
  queue_.push_back(&w);
  work_.notify_one();
  done_.wait(lock, [&w] { return w.done; });
  return w.status;
}

void SqliteGroupAuditLog::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<Waiting*> group;
    group.swap(queue_);
    lock.unlock();
    // One transaction, one wait for the disk; each entry chained to the one before it.
    const Status st = sqlite::InTransaction(db_, [&]() -> Status {
      for (const Waiting* w : group)
        if (auto appended = log_.Append(*w->entry); !appended) return appended;
      return OkStatus();
    });
    lock.lock();
    for (Waiting* w : group) {
      w->status = st;
      w->done = true;
    }
    done_.notify_all();
  }
}

}  // namespace exo::store
