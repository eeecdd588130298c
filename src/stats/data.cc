#include "stats/data.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <thread>
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

// A plain decimal ("-12.345": digits, then optionally a point and digits) with at most 2^53 as
// its digits read as an integer and at most 22 after the point: that integer and 10^k are exact
// doubles, so one division rounds as strtod does (Clinger's fast path). Anything else (an
// exponent, more digits, "inf") is left to std::from_chars. Most cells of a measurement file
// are like this, and reading them here is ~3 times faster (issue #17).
bool PlainDecimal(const char* p, const char* e, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p < e && *p == '-';
  if (negative) ++p;
  uint64_t mantissa = 0;
  int digits = 0;
  const auto digit = [&](char c) { return static_cast<unsigned>(c - '0') < 10; };
  const char* const integer = p;
  for (; p < e && digit(*p) && digits < 18; ++p, ++digits) mantissa = mantissa * 10 + (*p - '0');
  if (p == integer) return false;
  int fraction = 0;
  if (p < e && *p == '.') {
    const char* const point = p++;
    for (; p < e && digit(*p) && digits < 18; ++p, ++digits, ++fraction)
      mantissa = mantissa * 10 + (*p - '0');
    if (p == point + 1) return false;
  }
  if (p != e || fraction > 22 || mantissa > (uint64_t{1} << 53)) return false;
  const double v = static_cast<double>(mantissa) / kPow10[fraction];
  out = negative ? -v : v;
  return true;
}

bool ParseNumber(std::string_view v, double& out) {
  const char* b = v.data();
  const char* e = v.data() + v.size();
  while (b < e && *b == ' ') ++b;
  while (e > b && e[-1] == ' ') --e;
  if (b < e && *b == '+') ++b;
  if (PlainDecimal(b, e, out)) return true;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && std::isfinite(out);
}

Error WrongCellCount(size_t line, size_t cells, size_t header) {
  return Invalid("csv:" + std::to_string(line), "err.csv_cells",
                 {std::to_string(cells), std::to_string(header)});
}

// The header and which of its columns are kept: header index -> column index or -1.
struct Layout {
  size_t header_cells = 0;
  std::vector<int> use;
  size_t body = 0;  // offset of the first record after the header
};

// Factor levels in R's order: numerically when every level is a number, else by bytes.
// Returns the sorted levels and, per level in the given order, its sorted position.
template <typename Level>
std::pair<std::vector<std::string>, std::vector<int32_t>> SortLevels(
    const std::vector<Level>& levels) {
  std::vector<int32_t> order(levels.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  bool all_numbers = true;
  std::vector<double> as_number(levels.size());
  for (size_t i = 0; i < levels.size() && all_numbers; ++i)
    all_numbers = ParseNumber(levels[i], as_number[i]);
  const auto at = [](const auto& v, int32_t i) -> const auto& { return v[static_cast<size_t>(i)]; };
  if (all_numbers)
    std::sort(order.begin(), order.end(),
              [&](int32_t a, int32_t b) { return at(as_number, a) < at(as_number, b); });
  else {
    // By bytes, first by the first 8 of them as one big-endian number (most ids differ there),
    // then the whole texts when those are equal: a sort of 133,239 patient ids was 2.3 million
    // memcmp calls (issue #17).
    std::vector<uint64_t> prefix(levels.size());
    for (size_t i = 0; i < levels.size(); ++i) {
      const std::string_view v(levels[i]);
      uint64_t key = 0;
      for (size_t b = 0; b < 8; ++b)
        key = (key << 8) | (b < v.size() ? static_cast<unsigned char>(v[b]) : 0U);
      prefix[i] = key;
    }
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      const uint64_t ka = at(prefix, a), kb = at(prefix, b);
      if (ka != kb) return ka < kb;
      return std::string_view(at(levels, a)) < std::string_view(at(levels, b));
    });
  }
  std::vector<int32_t> recode(order.size());
  std::vector<std::string> sorted(order.size());
  for (size_t r = 0; r < order.size(); ++r) {
    recode[static_cast<size_t>(order[r])] = static_cast<int32_t>(r);
    sorted[r] = std::string(at(levels, order[r]));
  }
  return {std::move(sorted), std::move(recode)};
}

// The general reader: quoted cells (with commas, doubled quotes and line breaks inside), two
// passes over the records (which columns are numeric, then the values).
Result<DataTable> ParseGeneral(std::string_view text, const Layout& layout, DataTable t,
                               const ReadOptions& options) {
  std::vector<std::string_view> cells;
  std::deque<std::string> unquoted;
  size_t pos = layout.body;
  // Pass 1: which kept columns are numeric.
  size_t line = 1;
  while (pos < text.size()) {
    ++line;
    ReadRecord(text, pos, cells, unquoted);
    if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
    if (cells.size() != layout.header_cells)
      return WrongCellCount(line, cells.size(), layout.header_cells);
    for (size_t i = 0; i < cells.size(); ++i) {
      if (layout.use[i] < 0) continue;
      Column& c = t.columns[static_cast<size_t>(layout.use[i])];
      double v;
      if (c.numeric && !Missing(cells[i]) && !ParseNumber(cells[i], v)) c.numeric = false;
    }
    if (options.progress && (line & 0xFFFFF) == 0) options.progress(pos / 2, text.size());
  }
  // Pass 2: values; factor codes by first appearance, re-coded in sorted order at the end.
  std::vector<std::unordered_map<std::string, int32_t>> dict(t.columns.size());
  pos = layout.body;
  line = 1;
  while (pos < text.size()) {
    ++line;
    ReadRecord(text, pos, cells, unquoted);
    if (cells.size() == 1 && cells[0].empty()) continue;
    bool missing = false;
    for (size_t i = 0; i < cells.size(); ++i)
      if (layout.use[i] >= 0 && Missing(cells[i])) missing = true;
    if (missing) {
      ++t.dropped;
      continue;
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      if (layout.use[i] < 0) continue;
      const size_t ci = static_cast<size_t>(layout.use[i]);
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
    auto [levels, recode] = SortLevels(c.levels);
    for (auto& code : c.codes) code = recode[static_cast<size_t>(code)];
    c.levels = std::move(levels);
  }
  return t;
}

// The fast reader for a body without quotes (every line break ends a record): one pass, each
// part of the body (split at line breaks) on its own thread, cells as views into the text, no
// string per cell. Each part writes its rows straight into the table's columns, from its own
// offset (the records before it). A numeric column with a cell that is not a number is reported
// in `failed`; the caller reads again with it as a factor.
// Equality of two short cells without a call to memcmp.
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A factor's levels as met in a part: an open-addressing table (linear probing, a power of two
// in size, at most half full) from a cell's text to its code, each slot holding the text's hash.
// Issue #17: std::unordered_map (a node and a malloc per level, murmur hashing) was a quarter
// of reading 1e6 rows with 133,239 patients.
class LevelTable {
 public:
  // The code of `text`: its index in `levels`, where it is appended when new.
  int32_t Code(std::string_view text, std::vector<std::string_view>& levels) {
    if (slots_.empty()) slots_.resize(1024);
    const uint64_t h = Hash(text);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.code < 0) {
        const auto code = static_cast<int32_t>(levels.size());
        slot = {h, code};
        levels.push_back(text);
        if (2 * ++used_ > slots_.size()) Grow();
        return code;
      }
      if (slot.hash == h && SameText(levels[static_cast<size_t>(slot.code)], text))
        return slot.code;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    int32_t code = -1;  // -1: empty
  };
  // FNV-1a: cells are short (an id or a level name).
  static uint64_t Hash(std::string_view text) {
    uint64_t h = 14695981039346656037ULL;
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h ^ (h >> 29);
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.code < 0) continue;
      size_t i = slot.hash & mask;
      while (slots_[i].code >= 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

struct PartColumn {
  double* values = nullptr;              // numeric: this part's rows in the table
  int32_t* codes = nullptr;              // factors: local codes, index into `levels`
  std::vector<std::string_view> levels;  // in order of first appearance
  LevelTable table;
  bool failed = false;
};

struct Part {
  const char* begin = nullptr;
  const char* end = nullptr;
  size_t lines = 0;   // line breaks (records, blank ones included): room for rows
  size_t offset = 0;  // rows of the table before this part's
  size_t records = 0, rows = 0, dropped = 0;
  size_t error_record = 0, error_cells = 0;  // error_record > 0: wrong number of cells
  std::vector<PartColumn> columns;
};

void ReadPart(const Layout& layout, const std::vector<bool>& numeric, Part& part,
              const std::function<void(size_t)>* progress) {
  const size_t kept = numeric.size();
  std::vector<double> row_values(kept);
  std::vector<std::string_view> row_cells(kept);
  std::vector<std::string_view> last(kept);
  std::vector<int32_t> last_code(kept, -1);
  const char* p = part.begin;
  const char* const e = part.end;
  while (p < e) {
    ++part.records;
    size_t cell = 0;
    bool missing = false, first_empty = false;
    while (true) {
      const char* s = p;
      while (p < e && *p != ',' && *p != '\n' && *p != '\r') ++p;
      const std::string_view v(s, static_cast<size_t>(p - s));
      if (cell == 0) first_empty = v.empty();
      if (cell < layout.header_cells && layout.use[cell] >= 0) {
        const size_t k = static_cast<size_t>(layout.use[cell]);
        if (Missing(v)) {
          missing = true;
        } else if (numeric[k]) {
          if (!part.columns[k].failed && !ParseNumber(v, row_values[k]))
            part.columns[k].failed = true;
        } else {
          row_cells[k] = v;
        }
      }
      ++cell;
      if (p < e && *p == ',') {
        ++p;
        continue;
      }
      if (p < e && *p == '\r') ++p;
      if (p < e && *p == '\n') ++p;
      break;
    }
    if (cell == 1 && first_empty) continue;  // blank line
    if (cell != layout.header_cells) {
      part.error_record = part.records;
      part.error_cells = cell;
      return;
    }
    if (missing) {
      ++part.dropped;
      continue;
    }
    const size_t row = part.rows++;
    for (size_t k = 0; k < kept; ++k) {
      PartColumn& c = part.columns[k];
      if (numeric[k]) {
        c.values[row] = row_values[k];
        continue;
      }
      // Long-format data repeats a group's level on consecutive rows.
      if (last_code[k] < 0 || !SameText(row_cells[k], last[k])) {
        last[k] = row_cells[k];
        last_code[k] = c.table.Code(row_cells[k], c.levels);
      }
      c.codes[row] = last_code[k];
    }
    if (progress != nullptr && (part.records & 0x3FFFF) == 0)
      (*progress)(static_cast<size_t>(p - part.begin));
  }
}

// Room for the records of [s, end): ReadPart ends a record at "\n", "\r\n" and a bare "\r",
// so a bare "\r" counts as a line too (a file of only carriage returns overflowed the columns:
// found by fuzz_csv).
size_t CountLines(const char* s, const char* end) {
  size_t lines = 0;
  for (const char* p = s; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    ++lines;
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
  }
  for (const char* p = s; p < end;) {
    const void* cr = std::memchr(p, '\r', static_cast<size_t>(end - p));
    if (cr == nullptr) break;
    p = static_cast<const char*>(cr) + 1;
    if (p == end || *p != '\n') ++lines;
  }
  return lines;
}

// Splits [begin, end) into up to `n` parts at line breaks.
std::vector<Part> SplitAtLines(const char* begin, const char* end, size_t n) {
  std::vector<Part> parts;
  const char* s = begin;
  for (size_t i = 1; i <= n && s < end; ++i) {
    const char* cut =
        i == n ? end : begin + (end - begin) * static_cast<long>(i) / static_cast<long>(n);
    if (cut < s) cut = s;
    if (cut < end) {
      const void* nl = std::memchr(cut, '\n', static_cast<size_t>(end - cut));
      cut = nl == nullptr ? end : static_cast<const char*>(nl) + 1;
    }
    if (cut == s) continue;
    Part part;
    part.begin = s;
    part.end = cut;
    parts.push_back(std::move(part));
    s = cut;
  }
  return parts;
}

// A first guess at which kept columns are numeric, from the first records: a column with a
// cell there that is not a number is a factor (reading it as numbers first would only fail).
void GuessNumeric(std::string_view text, const Layout& layout, std::vector<bool>& numeric) {
  std::vector<std::string_view> cells;
  std::deque<std::string> unquoted;
  size_t pos = layout.body;
  for (int records = 0; records < 100 && pos < text.size(); ++records) {
    ReadRecord(text, pos, cells, unquoted);
    if (cells.size() != layout.header_cells) continue;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (layout.use[i] < 0) continue;
      const auto k = static_cast<size_t>(layout.use[i]);
      double v;
      if (numeric[k] && !Missing(cells[i]) && !ParseNumber(cells[i], v)) numeric[k] = false;
    }
  }
}

// Reads the body with the fast reader. `numeric` per kept column; returns false (and marks
// `numeric`) when a column thought numeric holds a non-number.
Result<bool> ParseUnquoted(std::string_view text, const Layout& layout, std::vector<bool>& numeric,
                           DataTable& t, const ReadOptions& options) {
  const char* begin = text.data() + layout.body;
  const char* end = text.data() + text.size();
  constexpr size_t kBytesPerThread = size_t{1} << 20;
  const size_t threads = std::clamp<size_t>(static_cast<size_t>(end - begin) / kBytesPerThread, 1,
                                            std::max(1u, std::thread::hardware_concurrency()));
  std::vector<Part> parts = SplitAtLines(begin, end, threads);
  if (parts.empty()) return true;  // a header and nothing else: no rows
  size_t room = 0;
  for (auto& part : parts) {
    part.lines = CountLines(part.begin, part.end);
    part.offset = room;
    room += part.lines;
  }
  for (size_t k = 0; k < numeric.size(); ++k) {
    Column& c = t.columns[k];
    if (numeric[k])
      c.values.resize(room);
    else
      c.codes.resize(room);
    for (auto& part : parts) {
      part.columns.resize(numeric.size());
      if (numeric[k])
        part.columns[k].values = c.values.data() + part.offset;
      else
        part.columns[k].codes = c.codes.data() + part.offset;
    }
  }
  std::function<void(size_t)> progress;
  if (options.progress && !parts.empty()) {
    const size_t share = static_cast<size_t>(parts[0].end - parts[0].begin);
    progress = [&options, share, total = text.size()](size_t done) {
      options.progress(static_cast<size_t>(static_cast<double>(done) / static_cast<double>(share) *
                                           static_cast<double>(total) * 0.99),
                       total);
    };
  }
  {
    std::vector<std::thread> workers;
    for (size_t i = 1; i < parts.size(); ++i)
      workers.emplace_back([&, i] { ReadPart(layout, numeric, parts[i], nullptr); });
    if (!parts.empty()) ReadPart(layout, numeric, parts[0], progress ? &progress : nullptr);
    for (auto& w : workers) w.join();
  }
  size_t records_before = 1;  // the header
  for (const auto& part : parts) {
    if (part.error_record > 0)
      return WrongCellCount(records_before + part.error_record, part.error_cells,
                            layout.header_cells);
    records_before += part.records;
  }
  bool any_failed = false;
  for (size_t k = 0; k < numeric.size(); ++k)
    for (const auto& part : parts)
      if (part.columns[k].failed) {
        numeric[k] = false;
        any_failed = true;
      }
  if (any_failed) return false;
  for (const auto& part : parts) {
    t.rows += part.rows;
    t.dropped += part.dropped;
  }
  for (size_t k = 0; k < numeric.size(); ++k) {
    Column& c = t.columns[k];
    // Close the gaps the dropped and blank records of each part left.
    size_t at = 0;
    for (const auto& part : parts) {
      if (numeric[k]) {
        if (at != part.offset)
          std::memmove(&c.values[at], &c.values[part.offset], part.rows * sizeof(double));
      } else {
        // Local codes -> codes over all parts' levels, in order of first appearance.
        const PartColumn& pc = part.columns[k];
        int32_t* codes = &c.codes[part.offset];
        if (&part != &parts[0]) {
          auto& global = parts[0].columns[k];
          std::vector<int32_t> to_global;
          to_global.reserve(pc.levels.size());
          for (const auto& level : pc.levels)
            to_global.push_back(global.table.Code(level, global.levels));
          for (size_t r = 0; r < part.rows; ++r)
            codes[r] = to_global[static_cast<size_t>(codes[r])];
        }
        if (at != part.offset) std::memmove(&c.codes[at], codes, part.rows * sizeof(int32_t));
      }
      at += part.rows;
    }
    if (numeric[k]) {
      c.values.resize(t.rows);
      continue;
    }
    c.codes.resize(t.rows);
    auto [sorted, recode] = SortLevels(parts[0].columns[k].levels);
    c.levels = std::move(sorted);
    for (auto& code : c.codes) code = recode[static_cast<size_t>(code)];
  }
  return true;
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
  Layout layout;
  layout.header_cells = header.size();
  layout.body = pos;
  DataTable t;
  for (size_t i = 0; i < header.size(); ++i) {
    const bool keep = options.keep.empty() || std::find(options.keep.begin(), options.keep.end(),
                                                        header[i]) != options.keep.end();
    layout.use.push_back(keep ? static_cast<int>(t.columns.size()) : -1);
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
  const std::string_view body = text.substr(layout.body);
  if (body.find('"') != std::string_view::npos) {
    auto general = ParseGeneral(text, layout, std::move(t), options);
    if (general && options.progress) options.progress(text.size(), text.size());
    return general;
  }
  std::vector<bool> numeric;
  for (const auto& c : t.columns) numeric.push_back(c.numeric);
  GuessNumeric(text, layout, numeric);
  // A column that turns out not to be numeric is read again as a factor (at most once each).
  while (true) {
    DataTable attempt;
    for (size_t k = 0; k < t.columns.size(); ++k) {
      Column c;
      c.name = t.columns[k].name;
      c.numeric = numeric[k];
      attempt.columns.push_back(std::move(c));
    }
    auto done = ParseUnquoted(text, layout, numeric, attempt, options);
    if (!done) return done.error();
    if (*done) {
      if (options.progress) options.progress(text.size(), text.size());
      return attempt;
    }
  }
}

}  // namespace exo::stats
