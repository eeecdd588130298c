// Use cases on the audit log: verify the hash chain, export entries as CSV.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"
#include "app/clock.h"
#include "audit/chain.h"
#include "core/result.h"
#include "store/audit_log.h"

namespace exo::app {

struct AuditVerification {
  int64_t entries = 0;
  std::string head_hash;  // record it elsewhere to detect entries cut off the end
  std::optional<audit::ChainProblem> problem;
};
Result<AuditVerification> VerifyAudit(const store::AuditReader& reader);

// CSV (RFC 4180, CRLF, formula cells neutralised) of entries with from <= at < to (unix
// seconds), header included; only the entries of `clinic` when given; a UTF-8 BOM first when
// `bom`. `at` stays UTC ISO 8601: the hash chain covers it as written.
Result<std::string> ExportAuditCsv(const store::AuditReader& reader, int64_t from, int64_t to,
                                   std::optional<int64_t> clinic = std::nullopt, bool bom = false);

}  // namespace exo::app
