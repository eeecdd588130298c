#include "report/pdf.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "report/page_layout.h"

namespace exo::report {
namespace {

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(Pdf, JapaneseTextIsExtractableAndTheFontEmbedded) {
  Document doc;
  doc.title = "エクソソーム治療についての説明と同意";
  for (int i = 0; i < 30; ++i)  // long enough for several pages
    doc.sections.push_back({"第 " + std::to_string(i + 1) + " 節",
                            "この文章は日本語の組版を確かめるためのものです。"
                            "English words mix in, too. 12,345 円。"});
  doc.closing_lines = {"患者: 山田 花子"};
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.has_value());
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string path =
      (std::filesystem::temp_directory_path() / "exoclinic-pdf-test.pdf").string();
  std::ofstream(path, std::ios::binary) << *pdf;
  const std::string text = Shell("pdftotext -enc UTF-8 " + path + " -");
  EXPECT_NE(text.find("エクソソーム治療についての説明と同意"), std::string::npos)
      << text.substr(0, 300);
  EXPECT_NE(text.find("第 30 節"), std::string::npos);
  EXPECT_NE(text.find("患者: 山田 花子"), std::string::npos);
  const std::string fonts = Shell("pdffonts " + path);
  EXPECT_NE(fonts.find("IPAexGothic"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "every font embedded:\n" << fonts;
  const std::string info = Shell("pdfinfo " + path);
  EXPECT_NE(info.find("Pages:"), std::string::npos);
  EXPECT_EQ(info.find("Pages:          1\n"), std::string::npos) << "more than one page expected";
  std::filesystem::remove(path);
}

TEST(Pdf, EveryPageCarriesTheFooterAndItsNumberOfAll) {
  Document doc;
  doc.title = "説明と同意";
  doc.footer = "山田 花子 様 · 同意書 #12";
  for (int i = 0; i < 40; ++i) doc.sections.push_back({"節 " + std::to_string(i + 1), "本文。"});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.has_value());
  const std::string path =
      (std::filesystem::temp_directory_path() / "exoclinic-pdf-footer-test.pdf").string();
  std::ofstream(path, std::ios::binary) << *pdf;
  const std::string info = Shell("pdfinfo " + path);
  const size_t at = info.find("Pages:");
  ASSERT_NE(at, std::string::npos);
  const int pages = std::stoi(info.substr(at + 6));
  ASSERT_GT(pages, 1);
  for (int p = 1; p <= pages; ++p) {
    const std::string page = Shell("pdftotext -enc UTF-8 -f " + std::to_string(p) + " -l " +
                                   std::to_string(p) + " " + path + " -");
    std::string compact;  // pdftotext drops some spaces between glyph runs ("1/3")
    for (const char c : page)
      if (c != ' ') compact += c;
    EXPECT_NE(compact.find(std::to_string(p) + "/" + std::to_string(pages)), std::string::npos)
        << "page " << p << ":\n"
        << page;
    EXPECT_NE(compact.find("山田花子様·同意書#12"), std::string::npos) << "page " << p;
  }
  std::filesystem::remove(path);
}

// The text of page `page` of the PDF at `path`, without spaces or line breaks.
std::string PageText(const std::string& path, int page) {
  std::string compact;
  for (const char c : Shell("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                            std::to_string(page) + " " + path + " -"))
    if (c != ' ' && c != '\n' && c != '\f') compact += c;
  return compact;
}

TEST(PageLayout, TheClinicIsOnEveryPageOrSaidToBeNotSet) {
  for (const Lang lang : {Lang::kJa, Lang::kEn}) {
    for (const bool set : {false, true}) {
      Document doc;
      doc.title = "説明と同意";
      for (int i = 0; i < 40; ++i)
        doc.sections.push_back({"節 " + std::to_string(i + 1), "本文。"});
      const ClinicIdentity clinic =
          set ? ClinicIdentity{"青山スキンクリニック", "東京都港区南青山 1-2-3", "03-1234-5678"}
              : ClinicIdentity{};
      ApplyPageLayout(doc, clinic, "山田 花子", "同意書（計画 No. 4）", lang);
      const std::string path =
          (std::filesystem::temp_directory_path() /
           ("exoclinic-layout-" + std::string(LangName(lang)) + (set ? "-set" : "-unset") + ".pdf"))
              .string();
      std::ofstream(path, std::ios::binary) << RenderPdf(doc).value();
      const std::string info = Shell("pdfinfo " + path);
      const int pages = std::stoi(info.substr(info.find("Pages:") + 6));
      ASSERT_GT(pages, 1);
      const std::string unset_name =
          lang == Lang::kJa ? "クリニック名:未設定" : "Clinicname:notset";
      const std::string unset_address = lang == Lang::kJa ? "住所:未設定" : "Address:notset";
      for (int p = 1; p <= pages; ++p) {
        const std::string page = PageText(path, p);
        if (set) {
          EXPECT_NE(page.find("青山スキンクリニック"), std::string::npos) << p;
          EXPECT_NE(page.find("東京都港区南青山1-2-3"), std::string::npos) << p;
          EXPECT_NE(page.find("03-1234-5678"), std::string::npos) << p;
          EXPECT_EQ(page.find(unset_name), std::string::npos) << p;
        } else {
          EXPECT_NE(page.find(unset_name), std::string::npos) << page;
          EXPECT_NE(page.find(unset_address), std::string::npos) << page;
        }
        EXPECT_NE(page.find("山田花子"), std::string::npos) << p;
        EXPECT_NE(page.find("同意書（計画No.4）"), std::string::npos) << p;
        EXPECT_NE(page.find(std::to_string(p) + "/" + std::to_string(pages)), std::string::npos);
      }
      std::filesystem::remove(path);
    }
  }
}

TEST(Pdf, BrokenSignatureImageIsAClearError) {
  Document doc;
  doc.title = "x";
  doc.signature_png = std::string("not a png");
  auto pdf = RenderPdf(doc);
  ASSERT_FALSE(pdf.has_value());
  EXPECT_EQ(pdf.error().fields[0].field, "signature_image");
}

}  // namespace
}  // namespace exo::report
