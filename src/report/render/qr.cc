#include <cairo.h>
#include <qrencode.h>

#include "report/render/api.h"

namespace exo::report::render {

namespace {
cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

std::string QrPng(const std::string& text, int module_px, Failure* failure) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) {
    *failure = {Failure::Kind::kInternal, "", "", "QR encoding failed"};
    return {};
  }
  const int quiet = 4;
  const int size = (code->width + 2 * quiet) * module_px;
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        cairo_rectangle(cr, (x + quiet) * module_px, (y + quiet) * module_px, module_px, module_px);
  cairo_fill(cr);
  cairo_destroy(cr);
  std::string png;
  const cairo_status_t st = cairo_surface_write_to_png_stream(surface, Append, &png);
  cairo_surface_destroy(surface);
  QRcode_free(code);
  if (st != CAIRO_STATUS_SUCCESS) {
    *failure = {Failure::Kind::kInternal, "", "", cairo_status_to_string(st)};
    return {};
  }
  return png;
}

}  // namespace exo::report::render
