// A data table for model fitting, read from CSV (RFC 4180, header row): numeric columns and
// factors (text, or forced). Only the columns a model uses are kept. "NA" and empty cells are
// missing; rows with a missing value in a used column are dropped, as lme4's na.omit does.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace exo::stats {

struct Column {
  std::string name;
  bool numeric = true;
  std::vector<double> values;       // numeric columns
  std::vector<int32_t> codes;       // factors: index into levels
  std::vector<std::string> levels;  // sorted as R's factor() sorts them
};

struct DataTable {
  size_t rows = 0;
  size_t dropped = 0;  // rows with a missing value
  std::vector<Column> columns;
  const Column* Find(std::string_view name) const;
};

struct ReadOptions {
  std::vector<std::string> keep;     // columns to keep (all when empty)
  std::vector<std::string> factors;  // columns read as factors even when numeric
  // Called now and then with (bytes done, bytes total) for a progress display.
  std::function<void(size_t, size_t)> progress;
};

// Errors: "csv:LINE" for a row with the wrong number of cells, "column" for a kept column the
// header lacks.
Result<DataTable> ParseCsv(std::string_view text, const ReadOptions& options);

}  // namespace exo::stats
