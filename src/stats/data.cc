#include "stats/data.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace exo::stats {

namespace {

// Splits one CSV record starting at `pos`; advances `pos` past the line end.
// Quoted cells are unescaped into `unquoted` (a deque: the views stay valid).
void ReadRecord(std::string_view text, size_t& pos, std::vector<std::string_view>& cells,
                std::deque<std::string>& unquoted) {
  cells.clear();
  unquoted.clear();
  while (true) {
    if (pos < text.size() && text[pos] == '"') {
      std::string v;
      ++pos;
      while (pos < text.size()) {
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            v += '"';
            pos += 2;
          } else {
            ++pos;
            break;
          }
        } else {
          v += text[pos++];
        }
      }
      unquoted.push_back(std::move(v));
      cells.push_back(unquoted.back());
    } else {
      const size_t start = pos;
      while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') ++pos;
      cells.push_back(text.substr(start, pos - start));
    }
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    return;
  }
}

bool Missing(std::string_view v) { return v.empty() || v == "NA"; }

bool ParseNumber(std::string_view v, double& out) {
  const char* b = v.data();
  const char* e = v.data() + v.size();
  while (b < e && *b == ' ') ++b;
  while (e > b && e[-1] == ' ') --e;
  if (b < e && *b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && std::isfinite(out);
}

}  // namespace

const Column* DataTable::Find(std::string_view name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

Result<DataTable> ParseCsv(std::string_view text, const ReadOptions& options) {
  size_t pos = 0;
  std::vector<std::string_view> cells;
  std::deque<std::string> unquoted;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 byte order mark
  ReadRecord(text, pos, cells, unquoted);
  std::vector<std::string> header(cells.begin(), cells.end());
  std::vector<int> use;  // header index -> column index or -1
  DataTable t;
  for (size_t i = 0; i < header.size(); ++i) {
    const bool keep = options.keep.empty() || std::find(options.keep.begin(), options.keep.end(),
                                                        header[i]) != options.keep.end();
    use.push_back(keep ? static_cast<int>(t.columns.size()) : -1);
    if (keep) {
      Column c;
      c.name = header[i];
      c.numeric = std::find(options.factors.begin(), options.factors.end(), header[i]) ==
                  options.factors.end();
      t.columns.push_back(std::move(c));
    }
  }
  for (const auto& k : options.keep)
    if (std::find(header.begin(), header.end(), k) == header.end())
      return Invalid("column", "err.csv_no_column", {k});
  const size_t body = pos;
  // Pass 1: which kept columns are numeric.
  size_t line = 1;
  while (pos < text.size()) {
    ++line;
    ReadRecord(text, pos, cells, unquoted);
    if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
    if (cells.size() != header.size())
      return Invalid("csv:" + std::to_string(line), "err.csv_cells",
                     {std::to_string(cells.size()), std::to_string(header.size())});
    for (size_t i = 0; i < cells.size(); ++i) {
      if (use[i] < 0) continue;
      Column& c = t.columns[static_cast<size_t>(use[i])];
      double v;
      if (c.numeric && !Missing(cells[i]) && !ParseNumber(cells[i], v)) c.numeric = false;
    }
    if (options.progress && (line & 0xFFFFF) == 0) options.progress(pos / 2, text.size());
  }
  // Pass 2: values; factor codes by first appearance, re-coded in sorted order at the end.
  std::vector<std::unordered_map<std::string, int32_t>> dict(t.columns.size());
  pos = body;
  line = 1;
  while (pos < text.size()) {
    ++line;
    ReadRecord(text, pos, cells, unquoted);
    if (cells.size() == 1 && cells[0].empty()) continue;
    bool missing = false;
    for (size_t i = 0; i < cells.size(); ++i)
      if (use[i] >= 0 && Missing(cells[i])) missing = true;
    if (missing) {
      ++t.dropped;
      continue;
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      if (use[i] < 0) continue;
      const size_t ci = static_cast<size_t>(use[i]);
      Column& c = t.columns[ci];
      if (c.numeric) {
        double v = 0;
        ParseNumber(cells[i], v);
        c.values.push_back(v);
      } else {
        auto [it, added] =
            dict[ci].try_emplace(std::string(cells[i]), static_cast<int32_t>(c.levels.size()));
        if (added) c.levels.emplace_back(cells[i]);
        c.codes.push_back(it->second);
      }
    }
    ++t.rows;
    if (options.progress && (line & 0xFFFFF) == 0)
      options.progress(text.size() / 2 + pos / 2, text.size());
  }
  for (auto& c : t.columns) {
    if (c.numeric) continue;
    std::vector<int32_t> order(c.levels.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    bool all_numbers = true;
    std::vector<double> as_number(c.levels.size());
    for (size_t i = 0; i < c.levels.size(); ++i)
      all_numbers = all_numbers && ParseNumber(c.levels[i], as_number[i]);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return all_numbers ? as_number[static_cast<size_t>(a)] < as_number[static_cast<size_t>(b)]
                         : c.levels[static_cast<size_t>(a)] < c.levels[static_cast<size_t>(b)];
    });
    std::vector<int32_t> recode(order.size());
    std::vector<std::string> levels(order.size());
    for (size_t r = 0; r < order.size(); ++r) {
      recode[static_cast<size_t>(order[r])] = static_cast<int32_t>(r);
      levels[r] = c.levels[static_cast<size_t>(order[r])];
    }
    for (auto& code : c.codes) code = recode[static_cast<size_t>(code)];
    c.levels = std::move(levels);
  }
  if (options.progress) options.progress(text.size(), text.size());
  return t;
}

}  // namespace exo::stats
