#include "store/sqlite/sqlite_audit_log.h"

#include <utility>

#include "audit/chain.h"
#include "store/sqlite/internal/statement.h"

namespace exo::store {

using sqlite::Statement;

namespace {

constexpr const char* kAuditColumns =
    "id, at, actor, role, clinic_id, action, object, outcome, detail, prev_hash, hash";

AuditEntry ReadAuditRow(const Statement& s) {
  AuditEntry e;
  e.id = s.Int(0);
  e.at.unix_seconds = s.Int(1);
  e.actor = s.Text(2);
  e.role = s.Text(3);
  e.clinic_id = s.Int(4);
  e.action = s.Text(5);
  e.object = s.Text(6);
  e.outcome = audit::ParseAuditOutcome(s.Text(7)).value_or(AuditOutcome::kFailed);
  e.detail = s.Text(8);
  e.prev_hash = s.Text(9);
  e.hash = s.Text(10);
  return e;
}

}  // namespace

Status SqliteAuditLog::Append(const AuditEntry& entry) { return AppendAll({&entry}); }

Status SqliteAuditLog::AppendAll(const std::vector<const AuditEntry*>& entries) {
  return sqlite::InTransaction(db_, [&]() -> Status {
    auto last = sqlite::QueryOptional(
        db_, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", {},
        [](const Statement& s) { return std::pair<int64_t, std::string>(s.Int(0), s.Text(1)); });
    if (!last) return last.error();
    int64_t id = *last ? (*last)->first : 0;
    std::string prev_hash = *last ? (*last)->second : std::string(audit::kGenesisHash);
    for (const AuditEntry* entry : entries) {
      AuditEntry e = *entry;
      e.id = ++id;
      e.prev_hash = std::move(prev_hash);
      e.hash = audit::EntryHash(e);
      if (auto st =
              sqlite::Exec(db_,
                           "INSERT INTO audit_log (id, at, actor, role, clinic_id, action, "
                           "object, outcome, detail, prev_hash, hash) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           {e.id, e.at.unix_seconds, e.actor, e.role, e.clinic_id, e.action,
                            e.object, AuditOutcomeName(e.outcome), e.detail, e.prev_hash, e.hash});
          !st)
        return st;
      prev_hash = std::move(e.hash);
    }
    return OkStatus();
  });
}

Result<std::vector<AuditEntry>> SqliteAuditLog::ListAudit(int64_t after_id, int limit) const {
  return sqlite::QueryAll(
      db_,
      std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
      {after_id, limit}, ReadAuditRow);
}

Status SqliteAuditLog::ChainUnhashedEntries() {
  auto unhashed = sqlite::QueryOne(
      db_, "SELECT COUNT(*) FROM audit_log WHERE hash = ''", {},
      [](const Statement& s) { return s.Int(0); }, Internal("audit chain"));
  if (!unhashed) return unhashed.error();
  if (*unhashed == 0) return OkStatus();
  return sqlite::InTransaction(db_, [&]() -> Status {
    auto entries = sqlite::QueryAll(
        db_, std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY id", {},
        ReadAuditRow);
    if (!entries) return entries.error();
    std::string prev = audit::kGenesisHash;
    for (auto& e : *entries) {
      e.prev_hash = prev;
      e.hash = audit::EntryHash(e);
      if (auto st = sqlite::Exec(db_, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                                 {e.prev_hash, e.hash, e.id});
          !st)
        return st;
      prev = e.hash;
    }
    return OkStatus();
  });
}

}  // namespace exo::store
