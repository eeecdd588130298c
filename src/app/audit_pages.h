// The audit log read page by page, in id order (shared by the audit tools; not a use case).
#pragma once

#include <functional>
#include <vector>

#include "core/result.h"
#include "store/audit_log.h"

namespace exo::app {

// Calls `visit` with each page of entries (5,000 at most, in id order) until the log ends or
// `visit` returns false. The store's error when a page could not be read.
Status ForEachAuditPage(const store::AuditReader& reader,
                        const std::function<bool(const std::vector<store::AuditEntry>&)>& visit);

}  // namespace exo::app
