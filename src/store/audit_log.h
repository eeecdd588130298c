// The audit log: every change anywhere, and every read of patient data, is appended here
// with who, what and the outcome, including denied attempts. One writer for all adapters.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "audit/entry.h"
#include "core/result.h"

namespace exo::store {

using audit::AuditEntry;
using audit::AuditOutcome;
using audit::AuditOutcomeName;

class AuditWriter {
 public:
  virtual ~AuditWriter() = default;
  // Appends the entry and returns once it is on disk; the store assigns id, prev_hash and hash
  // atomically. Inside a unit of work the entry joins it (and commits with it).
  virtual Status Append(const AuditEntry& entry) = 0;

  // Appends the entry as Append does, without holding the calling thread: `stored` is called
  // exactly once with the outcome once the entry is on disk, on the writer's own thread (or on
  // this one before AppendThen returns, where entries are written at once). `stored` must be
  // quick and must not append entries itself. The default writes at once (Append).
  virtual void AppendThen(const AuditEntry& entry, std::function<void(const Status&)> stored) {
    const auto tell = std::move(stored);  // by value: writers that queue it keep it
    tell(Append(entry));
  }

  // Appends the entry as AppendThen does, for an entry whose reply need not wait for the disk
  // (a lot read, which shows no patient data: docs/architecture.md, "Audit durability"): the
  // writer may gather it with later entries for a moment (SqliteGroupAuditLog: at most
  // kGatherWindow) before the commit that stores it, and stores it before it closes. `stored` is
  // called as AppendThen's. The default writes at once (AppendThen).
  virtual void AppendLater(const AuditEntry& entry, std::function<void(const Status&)> stored) {
    AppendThen(entry, std::move(stored));
  }

  // Returns once every entry handed to this writer before the call is on disk (those AppendLater
  // gathers too): for a reader that must see them all, such as a test or an export that follows a
  // read. The default writes at once, so nothing is ever waiting.
  virtual void Sync() {}
};

class AuditReader {
 public:
  virtual ~AuditReader() = default;
  // Entries with id > after_id in id order, at most `limit`.
  virtual Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const = 0;
};

// The reader the stores hand out: each read first waits for `writer` (AuditWriter::Sync), so it
// shows every entry handed over before it, the ones a lot read's reply did not wait for included:
// an export or a verification made just after a read sees that read. Where the calling thread's
// own transaction keeps the writer from committing, the writer's Sync returns at once and the
// read shows what is committed.
class AuditReaderAfterWriter : public AuditReader {
 public:
  AuditReaderAfterWriter(const AuditReader& reader, AuditWriter& writer)
      : reader_(reader), writer_(writer) {}
  Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const override {
    writer_.Sync();
    return reader_.ListAudit(after_id, limit);
  }

 private:
  const AuditReader& reader_;
  AuditWriter& writer_;
};

}  // namespace exo::store
