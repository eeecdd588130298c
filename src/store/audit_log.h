// The audit log: every change anywhere, and every read of patient data, is appended here
// with who, what and the outcome, including denied attempts. One writer for all adapters.
#pragma once

#include <cstdint>
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
  // Appends the entry; the store assigns id, prev_hash and hash atomically.
  virtual Status Append(const AuditEntry& entry) = 0;
};

class AuditReader {
 public:
  virtual ~AuditReader() = default;
  // Entries with id > after_id in id order, at most `limit`.
  virtual Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit) const = 0;
};

}  // namespace exo::store
