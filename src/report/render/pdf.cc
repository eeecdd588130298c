#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "report/render/api.h"

namespace exo::report::render {

namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.0;
// TrueType Japanese fonts (Debian fonts-ipaexfont-gothic, fonts-ipafont-gothic): cairo 1.16 cannot
// subset the subroutines of Noto Sans CJK's CFF outlines and then embeds all of them, about 1 MB
// per document (docs/documents.md).
constexpr const char* kFont = "IPAexGothic";
constexpr const char* kMonoFont = "IPAGothic";  // fixed width: Latin half, kana and kanji full

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct PngReader {
  const std::string* data;
  size_t pos = 0;
};

cairo_status_t ReadPng(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->pos + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, r->data->data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

// The text blocks of a document laid out (shaped and broken into lines by pango) once, for
// the PDF surface's context, in the order Draw writes them: the pass that counts the pages lays
// them out and keeps them, the pass that draws shows the same layouts again.
class Layouts {
 public:
  explicit Layouts(cairo_t* cr) : context_(pango_cairo_create_context(cr)) {}
  ~Layouts() {
    for (PangoLayout* l : layouts_) g_object_unref(l);
    g_object_unref(context_);
  }
  Layouts(const Layouts&) = delete;
  Layouts& operator=(const Layouts&) = delete;

  // A new layout of `text`, kept.
  PangoLayout* Add(const std::string& text, double size_pt, bool bold, bool monospace) {
    PangoLayout* layout = pango_layout_new(context_);
    pango_layout_set_width(layout, static_cast<int>((kPageWidth - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    SetFont(layout, size_pt, bold, monospace);
    pango_layout_set_text(layout, text.c_str(), -1);
    layouts_.push_back(layout);
    return layout;
  }
  // The kept layouts again, in the order they were added (from the first, after Rewind).
  PangoLayout* Next() { return layouts_.at(next_++); }
  void Rewind() { next_ = 0; }

  static void SetFont(PangoLayout* layout, double size_pt, bool bold, bool monospace) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, monospace ? kMonoFont : kFont);
    pango_font_description_set_absolute_size(font, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
  }

 private:
  PangoContext* context_;
  std::vector<PangoLayout*> layouts_;
  size_t next_ = 0;
};

// Lays out text line by line, starting a new page when a line does not fit. Every page ends
// with the footer: `footer` on the left, "page / total" on the right. Measuring (`total_pages`
// 0), it only lays out, into `layouts`, and counts the pages; drawing, it shows those layouts.
class Writer {
 public:
  Writer(cairo_t* cr, Layouts& layouts, std::vector<std::string> header_lines, std::string footer,
         int total_pages)
      : cr_(cr),
        layouts_(layouts),
        header_lines_(std::move(header_lines)),
        footer_(std::move(footer)),
        total_(total_pages),
        drawing_(total_pages > 0) {
    Header();
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Text(const std::string& text, double size_pt, bool bold, double space_after,
            bool monospace = false) {
    PangoLayout* layout = drawing_ ? layouts_.Next() : layouts_.Add(text, size_pt, bold, monospace);
    PangoLayoutIter* it = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double line_h = static_cast<double>(logical.height) / PANGO_SCALE * 1.15;
      if (y_ + line_h > kPageHeight - kMargin) NewPage();
      if (drawing_) {
        const double baseline =
            static_cast<double>(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        cairo_move_to(cr_, kMargin, y_ + baseline);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
      }
      y_ += line_h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    y_ += space_after;
  }

  // Draws an SVG scaled to the text width, keeping its aspect ratio.
  void Svg(RsvgHandle* svg) {
    double w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(svg, &w, &h) || w <= 0 || h <= 0)
      w = 640, h = 320;
    const double width = kPageWidth - 2 * kMargin;
    const double height = width * h / w;
    if (y_ + height > kPageHeight - kMargin) NewPage();
    if (drawing_) {
      const RsvgRectangle viewport{kMargin, y_, width, height};
      rsvg_handle_render_document(svg, cr_, &viewport, nullptr);
    }
    y_ += height + 8;
  }

  void Image(cairo_surface_t* image, double max_w, double max_h) {
    const double w = cairo_image_surface_get_width(image);
    const double h = cairo_image_surface_get_height(image);
    const double scale = std::min({max_w / w, max_h / h, 1.0});
    if (y_ + h * scale > kPageHeight - kMargin) NewPage();
    if (drawing_) {
      cairo_save(cr_);
      cairo_translate(cr_, kMargin, y_);
      cairo_scale(cr_, scale, scale);
      cairo_set_source_surface(cr_, image, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
    }
    y_ += h * scale + 8;
  }

  // Ends the last page; the number of pages written.
  int Finish() {
    if (drawing_) Footer();
    return page_;
  }

 private:
  // The header lines at the top of the page, in small type over a thin rule.
  void Header() {
    if (header_lines_.empty()) return;
    PangoLayout* line = pango_cairo_create_layout(cr_);
    Layouts::SetFont(line, 8, false, false);
    const double width = kPageWidth - 2 * kMargin;
    pango_layout_set_width(line, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(line, PANGO_WRAP_WORD_CHAR);
    double y = kMargin * 0.55;
    for (const auto& text : header_lines_) {
      pango_layout_set_text(line, text.c_str(), -1);
      if (drawing_) {
        cairo_move_to(cr_, kMargin, y);
        pango_cairo_show_layout(cr_, line);
      }
      int h = 0;
      pango_layout_get_size(line, nullptr, &h);
      y += static_cast<double>(h) / PANGO_SCALE;
    }
    g_object_unref(line);
    if (drawing_) {
      cairo_save(cr_);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, kMargin, y + 3);
      cairo_line_to(cr_, kMargin + width, y + 3);
      cairo_stroke(cr_);
      cairo_restore(cr_);
    }
    y_ = std::max(y_, y + 12);
  }

  // The footer line in the bottom margin: the document's footer left, "page / total" right.
  void Footer() {
    PangoLayout* line = pango_cairo_create_layout(cr_);
    Layouts::SetFont(line, 8, false, false);
    const double width = kPageWidth - 2 * kMargin;
    pango_layout_set_width(line, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_ellipsize(line, PANGO_ELLIPSIZE_END);
    const double y = kPageHeight - kMargin * 0.6;
    if (!footer_.empty()) {
      pango_layout_set_text(line, footer_.c_str(), -1);
      cairo_move_to(cr_, kMargin, y);
      pango_cairo_show_layout(cr_, line);
    }
    const std::string number = std::to_string(page_) + " / " + std::to_string(total_);
    pango_layout_set_width(line, -1);
    pango_layout_set_text(line, number.c_str(), -1);
    int w = 0;
    pango_layout_get_size(line, &w, nullptr);
    cairo_move_to(cr_, kMargin + width - static_cast<double>(w) / PANGO_SCALE, y);
    pango_cairo_show_layout(cr_, line);
    g_object_unref(line);
  }

  void NewPage() {
    if (drawing_) {
      Footer();
      cairo_show_page(cr_);
    }
    ++page_;
    y_ = kMargin;
    Header();
  }
  cairo_t* cr_;
  Layouts& layouts_;
  std::vector<std::string> header_lines_;
  std::string footer_;
  int total_ = 0;
  bool drawing_;
  int page_ = 1;
  double y_ = kMargin;
};

struct Drawables {
  cairo_surface_t* signature = nullptr;
  cairo_surface_t* qr = nullptr;
  std::vector<RsvgHandle*> figures;
};

// Writes the document onto `cr`: with `total_pages` 0 it only lays it out into `layouts` and
// returns the number of pages; then, given that number, it draws it, numbering the pages
// "n / total_pages".
int Draw(cairo_t* cr, Layouts& layouts, const Document& doc, const Drawables& d, int total_pages) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  layouts.Rewind();
  Writer w(cr, layouts, doc.header_lines, doc.footer, total_pages);
  w.Text(doc.title, 16, true, 4);
  if (!doc.subtitle.empty()) w.Text(doc.subtitle, 9, false, 10);
  for (const auto& s : doc.sections) {
    if (!s.heading.empty()) w.Text(s.heading, 11.5, true, 2);
    w.Text(s.text, s.monospace ? 8 : 10, false, 8, s.monospace);
  }
  for (RsvgHandle* h : d.figures) w.Svg(h);
  for (const auto& line : doc.closing_lines) w.Text(line, 10, false, 4);
  if (d.signature != nullptr) w.Image(d.signature, 220, 80);
  if (d.qr != nullptr) {
    if (!doc.qr_caption.empty()) w.Text(doc.qr_caption, 9, false, 2);
    w.Image(d.qr, 120, 120);
  }
  return w.Finish();
}

// The PDF of `doc` into `out`: laid out once on the PDF surface to count its pages, then drawn
// from the same layouts with "n / total" in every footer.
cairo_status_t WritePdf(const Document& doc, const Drawables& d, std::string& out) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "exoclinic");
  cairo_t* cr = cairo_create(surface);
  {
    Layouts layouts(cr);
    const int pages = Draw(cr, layouts, doc, d, 0);
    Draw(cr, layouts, doc, d, pages);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  return status;
}

// A failure as the loader expects it (api.h).
std::string Fail(Failure* failure, Failure::Kind kind, std::string field, std::string message_id,
                 std::string detail = "") {
  *failure = {kind, std::move(field), std::move(message_id), std::move(detail)};
  return {};
}

}  // namespace

std::string Pdf(const Document& doc, Failure* failure) {
  cairo_surface_t* image = nullptr;
  if (doc.signature_png) {
    PngReader reader{&*doc.signature_png};
    image = cairo_image_surface_create_from_png_stream(ReadPng, &reader);
    if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(image);
      return Fail(failure, Failure::Kind::kInvalid, "signature_image", "err.bad_png");
    }
  }
  cairo_surface_t* qr = nullptr;
  if (doc.qr_png) {
    PngReader reader{&*doc.qr_png};
    qr = cairo_image_surface_create_from_png_stream(ReadPng, &reader);
    if (cairo_surface_status(qr) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(qr);
      if (image != nullptr) cairo_surface_destroy(image);
      return Fail(failure, Failure::Kind::kInvalid, "qr_image", "err.bad_png");
    }
  }
  std::vector<RsvgHandle*> figures;
  const auto free_figures = [&figures] {
    for (RsvgHandle* h : figures) g_object_unref(h);
  };
  for (size_t i = 0; i < doc.figures_svg.size(); ++i) {
    const std::string& svg = doc.figures_svg[i];
    RsvgHandle* h =
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), nullptr);
    if (h == nullptr) {
      free_figures();
      if (image != nullptr) cairo_surface_destroy(image);
      if (qr != nullptr) cairo_surface_destroy(qr);
      return Fail(failure, Failure::Kind::kInvalid, "figures_svg/" + std::to_string(i),
                  "err.bad_svg");
    }
    figures.push_back(h);
  }
  const Drawables drawables{image, qr, figures};
  std::string out;
  const cairo_status_t status = WritePdf(doc, drawables, out);
  if (image != nullptr) cairo_surface_destroy(image);
  if (qr != nullptr) cairo_surface_destroy(qr);
  free_figures();
  if (status != CAIRO_STATUS_SUCCESS)
    return Fail(failure, Failure::Kind::kInternal, "", "", cairo_status_to_string(status));
  return out;
}

}  // namespace exo::report::render
