// The module's entry: the table the loader (report/render_loader.cc) calls through.
#include "report/render/api.h"

namespace {

// One small document drawn before any other, while the loader holds its lock: fontconfig's
// configuration, the fonts' faces and cairo's and pango's shared caches are then made on one
// thread. A sanitizer run once saw the first documents of two threads drawn at the same time
// come out with different synthetic-bold fonts (PdfPrerenderer test, 2026-12-04).
void DrawOnce() {
  exo::report::Document doc;
  doc.title = "文書 Document";
  doc.sections.push_back({"見出し Heading", "本文 text 123", false});
  doc.sections.push_back({"", "表 table 123", true});
  doc.header_lines = {"ヘッダー header"};
  doc.footer = "フッター footer";
  exo::report::render::Failure failure;
  (void)exo::report::render::Pdf(doc, &failure);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const exo::report::render::Api* ExoRenderApi() {
  static const exo::report::render::Api kApi = [] {
    DrawOnce();
    return exo::report::render::Api{exo::report::render::kApiVersion, &exo::report::render::Pdf,
                                    &exo::report::render::QrPng};
  }();
  return &kApi;
}
