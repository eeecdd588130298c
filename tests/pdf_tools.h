// Test helper: reads a PDF back with poppler-utils (pdftotext, pdfinfo, pdffonts), as a person's
// viewer would, instead of trusting what the program meant to write.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace exo::testing {

// The standard output of `cmd`.
inline std::string ShellOutput(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// The PDF bytes written to `path`.
inline void WritePdf(const std::string& path, const std::string& pdf) {
  std::ofstream(path, std::ios::binary) << pdf;
}

// The number of pages pdfinfo reads, 0 if it cannot read the file.
inline int PdfPages(const std::string& path) {
  const std::string info = ShellOutput("pdfinfo " + path + " 2>/dev/null");
  const size_t at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
}

// The text of page `page` (all pages when 0), with every whitespace character removed:
// pdftotext wraps lines and drops some spaces between glyph runs.
inline std::string PdfSqueezedText(const std::string& path, int page = 0) {
  std::string command = "pdftotext -enc UTF-8";
  if (page > 0) {
    const std::string n = std::to_string(page);
    command.append(" -f ").append(n).append(" -l ").append(n);
  }
  command.append(" ").append(path).append(" -");
  std::string squeezed;
  for (const char c : ShellOutput(command))
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') squeezed += c;
  return squeezed;
}

// Checks that a document a clinic hands out is small enough to store and mail: every font
// embedded as a subset, fewer than 150 KB per page (issue #14). `what` names it in failures.
inline void ExpectCompactPdf(const std::string& path, const std::string& pdf,
                             const std::string& what) {
  const int pages = PdfPages(path);
  ASSERT_GT(pages, 0) << what;
  EXPECT_LT(pdf.size() / static_cast<size_t>(pages), 150u * 1024u)
      << what << ": " << pdf.size() << " bytes, " << pages << " page(s)";
  const std::string fonts = ShellOutput("pdffonts " + path);
  int font_rows = 0;
  size_t line_start = fonts.find('\n', fonts.find("-----"));
  while (line_start != std::string::npos && line_start + 1 < fonts.size()) {
    const size_t end = fonts.find('\n', line_start + 1);
    const std::string row = fonts.substr(line_start + 1, end - line_start - 1);
    line_start = end;
    if (row.empty()) continue;
    ++font_rows;
    // Columns: name type encoding emb sub uni object ID; emb and sub read "yes yes".
    EXPECT_NE(row.find(" yes yes "), std::string::npos)
        << what << ": not an embedded subset: " << row;
  }
  EXPECT_GT(font_rows, 0) << what << ":\n" << fonts;
}

}  // namespace exo::testing
