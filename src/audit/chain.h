// The audit log's hash chain: each entry stores the SHA-256 of the previous entry's hash and
// its own content, so editing, deleting or reordering entries breaks the chain at the first
// bad entry. (Cutting entries off the end is only detected against a recorded head hash.)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/entry.h"

namespace exo::audit {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash of `entry` (its id, content and prev_hash).
std::string EntryHash(const AuditEntry& entry);

struct ChainProblem {
  int64_t entry_id = 0;  // the first entry that does not fit
  std::string reason;    // "content changed", "previous entry missing or moved", "id gap"
};

// Checks entries in id order; nullopt if the chain is intact.
std::optional<ChainProblem> VerifyChain(const std::vector<AuditEntry>& entries,
                                        const std::string& expected_prev = kGenesisHash);

}  // namespace exo::audit
