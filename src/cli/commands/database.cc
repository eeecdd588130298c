// backup | restore | verify: the database as a whole (docs/operations.md). A backup is taken
// while the server runs; a restore goes into a new location only and is verified at once.
#include <filesystem>
#include <iostream>

#include "app/database_tools.h"
#include "cli/commands/commands.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

struct DatabaseOptions {
  std::string to;
  std::string from;
};

// Prints each check's outcome; 0 when all passed, kExitAuditBroken otherwise.
int PrintCheck(const app::InstallationCheck& check, Lang lang) {
  if (check.integrity_problems.empty()) PrintLine("cli.verify_integrity_ok", lang);
  for (const auto& problem : check.integrity_problems)
    PrintLine("cli.verify_integrity_bad", lang, {problem});
  if (check.audit.problem)
    PrintLine("cli.audit_bad", lang,
              {std::to_string(check.audit.problem->entry_id), check.audit.problem->reason});
  else
    PrintLine("cli.audit_ok", lang, {std::to_string(check.audit.entries), check.audit.head_hash});
  if (check.consents_altered.empty())
    PrintLine("cli.verify_consents_ok", lang, {std::to_string(check.consents)});
  for (const int64_t id : check.consents_altered)
    PrintLine("cli.verify_consent_altered", lang, {std::to_string(id)});
  if (check.Ok()) return 0;
  std::cerr << "exoclinic: " << Message("cli.verify_failed", lang) << "\n";
  return kExitAuditBroken;
}

int Verify(Context& c, Env& e) {
  auto check = app::VerifyInstallation(e.handle->Maintenance(), e.stores.audit_reader);
  if (!check) return c.Fail(check.error(), "text");
  return PrintCheck(*check, c.lang());
}

int Backup(Context& c, Env& e, const std::string& to) {
  if (auto st = app::BackupDatabase(e.handle->Maintenance(), e.stores.audit_writer, c.clock(),
                                    c.Operator(), to);
      !st)
    return c.Fail(st.error(), "text");
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(to, ec);
  PrintLine("cli.backup_done", c.lang(), {to, std::to_string(ec ? 0 : bytes)});
  return 0;
}

const char* const kDatabaseFiles[] = {"", "-wal", "-shm", "-journal"};

void RemoveDatabaseFiles(const std::string& db) {
  std::error_code ec;
  for (const char* suffix : kDatabaseFiles) std::filesystem::remove(db + suffix, ec);
}

int Restore(Context& c, const std::string& from) {
  const std::string db = c.DbPath();
  std::error_code ec;
  for (const char* suffix : kDatabaseFiles)
    if (std::filesystem::exists(db + suffix, ec))
      return c.Fail(Conflict("err.restore_not_empty", {db}), "text");
  auto env = c.Open();
  if (!env) {
    RemoveDatabaseFiles(db);
    return c.Fail(env.error(), "text");
  }
  Env& e = **env;
  if (auto st = app::RestoreDatabase(e.handle->Maintenance(), e.stores.audit_writer, c.clock(),
                                     c.Operator(), from);
      !st) {
    RemoveDatabaseFiles(db);  // the location stays empty for another attempt
    return c.Fail(st.error(), "text");
  }
  PrintLine("cli.restore_done", c.lang(), {from, db});
  return Verify(c, e);
}

}  // namespace

void AddDatabaseCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<DatabaseOptions>();
  // English here; the help shown comes from the catalogue (help.cmd.*, help.opt.*).
  auto* backup = app.add_subcommand(
      "backup", "write a consistent backup of the database, also while the server runs");
  backup->add_option("--to", o.to, "the backup file (an existing file is never overwritten)")
      ->required();
  auto* restore = app.add_subcommand(
      "restore", "restore a backup into a new (empty) --db location and verify it");
  restore->add_option("--from", o.from, "the backup file to restore")->required();
  auto* verify = app.add_subcommand(
      "verify", "check the database's integrity, the audit chain and every signed consent's hash");
  for (auto* command : {backup, restore, verify}) t.AddLang(command);
  t.AddWithEnv(backup, [&o](Context& c, Env& e) { return Backup(c, e, o.to); });
  t.Add(restore, [&o](Context& c) { return Restore(c, o.from); });
  t.AddWithEnv(verify, Verify);
}

}  // namespace exo::cli
