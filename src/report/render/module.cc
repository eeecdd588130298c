// The module's entry: the table the loader (report/render_loader.cc) calls through.
#include "report/render/api.h"

extern "C" __attribute__((visibility("default"))) const exo::report::render::Api* ExoRenderApi() {
  static const exo::report::render::Api kApi{
      exo::report::render::kApiVersion, &exo::report::render::Pdf, &exo::report::render::QrPng};
  return &kApi;
}
