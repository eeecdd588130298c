// The audit log read page by page in id order, and its hash chain verified (steps the audit
// tools and the installation check share; not use cases).
#pragma once

#include <functional>
#include <vector>

#include "app/audit_tools.h"
#include "core/result.h"
#include "store/audit_log.h"

namespace exo::app {

// Calls `visit` with each page of entries (5,000 at most, in id order) until the log ends or
// `visit` returns false. The store's error when a page could not be read.
Status ForEachAuditPage(const store::AuditReader& reader,
                        const std::function<bool(const std::vector<store::AuditEntry>&)>& visit);

// Walks the whole log: entries counted, the chain checked from the genesis hash, the first
// problem (an id gap, a hash that does not match) reported. Records nothing.
Result<AuditVerification> VerifyAuditChain(const store::AuditReader& reader);

}  // namespace exo::app
