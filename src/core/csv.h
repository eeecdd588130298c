// CSV (RFC 4180) for exports that people open in a spreadsheet: CRLF line ends, text cells
// quoted when needed and neutralised when they would run as a formula, numbers as people write
// them, and an optional UTF-8 byte-order mark (Excel in Japan reads a CSV without one as
// Shift-JIS).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exo {

// A text cell as written in a CSV line: a cell starting with = + - @ (or a tab or carriage
// return) gets a leading apostrophe so no spreadsheet runs it as a formula, unless it is a plain
// decimal number ("-2.5"); then quoted, with quotes doubled, when it holds a comma, a quote or a
// line break.
std::string CsvField(const std::string& value);

// A number cell: plain decimal notation, no exponent, at most 12 significant digits, no
// trailing zeros ("10000000000", "0.3", "-2.5"). Never neutralised: it is a number.
std::string CsvNumber(double value);
std::string CsvNumber(const std::optional<double>& value);  // absent: empty cell

// Builds a CSV document: one line per Row, CRLF after each; `bom` puts the UTF-8 byte-order
// mark first (for downloads meant for a spreadsheet).
class CsvWriter {
 public:
  explicit CsvWriter(bool bom);
  // Cells already written with CsvField/CsvNumber.
  void Row(const std::vector<std::string>& cells);
  // Every cell a text cell (CsvField).
  void TextRow(const std::vector<std::string>& cells);
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace exo
