// Documents for patients rendered as PDF (A4) with cairo and pango, Japanese text set in the
// embedded subset of the TrueType font "IPAexGothic" (Debian fonts-ipaexfont-gothic; tables in
// "IPAGothic", fonts-ipafont-gothic). Why not Noto Sans CJK: docs/documents.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace exo::report {

struct DocumentSection {
  std::string heading;     // may be empty
  std::string text;        // paragraphs separated by "\n"
  bool monospace = false;  // tables laid out with spaces (IPAGothic, fixed width)
  friend bool operator==(const DocumentSection&, const DocumentSection&) = default;
};

struct Document {
  std::string title;
  std::string subtitle;
  std::vector<DocumentSection> sections;
  std::vector<std::string> figures_svg;      // SVG charts drawn after the sections
  std::vector<std::string> closing_lines;    // e.g. the signature block
  std::optional<std::string> signature_png;  // PNG bytes drawn under the closing lines
  std::optional<std::string> qr_png;         // PNG bytes drawn last, under `qr_caption`
  std::string qr_caption;
  std::vector<std::string> header_lines;  // on top of every page: the clinic (page_layout.h)
  std::string footer;  // on every page, left of "page / pages": e.g. the patient and document id
  // Equal documents render the same PDF (but for the creation date).
  friend bool operator==(const Document&, const Document&) = default;
};

// The PDF bytes; kInvalid "signature_image" if the PNG cannot be decoded, "figures_svg/N" if
// an SVG cannot be read.
Result<std::string> RenderPdf(const Document& doc);

}  // namespace exo::report
