// analyze, responders: statistics on a long-format CSV (no database).
#include "app/analysis.h"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/mapped_file.h"
#include "app/rules.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "core/format.h"
#include "stats/summary.h"

namespace exo::cli {

namespace {

using nlohmann::json;

constexpr size_t kMaxCsvBytes = size_t{1} << 34;

struct AnalyzeOptions {
  std::string data_csv;
  std::string formula;
  std::vector<std::string> reference_levels;
  std::vector<std::string> factor_columns;
  bool ml = false;
  std::string report_path;
  bool with_groups = false;
};

// Progress on the terminal's stderr while the data is read and the model fitted.
void ShowProgress(app::AnalysisRequest& request, Lang lang) {
  request.progress = [lang](const std::string& stage, double fraction, const std::string& detail) {
    if (stage == "read")
      std::cerr << "\r" << Message("analysis.reading", lang) << " "
                << static_cast<int>(fraction * 100) << "%   " << std::flush;
    else
      std::cerr << "\r" << Message("analysis.fitting", lang) << ": " << detail << "        "
                << std::flush;
  };
}

// The report as HTML (path ending in .html) or PDF.
int WriteReport(const stats::LmmFit& fit, const std::string& path, Lang lang) {
  const bool html = path.size() >= 5 && path.substr(path.size() - 5) == ".html";
  if (html) return WriteBytes(path, app::AnalysisReportHtml(fit, lang), lang);
  return WriteOr(app::AnalysisReportPdf(fit, lang), path, lang);
}

int Analyze(Context& c, const AnalyzeOptions& o) {
  auto file = app::MapFile(o.data_csv, kMaxCsvBytes);
  if (!file) return c.Fail(file.error());
  app::AnalysisRequest request;
  request.formula = o.formula;
  request.ml = o.ml;
  request.factors = o.factor_columns;
  // The JSON summary without --groups has no per-row values: do not keep them.
  request.keep_fitted = c.format() != "json" || o.with_groups || !o.report_path.empty();
  for (const auto& r : o.reference_levels) {
    const size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0)
      return c.Fail(Invalid("--ref", "err.expected_one_of", {r, "column=level"}));
    request.reference[r.substr(0, eq)] = r.substr(eq + 1);
  }
  const bool tty = isatty(STDERR_FILENO);
  if (tty) ShowProgress(request, c.lang());
  auto fit = app::Analyze(file->text(), request);
  if (tty) std::cerr << "\r" << std::string(70, ' ') << "\r" << std::flush;
  if (!fit) return c.Fail(fit.error());
  if (c.format() == "json")
    PrintJson(stats::SummaryJson(*fit, o.with_groups));
  else
    std::cout << stats::SummaryText(*fit);
  if (o.report_path.empty()) return 0;
  return WriteReport(*fit, o.report_path, c.lang());
}

struct ResponderCommandOptions {
  std::string data_csv;
  stats::ResponderOptions responders{"y", "time", "patient", "", 0, false};
};

void PrintResponders(const std::vector<stats::ResponderRow>& rows, const std::string& format) {
  if (format == "json") {
    json arr = json::array();
    for (const auto& r : rows)
      arr.push_back({{"group", r.group},
                     {"patients", r.patients},
                     {"responders", r.responders},
                     {"share", r.share},
                     {"ci_low", r.ci.low},
                     {"ci_high", r.ci.high},
                     {"interval", "Clopper-Pearson 95%"}});
    PrintJson(json{{"responders", arr}});
    return;
  }
  for (const auto& r : rows)
    std::cout << Pad(r.group, 20) << r.responders << "/" << r.patients << "  "
              << FormatNumber(100 * r.share, 3) << "%  [" << FormatNumber(100 * r.ci.low, 3)
              << "%, " << FormatNumber(100 * r.ci.high, 3) << "%]\n";
}

int Responders(Context& c, const ResponderCommandOptions& o) {
  auto text = app::ReadTextFile(o.data_csv, kMaxCsvBytes);
  if (!text) return c.Fail(text.error());
  return PrintOr(
      app::AnalyzeResponders(*text, o.responders), c.lang(), c.format(),
      [&c](const std::vector<stats::ResponderRow>& rows) { PrintResponders(rows, c.format()); });
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<AnalyzeOptions>();
  auto* analyze = app.add_subcommand("analyze", "fit a linear mixed model (lme4 formula) to a CSV");
  analyze->add_option("data", o.data_csv, "CSV file (long format, header row)")->required();
  analyze
      ->add_option("--formula", o.formula,
                   "e.g. \"y ~ weeks + route + (1 + weeks | patient) + (1 | lot) + (1 | clinic)\"; "
                   "nested (1 | batch/cask), uncorrelated (1 + t || g)")
      ->required();
  analyze->add_flag("--ml", o.ml, "maximum likelihood instead of REML");
  analyze->add_option("--ref", o.reference_levels, "reference level, e.g. route=topical");
  analyze->add_option("--factor", o.factor_columns, "read a numeric-looking column as a factor");
  analyze->add_option("--report", o.report_path, "write a report (.pdf or .html)");
  analyze->add_flag("--groups", o.with_groups,
                    "JSON: add conditional modes (with intervals) per grouping factor and level, "
                    "and fitted values per row");
  t.AddTextOptions({analyze});
  t.Add(analyze, [&o](Context& c) { return Analyze(c, o); });
}

void AddRespondersCommand(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<ResponderCommandOptions>();
  auto& r = o.responders;
  auto* responders =
      app.add_subcommand("responders", "share of patients whose change passes a threshold");
  responders->add_option("data", o.data_csv, "CSV file")->required();
  responders->add_option("--response", r.response, "response column (default y)");
  responders->add_option("--time", r.time, "time column (default time)");
  responders->add_option("--patient", r.patient, "patient column (default patient)");
  responders->add_option("--by", r.by, "group column, e.g. route");
  responders->add_option("--threshold", r.threshold, "change from baseline needed")->required();
  responders->add_flag("--lower-better", r.lower_is_better, "a fall counts (e.g. PSQI)");
  t.AddFormat(responders);
  t.Add(responders, [&o](Context& c) { return Responders(c, o); });
}

}  // namespace exo::cli
