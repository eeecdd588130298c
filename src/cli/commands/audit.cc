// audit verify | export: the tamper-evident audit log.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/audit_tools.h"
#include "cli/commands/commands.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

struct AuditOptions {
  bool bom = false;  // a UTF-8 byte-order mark first
  std::string from_day;
  std::string to_day;
};

int Verify(Context& c, Env& e) {
  auto v = app::VerifyAudit(e.services->audit);
  if (!v) return c.Fail(v.error());
  if (c.format() == "json") {
    PrintJson(
        nlohmann::json{{"entries", v->entries},
                       {"head_hash", v->head_hash},
                       {"ok", !v->problem.has_value()},
                       {"problem", v->problem ? nlohmann::json{{"entry_id", v->problem->entry_id},
                                                               {"reason", v->problem->reason}}
                                              : nlohmann::json(nullptr)}});
    return v->problem ? kExitAuditBroken : 0;
  }
  if (v->problem) {
    PrintLine("cli.audit_bad", c.lang(),
              {std::to_string(v->problem->entry_id), v->problem->reason});
    return kExitAuditBroken;
  }
  PrintLine("cli.audit_ok", c.lang(), {std::to_string(v->entries), v->head_hash});
  return 0;
}

// Unix seconds at the start of `day` (YYYY-MM-DD) plus `days_after` days; `field` names it.
Result<int64_t> DayStart(const std::string& day, int days_after, const std::string& field) {
  auto d = Date::Parse(day);
  if (!d) return Invalid(field, "err.expected_date", {day});
  return int64_t{d->days_since_epoch() + days_after} * 86400;
}

int Export(Context& c, Env& e, const AuditOptions& o) {
  int64_t from = 0, to = int64_t{1} << 40;
  if (!o.from_day.empty()) {
    auto start = DayStart(o.from_day, 0, "--from");
    if (!start) return c.Fail(start.error(), "text");
    from = *start;
  }
  if (!o.to_day.empty()) {
    auto end = DayStart(o.to_day, 1, "--to");
    if (!end) return c.Fail(end.error(), "text");
    to = *end;
  }
  auto csv = app::ExportAuditCsv(e.services->audit, from, to, std::nullopt, o.bom);
  if (!csv) return c.Fail(csv.error(), "text");
  std::cout << *csv;
  return 0;
}

}  // namespace

void AddAuditCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<AuditOptions>();
  auto* audit = app.add_subcommand("audit", "the tamper-evident audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "check the hash chain");
  t.AddFormat(verify);
  auto* export_cmd = audit->add_subcommand("export", "write entries as CSV");
  export_cmd->add_option("--from", o.from_day, "first day, YYYY-MM-DD");
  export_cmd->add_option("--to", o.to_day, "last day, YYYY-MM-DD");
  export_cmd->add_flag("--bom", o.bom, "start with a UTF-8 byte-order mark (for a spreadsheet)");
  t.AddWithEnv(verify, Verify);
  t.AddWithEnv(export_cmd, [&o](Context& c, Env& e) { return Export(c, e, o); });
}

}  // namespace exo::cli
