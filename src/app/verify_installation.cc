// Use case: check the database's integrity, the audit chain and the signed consents' hashes.
#include "app/audit_pages.h"
#include "app/database_tools.h"
#include "auth/crypto.h"

namespace exo::app {

Result<InstallationCheck> VerifyInstallation(const store::Maintenance& db,
                                             const store::AuditReader& audit) {
  InstallationCheck check;
  auto problems = db.IntegrityProblems();
  if (!problems) return problems.error();
  check.integrity_problems = std::move(*problems);
  auto chain = VerifyAuditChain(audit);
  if (!chain) return chain.error();
  check.audit = std::move(*chain);
  auto documents = db.SignedDocuments();
  if (!documents) return documents.error();
  for (const auto& d : *documents) {
    ++check.consents;
    if (auth::Sha256Hex(d.pdf) != d.stored_sha256) check.consents_altered.push_back(d.consent_id);
  }
  return check;
}

}  // namespace exo::app
