#include "app/audit_pages.h"

namespace exo::app {

namespace {

constexpr int kPage = 5000;

}  // namespace

Status ForEachAuditPage(const store::AuditReader& reader,
                        const std::function<bool(const std::vector<store::AuditEntry>&)>& visit) {
  int64_t after = 0;
  while (true) {
    auto page = reader.ListAudit(after, kPage);
    if (!page) return page.error();
    if (page->empty() || !visit(*page)) return OkStatus();
    after = page->back().id;
  }
}

}  // namespace exo::app
