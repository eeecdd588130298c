// CoA evaluations per second (goal: over 100,000 per second per core).
//   build/bench/coa_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "product/certificate.h"
#include "product/qc_evaluation.h"
#include "product/qc_report_format.h"
#include "product/qc_rules.h"

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const exo::product::QcRules& Rules() {
  static const auto rules =
      exo::product::ParseQcRules(Read(std::string(EXO_SOURCE_DIR) + "/rules/qc.toml")).value();
  return rules;
}

const std::string& CertificateText() {
  static const std::string text =
      Read(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json");
  return text;
}

const exo::product::QcContext kContext{*exo::Date::Parse("2026-11-24"), std::nullopt, 60.0, 10.0,
                                       60.0};

// Evaluation of an already parsed certificate: the QC engine itself.
void BM_EvaluateCoa(benchmark::State& state) {
  const auto cert = exo::product::ParseCertificate(CertificateText()).value();
  for (auto _ : state) {
    auto report = exo::product::EvaluateCoa(cert, Rules(), kContext);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateCoa);

// What `qc evaluate` and POST /qc/evaluate do per request: parse, validate, evaluate.
void BM_ParseAndEvaluateCoa(benchmark::State& state) {
  for (auto _ : state) {
    auto cert = exo::product::ParseCertificate(CertificateText());
    auto report = exo::product::EvaluateCoa(cert.value(), Rules(), kContext);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndEvaluateCoa);

// Parse, evaluate and render the JSON report (the full API response body).
void BM_ParseEvaluateRenderJson(benchmark::State& state) {
  for (auto _ : state) {
    auto cert = exo::product::ParseCertificate(CertificateText());
    auto report = exo::product::EvaluateCoa(cert.value(), Rules(), kContext);
    std::string out = exo::product::QcReportToJson(report, kContext, exo::Lang::kEn).dump();
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseEvaluateRenderJson);

// Reference: parsing the same JSON text with nlohmann alone, no validation or rules.
void BM_ReferenceJsonParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(CertificateText());
    benchmark::DoNotOptimize(doc);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReferenceJsonParseOnly);

}  // namespace

BENCHMARK_MAIN();
