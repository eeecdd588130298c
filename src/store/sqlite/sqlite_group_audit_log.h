// The audit writer the stores hand out: an entry written inside a transaction of the calling
// thread (a change and its entry, in one unit of work) goes on that transaction's connection and
// commits with it. An entry written on its own (the entry of a read, of a refused attempt) is
// committed in a group: it waits in a queue, one writer thread on a second connection to the same
// file writes every waiting entry in one transaction and waits for the disk once
// (synchronous=FULL, as every commit), and each caller returns only after the commit that holds
// its entry — with that commit's error if it failed, for every entry of the group. So a reply
// that depends on a read's entry is sent after the entry is on disk, and concurrent reads share
// the wait instead of queueing behind one fsync each (bench/RESULTS.md, issue #17).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/audit_log.h"
#include "store/sqlite/database.h"
#include "store/sqlite/sqlite_audit_log.h"

namespace exo::store {

class SqliteGroupAuditLog : public AuditWriter {
 public:
  // `db` (the stores' connection to the file at `path`) must outlive this object. The second
  // connection and the writer thread start with the first entry written on its own.
  SqliteGroupAuditLog(sqlite::Database& db, std::string path);
  // Writes what is still waiting, then stops the writer.
  ~SqliteGroupAuditLog() override;
  SqliteGroupAuditLog(const SqliteGroupAuditLog&) = delete;
  SqliteGroupAuditLog& operator=(const SqliteGroupAuditLog&) = delete;

  Status Append(const AuditEntry& entry) override;

 private:
  struct Waiting {
    const AuditEntry* entry;
    Status status = OkStatus();
    bool done = false;
  };
  Status StartLocked();  // with mu_ held
  void Run();

  sqlite::Database& db_;
  SqliteAuditLog in_transaction_;
  const std::string path_;
  std::mutex mu_;
  std::condition_variable work_, done_;
  std::vector<Waiting*> queue_;  // guarded by mu_
  bool stopping_ = false;        // guarded by mu_
  std::unique_ptr<sqlite::Database> own_;
  std::unique_ptr<SqliteAuditLog> own_log_;
  std::thread writer_;
};

}  // namespace exo::store
