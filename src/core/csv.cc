#include "core/csv.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace exo {

namespace {

// "-2.5", "10", "0.3": a plain decimal number, which no spreadsheet runs as a formula.
bool PlainNumber(std::string_view s) {
  size_t i = s.empty() || s.front() != '-' ? 0 : 1;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

std::string CsvField(const std::string& v) {
  std::string cell = v;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos &&
      !PlainNumber(cell))
    cell.insert(0, 1, '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvNumber(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = std::clamp(11 - magnitude, 0, 15);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string CsvNumber(const std::optional<double>& value) { return value ? CsvNumber(*value) : ""; }

CsvWriter::CsvWriter(bool bom) {
  if (bom) out_ = kUtf8Bom;
}

void CsvWriter::Row(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_ += ',';
    out_ += cells[i];
  }
  out_ += "\r\n";
}

void CsvWriter::TextRow(const std::vector<std::string>& cells) {
  std::vector<std::string> fields;
  fields.reserve(cells.size());
  for (const auto& c : cells) fields.push_back(CsvField(c));
  Row(fields);
}

}  // namespace exo
