#include "app/pdf_prerenderer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace exo::app {
namespace {

// cairo writes the time of rendering as the creation date; everything else is the document's.
std::string WithoutCreationDate(std::string pdf) {
  const size_t at = pdf.find("/CreationDate (");
  if (at != std::string::npos) pdf.erase(at, pdf.find(')', at) + 1 - at);
  return pdf;
}

report::Document Doc(int n) {
  report::Document doc;
  doc.title = "説明書 " + std::to_string(n);
  doc.sections.push_back({"見出し", "本文 " + std::to_string(n) + "\n二段落目", false});
  doc.footer = "D" + std::to_string(n);
  return doc;
}

TEST(PdfPrerenderer, GivesEachSubmittedDocumentTheBytesRenderPdfGives) {
  PdfPrerenderer pdf(2);
  for (int n = 0; n < 6; ++n) pdf.Submit(Doc(n));
  for (int n = 5; n >= 0; --n) {  // asked for in another order than submitted
    auto ahead = pdf.Render(Doc(n));
    ASSERT_TRUE(ahead.has_value()) << n;
    auto now = report::RenderPdf(Doc(n));
    ASSERT_TRUE(now.has_value()) << n;
    EXPECT_EQ(WithoutCreationDate(*ahead), WithoutCreationDate(*now)) << n;
  }
  EXPECT_EQ(pdf.Hits(), 6);
  EXPECT_EQ(pdf.Misses(), 0);
}

TEST(PdfPrerenderer, RendersADocumentThatWasNotSubmittedOrDiffersOnTheCallingThread) {
  PdfPrerenderer pdf(1);
  pdf.Submit(Doc(1));
  report::Document changed = Doc(1);
  changed.footer += " ";  // one character differs: not the submitted document
  auto rendered = pdf.Render(changed);
  ASSERT_TRUE(rendered.has_value());
  EXPECT_EQ(WithoutCreationDate(*rendered), WithoutCreationDate(*report::RenderPdf(changed)));
  EXPECT_EQ(pdf.Hits(), 0);
  EXPECT_EQ(pdf.Misses(), 1);
}

TEST(PdfPrerenderer, TwoEqualDocumentsAreRenderedOnceEach) {
  PdfPrerenderer pdf(1);
  pdf.Submit(Doc(7));
  pdf.Submit(Doc(7));
  EXPECT_TRUE(pdf.Render(Doc(7)).has_value());
  EXPECT_TRUE(pdf.Render(Doc(7)).has_value());
  EXPECT_TRUE(pdf.Render(Doc(7)).has_value());  // the third was not submitted
  EXPECT_EQ(pdf.Hits(), 2);
  EXPECT_EQ(pdf.Misses(), 1);
}

TEST(PdfPrerenderer, HandsOnRenderPdfsErrors) {
  PdfPrerenderer pdf(1);
  report::Document bad = Doc(3);
  bad.signature_png = "not a png";
  pdf.Submit(bad);
  auto rendered = pdf.Render(bad);
  ASSERT_FALSE(rendered.has_value());
  EXPECT_EQ(rendered.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(rendered.error().fields.size(), 1u);
  EXPECT_EQ(rendered.error().fields[0].field, "signature_image");
}

TEST(PdfPrerenderer, StopsWithDocumentsNobodyAskedFor) {
  PdfPrerenderer pdf(2);
  for (int n = 0; n < 4; ++n) pdf.Submit(Doc(n));
  // Destroyed here: the workers finish the render they are in and stop; nothing hangs.
}

}  // namespace
}  // namespace exo::app
