// The audit log: verifying its hash chain and exporting it as CSV.
#include "app/audit_tools.h"
#include "server/routes/routes_internal.h"

namespace exo::server {

using auth::Permission;
using nlohmann::json;

namespace {

Result<Reply> VerifyAudit(const store::AuditReader& reader, const httplib::Request&, const Caller&,
                          Lang) {
  auto v = app::VerifyAudit(reader);
  if (!v) return v.error();
  json out = {{"entries", v->entries}, {"head_hash", v->head_hash}, {"ok", !v->problem}};
  if (v->problem)
    out["first_bad_entry"] = {{"id", v->problem->entry_id}, {"reason", v->problem->reason}};
  return Reply{200, out};
}

// ?from, ?to: days, both inclusive; the caller's clinic only. A UTF-8 BOM first unless ?bom=0.
Result<Reply> ExportAudit(const store::AuditReader& reader, const httplib::Request& req,
                          const Caller& caller, Lang) {
  auto from = QueryDaySeconds(req, "from", 0);
  if (!from) return from.error();
  auto to = QueryDaySeconds(req, "to", int64_t{1} << 40);
  if (!to) return to.error();
  if (req.has_param("to")) *to += 86400;  // inclusive end day
  return RawReply(app::ExportAuditCsv(reader, *from, *to, caller.actor.clinic_id,
                                      req.get_param_value("bom") != "0"),
                  kCsv);
}

}  // namespace

std::vector<Route> AuditRoutes(const store::AuditReader& audit_reader) {
  return {
      {"GET", "/api/v1/audit/verify", Permission::kReadAudit, "audit.verify",
       Bind(VerifyAudit, audit_reader)},
      {"GET", "/api/v1/audit/export", Permission::kReadAudit, "audit.export",
       Bind(ExportAudit, audit_reader)},
  };
}

}  // namespace exo::server
