// Where a use case's documents become PDF bytes. Without one the use case calls
// report::RenderPdf on its own thread; a batch that knows its documents ahead (the demo clinic's
// consents) hands in a PdfPrerenderer (app/pdf_prerenderer.h) that has rendered them already on
// other threads. Either way the bytes are report::RenderPdf's for exactly the document given.
#pragma once

#include <string>

#include "core/result.h"
#include "report/pdf.h"

namespace exo::app {

class PdfRenderer {
 public:
  virtual ~PdfRenderer() = default;
  // report::RenderPdf(doc): the same bytes (but for the creation date cairo writes) and errors.
  [[nodiscard]] virtual Result<std::string> Render(const report::Document& doc) = 0;
};

}  // namespace exo::app
