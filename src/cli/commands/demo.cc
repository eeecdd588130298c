// demo: demo lots, and with --patients a demo clinic's patients with months of history.
#include "app/demo.h"

#include <unistd.h>

#include <iostream>

#include "app/accounts.h"
#include "app/demo_clinic.h"
#include "cli/commands/commands.h"
#include "cli/output.h"

namespace exo::cli {

namespace {

int LoadDemoPatients(Context& c, Env& e, int patients) {
  const bool tty = isatty(STDERR_FILENO);
  const Lang lang = c.lang();
  auto physician = app::DemoPhysician(e.services->accounts, c.Operator().clinic_id);
  if (!physician) return c.Fail(physician.error(), "text");
  auto added =
      app::LoadDemoClinic(app::DemoStoresOf(e.stores), app::DemoRulesOf(e.rules), *physician,
                          c.clock().Today(), patients, lang, [tty, lang](int done, int total) {
                            if (tty)
                              std::cerr << "\r"
                                        << Message("cli.demo_progress", lang,
                                                   {std::to_string(done), std::to_string(total)})
                                        << std::flush;
                          });
  if (tty) std::cerr << "\n";
  if (!added) return c.Fail(added.error(), "text");
  PrintLine("cli.demo_patients", lang, {std::to_string(added->patients)});
  return 0;
}

int Demo(Context& c, Env& e, int patients) {
  // The demo lots are imported and released by the demo's fictitious physician, so their
  // history names a person marked as fictitious, as the demo patients' records do.
  auto physician = app::DemoPhysician(e.services->accounts, c.Operator().clinic_id);
  if (!physician) return c.Fail(physician.error(), "text");
  auto added = app::LoadDemo(e.services->lots, *physician);
  if (!added) return c.Fail(added.error(), "text");
  PrintLine("cli.demo_added", c.lang(), {std::to_string(*added)});
  if (patients == 0) return 0;
  return LoadDemoPatients(c, e, patients);
}

}  // namespace

void AddDemoCommand(CLI::App& app, CommandTable& t) {
  auto& patients = t.Own<int>();
  auto* demo =
      app.add_subcommand("demo", "load demo lots (and a demo clinic's patients) into the database");
  demo->add_option("--patients", patients,
                   "also add this many demo patients with months of synthetic history")
      ->check(CLI::Range(0, 2000));
  t.AddWithEnv(demo, [&patients](Context& c, Env& e) { return Demo(c, e, patients); });
}

}  // namespace exo::cli
