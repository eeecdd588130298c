// qc evaluate, qc criteria: certificates and the QC criteria, without a database.
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/lots.h"
#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "product/qc_report_format.h"

namespace exo::cli {

namespace {

struct QcOptions {
  std::string coa_path;
  std::string route;
  std::string as_of;
  std::optional<double> weight_kg;
  std::optional<double> dose_ml;
  std::optional<double> infusion_minutes;
  std::string criteria_format = "markdown";
};

int Evaluate(Context& c, const QcOptions& o) {
  auto text = ReadInput(o.coa_path);
  if (!text) return c.Fail(text.error());
  auto rules = app::LoadQcRules(c.options().rules_dir);
  if (!rules) return c.Fail(rules.error());
  product::QcContext ctx;
  ctx.today = c.clock().Today();
  if (!o.as_of.empty()) {
    auto d = Date::Parse(o.as_of);
    if (!d) return c.Fail(Invalid("--as-of", "err.expected_date", {o.as_of}));
    ctx.today = *d;
  }
  if (!o.route.empty()) ctx.route = ParseRoute(o.route);
  ctx.patient_weight_kg = o.weight_kg;
  ctx.dose_ml = o.dose_ml;
  ctx.infusion_minutes = o.infusion_minutes;
  auto result = app::EvaluateCertificate(*rules, *text, ctx);
  if (!result) return c.Fail(result.error());
  if (c.format() == "json")
    PrintJson(product::QcReportToJson(result->report, ctx, c.lang()));
  else
    std::cout << product::QcReportToText(result->report, ctx, c.lang());
  return 0;
}

int Criteria(Context& c) {
  auto rules = app::LoadQcRules(c.options().rules_dir);
  if (!rules) return c.Fail(rules.error(), "text");
  std::cout << product::QcRulesToMarkdown(*rules);
  return 0;
}

}  // namespace

void AddQcCommands(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<QcOptions>();
  auto* qc = app.add_subcommand("qc", "evaluate certificates of analysis");
  qc->require_subcommand(1);
  auto* eval = qc->add_subcommand("evaluate", "evaluate a certificate (no database needed)");
  eval->add_option("file", o.coa_path, "certificate JSON (exoclinic.certificate/1), - for stdin")
      ->required();
  eval->add_option("--route", o.route, "evaluate for one route")
      ->check(CLI::IsMember({"iv", "injection", "microneedle", "topical"}));
  t.AddFormat(eval);
  t.AddLang(eval);
  eval->add_option("--weight-kg", o.weight_kg, "patient weight for the IV endotoxin dose check")
      ->check(CLI::PositiveNumber);
  eval->add_option("--dose-ml", o.dose_ml, "dose volume (default: one vial)")
      ->check(CLI::PositiveNumber);
  eval->add_option("--infusion-minutes", o.infusion_minutes, "infusion time")
      ->check(CLI::NonNegativeNumber);
  eval->add_option("--as-of", o.as_of, "evaluate as of this date (YYYY-MM-DD; default today)");
  t.Add(eval, [&o](Context& c) { return Evaluate(c, o); });
  auto* criteria = qc->add_subcommand("criteria", "print the QC criteria table");
  t.AddFormat(criteria, o.criteria_format, {"markdown"});
  t.Add(criteria, Criteria);
}

}  // namespace exo::cli
