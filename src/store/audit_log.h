// The audit log: every change anywhere, and every read of patient data, is appended here
// with who, what and the outcome, including denied attempts. One writer for all adapters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timestamp.h"

namespace exo::store {

enum class AuditOutcome { kAllowed, kDenied, kFailed };
std::string_view AuditOutcomeName(AuditOutcome outcome);

struct AuditEntry {
  int64_t id = 0;
  Timestamp at;
  std::string actor;  // user name, or "cli:<login>"
  std::string role;
  int64_t clinic_id = 0;
  std::string action;  // e.g. "lot.release"
  std::string object;  // e.g. "lot/3"
  AuditOutcome outcome = AuditOutcome::kAllowed;
  std::string detail;     // never patient data
  std::string prev_hash;  // set by the store: the previous entry's hash (audit/chain.h)
  std::string hash;       // set by the store
};

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
