// The document renderer as a module of its own (exoclinic-render.so), loaded when the first
// document is drawn (report/render_loader.cc): cairo, pango, librsvg and libqrencode bring about
// 45 shared libraries whose loading cost every start of the program ~7 ms, also the commands
// that never draw a document (`exoclinic analyze`, issue #17). The module links no exoclinic
// library: a failure comes back as plain fields and the loader makes it an Error.
#pragma once

#include <string>

#include "report/pdf.h"

namespace exo::report::render {

struct Failure {
  enum class Kind { kNone, kInvalid, kInternal };
  Kind kind = Kind::kNone;
  std::string field;       // kInvalid: the field, e.g. "signature_image", "figures_svg/0"
  std::string message_id;  // kInvalid: the catalogue key, e.g. "err.bad_png"
  std::string detail;      // kInternal: cairo's words
};

// Bumped whenever Document, Failure or a signature changes: a module from another build is
// refused, not called.
inline constexpr int kApiVersion = 1;

struct Api {
  int version;
  // report::RenderPdf's bytes, or an empty string with *failure filled.
  std::string (*pdf)(const Document& doc, Failure* failure);
  // report::QrPng's bytes, or an empty string with *failure filled.
  std::string (*qr_png)(const std::string& text, int module_px, Failure* failure);
};

// Inside the module.
std::string Pdf(const Document& doc, Failure* failure);
std::string QrPng(const std::string& text, int module_px, Failure* failure);

}  // namespace exo::report::render

// The module's one exported symbol.
extern "C" const exo::report::render::Api* ExoRenderApi();
