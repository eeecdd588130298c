// One entry of the audit log: who did what to which object, when, and with what outcome. A
// plain value shared by the log's hash chain (audit/chain.h) and the stores that keep it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/timestamp.h"

namespace exo::audit {

enum class AuditOutcome { kAllowed, kDenied, kFailed };
// "allowed", "denied", "failed": the names stored and hashed.
std::string_view AuditOutcomeName(AuditOutcome outcome);
// The outcome named `name`; nullopt for any other text.
std::optional<AuditOutcome> ParseAuditOutcome(std::string_view name);

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

}  // namespace exo::audit
