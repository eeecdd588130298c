#include "audit/chain.h"

#include "auth/crypto.h"

namespace exo::audit {

std::string EntryHash(const AuditEntry& e) {
  // Length-prefixed fields, so no two different entries serialise alike.
  std::string s;
  const auto field = [&s](const std::string& v) {
    s += std::to_string(v.size());
    s += ':';
    s += v;
  };
  field(std::to_string(e.id));
  field(std::to_string(e.at.unix_seconds));
  field(e.actor);
  field(e.role);
  field(std::to_string(e.clinic_id));
  field(e.action);
  field(e.object);
  field(std::string(AuditOutcomeName(e.outcome)));
  field(e.detail);
  field(e.prev_hash);
  return auth::Sha256Hex(s);
}

std::optional<ChainProblem> VerifyChain(const std::vector<AuditEntry>& entries,
                                        const std::string& expected_prev) {
  std::string prev = expected_prev;
  int64_t prev_id = entries.empty() ? 0 : entries.front().id - 1;
  for (const auto& e : entries) {
    if (e.id != prev_id + 1) return ChainProblem{e.id, "id gap: an entry before it was deleted"};
    if (e.prev_hash != prev) return ChainProblem{e.id, "previous entry missing, moved or changed"};
    if (EntryHash(e) != e.hash) return ChainProblem{e.id, "content changed"};
    prev = e.hash;
    prev_id = e.id;
  }
  return std::nullopt;
}

}  // namespace exo::audit
