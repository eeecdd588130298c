// Informed consent over real HTTP: the PDF states the plan's facts (read back with pdftotext),
// embeds its font (pdffonts), is signed with a SHA-256 of the exact bytes, never changes, and
// can be withdrawn.
#include <cstdio>
#include <fstream>
#include <map>
#include <tuple>

#include "app/consent_document.h"
#include "app/demo_clinic.h"
#include "app/pdf_prerenderer.h"
#include "pdf_tools.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

// A valid 1x1 PNG.
constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
    "==";

class ConsentsTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                 "birth_date": "1974-03-02", "sex": "female", "weight_kg": 58.5})")
                   .value()
                   .id;
    lot_ = ImportLot("CONSENT-LOT-7");
    app::ReleaseLot(*lots_, cli_, lot_, RouteSet::All(), {}).value();
    plan_ = NewPlan(Doctor());
  }
  // A skin plan from 2026-12-01 with the fixture's lot: by default 4 microneedle sessions 21
  // days apart.
  int64_t NewPlan(const app::Actor& physician, const std::string& route = "microneedle",
                  int interval_days = 21, int sessions = 4) {
    const json plan = {{"goals", {"skin"}},     {"route", route},
                       {"sites", {"face"}},     {"lot_id", lot_},
                       {"dose_particles", 4e9}, {"interval_days", interval_days},
                       {"sessions", sessions},  {"start_date", "2026-12-01"}};
    return app::CreatePlan(*plans_, physician, patient_, plan.dump()).value().plan.id;
  }
  std::string Text(const std::string& pdf, const std::string& tool = "pdftotext -enc UTF-8") {
    const std::string path = dir_.File("doc.pdf");
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    FILE* p =
        popen((tool + " " + path + (tool.rfind("pdftotext", 0) == 0 ? " -" : "")).c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
  }
  // pdftotext wraps lines; compare without whitespace.
  static std::string Squeeze(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
            s.end());
    return s;
  }
  std::string PlanPath() { return "/api/v1/plans/" + std::to_string(plan_); }
  testing::Login nurse_;
  int64_t patient_ = 0;
  int64_t lot_ = 0;
  int64_t plan_ = 0;
};

TEST_F(ConsentsTest, PreviewStatesThePlansFactsInBothLanguages) {
  auto ja = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  ASSERT_EQ(ja->status, 200) << ja->body.substr(0, 300);
  EXPECT_EQ(ja->get_header_value("Content-Type"), "application/pdf");
  const std::string text = Squeeze(Text(ja->body));
  for (const char* fact :
       {"山田花子", "マイクロニードル", "CONSENT-LOT-7", "4回", "21日ごと", "2026年12月1日",
        "承認されていません", "治療しない", "240,000円", "24,000円", "264,000円", "撤回"})
    EXPECT_NE(text.find(Squeeze(fact)), std::string::npos) << fact;
  // Issue #13: the physician by name and registration number, never by login id.
  EXPECT_NE(text.find(Squeeze("木村 誠（医籍登録番号 654321）")), std::string::npos) << text;
  // Issue #14: no currency code, no ISO date, no scientific notation.
  for (const char* raw : {"JPY", "2026-12-01", "e10", "e+", "dr.kimura", "cli:"})
    EXPECT_EQ(text.find(raw), std::string::npos) << raw;
  const std::string fonts = Text(ja->body, "pdffonts");
  EXPECT_NE(fonts.find("IPAexGothic"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
  auto en = Get(PlanPath() + "/consent.pdf?lang=en", With(nurse_));
  const std::string en_text = Squeeze(Text(en->body));
  for (const char* fact :
       {"木村 誠 (medical registration no. 654321)", "microneedling", "4 sessions", "every 21 days",
        "is not approved as a medicine", "¥264,000", "Dec 1, 2026", "withdraw"})
    EXPECT_NE(en_text.find(Squeeze(fact)), std::string::npos) << fact;
}

// A plan activated by a user created before display names existed (migration 12) has no name to
// print: the consent is refused naming the user, and nothing prints the login id instead.
TEST_F(ConsentsTest, APhysicianWithoutADisplayNameIsNotPrintedByLoginId) {
  store::User legacy;
  legacy.username = "dr.legacy";
  legacy.role = auth::Role::kPhysician;
  legacy.password_hash = "!";
  const int64_t id = stores_->users.InsertUser(legacy).value();
  const app::Actor actor{"dr.legacy", app::ActorRole::kPhysician, 1, id};
  plan_ = NewPlan(actor);
  const std::string before = testing::DumpTable(db_path_, "consents");
  auto preview = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  EXPECT_EQ(preview->status, 409) << preview->body;
  EXPECT_NE(preview->body.find("dr.legacy"), std::string::npos) << preview->body;
  auto sign = Post(PlanPath() + "/consents?lang=ja",
                   json{{"typed_name", "山田 花子"}, {"lang", "ja"}}.dump(), With(nurse_));
  EXPECT_EQ(sign->status, 409) << sign->body;
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), before);
  // Once an administrator names them, the consent prints the name.
  app::UpdateUserProfile(*accounts_, cli_, "dr.legacy", {"古川 修", "112233"}).value();
  auto named = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  ASSERT_EQ(named->status, 200);
  EXPECT_NE(Squeeze(Text(named->body)).find(Squeeze("古川 修（医籍登録番号 112233）")),
            std::string::npos);
}

TEST_F(ConsentsTest, ConsentIsSmallWithSubsetFontsInBothLanguagesSignedOrNot) {
  for (const char* lang : {"ja", "en"}) {
    auto preview = Get(PlanPath() + "/consent.pdf?lang=" + lang, With(nurse_));
    ASSERT_EQ(preview->status, 200) << lang;
    const std::string path = dir_.File(std::string("consent-") + lang + ".pdf");
    testing::WritePdf(path, preview->body);
    testing::ExpectCompactPdf(path, preview->body, std::string("consent preview ") + lang);
    auto signed_r = Post(
        PlanPath() + "/consents",
        json{{"lang", lang}, {"typed_name", "山田 花子"}, {"signature_png_base64", kPng}}.dump(),
        With(nurse_));
    ASSERT_EQ(signed_r->status, 201) << signed_r->body;
    const std::string id = std::to_string(Json(signed_r)["id"].get<int64_t>());
    auto doc = Get("/api/v1/consents/" + id + "/document.pdf", With(nurse_));
    ASSERT_EQ(doc->status, 200);
    testing::WritePdf(path, doc->body);
    testing::ExpectCompactPdf(path, doc->body, std::string("signed consent ") + lang);
    EXPECT_NE(testing::PdfSqueezedText(path).find("CONSENT-LOT-7"), std::string::npos) << lang;
    // One valid consent per plan: withdrawn before the other language is signed.
    ASSERT_EQ(Post("/api/v1/consents/" + id + "/withdraw", R"({"reason": "the other language"})",
                   With(nurse_))
                  ->status,
              200);
  }
}

TEST_F(ConsentsTest, EveryPageSaysTheClinicIsNotSetRatherThanMakingOneUp) {
  ASSERT_TRUE(rule_set_.clinic.name.empty());  // the shipped clinic.toml
  for (const auto& [lang, unset, tel_unset] :
       {std::tuple{"ja", "クリニック名:未設定", "電話:未設定"},
        std::tuple{"en", "Clinicname:notset", "Tel.notset"}}) {
    auto pdf = Get(PlanPath() + "/consent.pdf?lang=" + lang, With(nurse_));
    ASSERT_EQ(pdf->status, 200);
    const std::string path = dir_.File(std::string("unset-") + lang + ".pdf");
    testing::WritePdf(path, pdf->body);
    const int pages = testing::PdfPages(path);
    ASSERT_GT(pages, 1) << lang;
    for (int p = 1; p <= pages; ++p) {
      const std::string page = testing::PdfSqueezedText(path, p);
      for (const std::string& item :
           {std::string(unset), std::string(tel_unset), std::string("山田花子"),
            std::to_string(p) + "/" + std::to_string(pages), std::string("exoclinic")})
        EXPECT_NE(page.find(item), std::string::npos) << lang << " page " << p << ": " << item;
    }
  }
  // Once set, the clinic's own name and number are on every page instead.
  rule_set_.clinic.name = "青山スキンクリニック";
  rule_set_.clinic.telephone = "03-1234-5678";
  auto pdf = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  const std::string path = dir_.File("set.pdf");
  testing::WritePdf(path, pdf->body);
  for (int p = 1; p <= testing::PdfPages(path); ++p) {
    const std::string page = testing::PdfSqueezedText(path, p);
    EXPECT_NE(page.find("青山スキンクリニック"), std::string::npos) << p;
    EXPECT_NE(page.find("電話:03-1234-5678"), std::string::npos) << p;
    EXPECT_EQ(page.find("クリニック名:未設定"), std::string::npos) << p;
  }
}

TEST_F(ConsentsTest, SigningStoresTheExactPdfWithItsHashAndItNeverChanges) {
  auto signed_r =
      Post(PlanPath() + "/consents",
           json{{"lang", "ja"}, {"typed_name", "山田 花子"}, {"signature_png_base64", kPng}}.dump(),
           With(nurse_));
  ASSERT_EQ(signed_r->status, 201) << signed_r->body;
  const json c = Json(signed_r);
  EXPECT_TRUE(c["valid"].get<bool>());
  EXPECT_TRUE(c["has_signature_image"].get<bool>());
  const std::string id = std::to_string(c["id"].get<int64_t>());
  auto doc = Get("/api/v1/consents/" + id + "/document.pdf", With(nurse_));
  ASSERT_EQ(doc->status, 200);
  EXPECT_EQ(auth::Sha256Hex(doc->body), c["sha256"].get<std::string>());
  EXPECT_NE(Squeeze(Text(doc->body)).find(Squeeze("患者: 山田 花子")), std::string::npos);
  // The database refuses to change or delete a signed consent.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &h), SQLITE_OK);
  EXPECT_NE(
      sqlite3_exec(h, "UPDATE consents SET typed_name = 'someone else'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  EXPECT_NE(sqlite3_exec(h, "DELETE FROM consents", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  EXPECT_EQ(auth::Sha256Hex(Get("/api/v1/consents/" + id + "/document.pdf", With(nurse_))->body),
            c["sha256"].get<std::string>());
}

// Issue #17: the demo clinic renders each consent ahead, on another thread, from the plan as
// as the plan use case returned it, and signing stores those bytes: the PDF that signing renders
// itself (but for cairo's creation date), with the stored hash of the stored bytes.
TEST_F(ConsentsTest, AConsentRenderedAheadIsTheOneSigningRenders) {
  auto view = app::ShowPlan(*plans_, Doctor(), plan_);
  ASSERT_TRUE(view.has_value()) << view.error().message_id;
  app::PdfPrerenderer ahead(1);
  const app::ConsentServices cs{consents_->plans, consents_->consents, consents_->users,
                                consents_->templates, &ahead};
  const consent::Signature signature =
      app::ConsentSignature(cs, clock_.Now(), Lang::kJa, "山田 花子", "", std::nullopt);
  auto filled = app::FillConsentDocument(cs, cli_, *view, Lang::kJa, signature);
  ASSERT_TRUE(filled.has_value()) << filled.error().message_id;
  ahead.Submit(filled->document);
  auto c = app::SignConsent(cs, cli_, plan_, Lang::kJa, "山田 花子", "");
  ASSERT_TRUE(c.has_value()) << c.error().message_id;
  EXPECT_EQ(ahead.Hits(), 1);
  EXPECT_EQ(ahead.Misses(), 0);
  EXPECT_EQ(c->sha256, auth::Sha256Hex(c->pdf));
  const auto without_date = [](std::string pdf) {
    const size_t at = pdf.find("/CreationDate (");
    if (at != std::string::npos) pdf.erase(at, pdf.find(')', at) + 1 - at);
    return pdf;
  };
  auto now = app::RenderConsentPdf(*consents_, cli_, *view, Lang::kJa, signature);
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(without_date(c->pdf), without_date(*now));
  EXPECT_NE(Squeeze(Text(c->pdf)).find(Squeeze("患者: 山田 花子")), std::string::npos);
}

// Issue #17: the demo clinic signs every consent from the bytes rendered ahead (its prediction
// of the document each patient signs holds), and each stored hash is of its stored PDF.
TEST_F(ConsentsTest, TheDemoClinicSignsConsentsRenderedAhead) {
  const app::Actor physician = app::DemoPhysician(*accounts_, 1).value();
  auto loaded = app::LoadDemoClinic(app::DemoStoresOf(*stores_), app::DemoRulesOf(rule_set_),
                                    physician, clock_.Today(), 12, Lang::kJa, nullptr);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message_id;
  EXPECT_EQ(loaded->patients, 12);
  EXPECT_EQ(loaded->consents_rendered_ahead, 12);
  ASSERT_EQ(testing::CountRows(db_path_, "consents"), 12);
  for (int64_t id = 1; id <= 12; ++id) {
    auto c = stores_->consents.FindConsent(1, id);
    ASSERT_TRUE(c.has_value()) << id;
    EXPECT_EQ(c->sha256, auth::Sha256Hex(c->pdf)) << id;
    EXPECT_FALSE(c->typed_name.empty()) << id;
  }
}

// Issue #14: the consent explains an unapproved product as Japanese practice expects (DOMAIN.md
// §10), claims no effect, promises nothing the rules do not enforce, names its wording's
// version on every page, and states the cooling-off when the course falls under it.
TEST_F(ConsentsTest, ConsentExplainsTheUnapprovedProductAndClaimsNoEffect) {
  const std::map<std::string, std::vector<std::string>> present = {
      {"ja",
       {"未承認の製品", "入手経路", "日本で承認された同等の医薬品はありません", "海外の安全性情報",
        "FDA", "医薬品副作用被害救済制度の対象になりません",
        "報告されていること・分かっていないこと", "結果を約束しません", "医療機関の報告",
        "頻度は分かっていません", "JAMADermatol2014", "クーリング・オフ", "8日以内",
        "文面:第1版（2026年12月）"}},
      {"en",
       {"Anunapprovedproduct", "Howitwasobtained", "Noequivalentapprovedmedicine",
        "Safetyinformationfromabroad", "reliefsystemforadversedrugreactions",
        "Whathasbeenreported,andwhatisnotknown", "doesnotpromisearesult", "clinic-reported",
        "cooling-off", "wording:edition1(December2026)"}}};
  const std::map<std::string, std::vector<std::string>> absent = {
      {"ja",
       {"期待される効果", "生きた細胞", "まれにアレルギー", "ごくまれ",
        "すべてのロットの無菌試験"}},
      {"en",
       {"Expectedeffects", "nolivingcells", "rarelyanallergic", "veryrarely", "checkeverylot"}}};
  const std::string consent = PlanPath() + "/consent.pdf";
  for (const std::string lang : {"ja", "en"}) {
    auto r = Get(testing::InLang(consent, lang), With(nurse_));
    ASSERT_EQ(r->status, 200);
    const std::string file = dir_.File("consent.pdf");
    testing::WritePdf(file, r->body);
    const std::string text = testing::PdfSqueezedText(file);
    for (const auto& item : present.at(lang))
      EXPECT_NE(text.find(item), std::string::npos) << lang << ": " << item;
    for (const auto& item : absent.at(lang))
      EXPECT_EQ(text.find(item), std::string::npos) << lang << ": " << item;
    for (int page = 1; page <= testing::PdfPages(file); ++page)
      EXPECT_NE(testing::PdfSqueezedText(file, page)
                    .find(lang == "ja" ? "文面:第1版" : "wording:edition"),
                std::string::npos)
          << lang << " page " << page;
  }
  // A course of two sessions two weeks apart lasts less than a month: no cooling-off statement.
  const int64_t short_plan = NewPlan(Doctor(), "topical", 14, 2);
  auto r =
      Get("/api/v1/plans/" + std::to_string(short_plan) + "/consent.pdf?lang=ja", With(nurse_));
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Squeeze(Text(r->body)).find("クーリング・オフ"), std::string::npos);
  // The rule itself: more than one month (by the calendar), more than ¥50,000, cosmetic.
  const auto d = [](const char* text) { return Date::Parse(text).value(); };
  struct Course {
    const char *first, *last;
    long long total;
    bool cosmetic, applies;
  };
  for (const Course& c : {Course{"2026-12-01", "2027-01-02", 50'001, true, true},
                          Course{"2026-12-01", "2027-01-01", 90'000, true, false},
                          Course{"2026-12-01", "2027-03-01", 50'000, true, false},
                          Course{"2026-12-01", "2027-03-01", 90'000, false, false},
                          Course{"2027-01-31", "2027-03-01", 90'000, true, true},
                          Course{"2027-01-31", "2027-02-28", 90'000, true, false}})
    EXPECT_EQ(
        consent::IsSpecifiedContinuousService({d(c.first), d(c.last)}, c.total, "JPY", c.cosmetic),
        c.applies)
        << c.first << " to " << c.last << ", " << c.total << " yen";
}

// Issue #14: demo data is marked as such on every page and document built from it. The API says
// which patients are fictitious and whether the clinic holds any; each page of a demo patient's
// consent, aftercare sheet and outcome report says it in the reader's language, and nothing of
// a real patient does.
TEST_F(ConsentsTest, DemoPatientsAndTheirDocumentsAreMarkedAsDemoData) {
  const auto me = [this] { return Json(Get("/api/v1/me", With(nurse_))); };
  EXPECT_EQ(me()["demo_data"], false);
  const app::Actor physician = app::DemoPhysician(*accounts_, 1).value();
  ASSERT_TRUE(app::LoadDemoClinic(app::DemoStoresOf(*stores_), app::DemoRulesOf(rule_set_),
                                  physician, clock_.Today(), 2, Lang::kJa, nullptr)
                  .has_value());
  EXPECT_EQ(me()["demo_data"], true);
  const std::string real = std::to_string(patient_);
  EXPECT_EQ(Json(Get("/api/v1/patients/" + real, With(nurse_)))["synthetic"], false);
  const int64_t demo = patient_ + 1;  // D0001, registered after 山田 花子
  const json demo_json = Json(Get("/api/v1/patients/" + std::to_string(demo), With(nurse_)));
  EXPECT_EQ(demo_json["patient_number"], "D0001");
  EXPECT_EQ(demo_json["synthetic"], true);
  EXPECT_EQ(testing::CountRows(db_path_, "patients WHERE synthetic = 1"), 2);
  // The marks, on every page (pdftotext -f N -l N) of each document in both languages.
  const std::map<std::string, std::string> mark = {
      {"ja", Squeeze("デモ：架空の患者の合成データです")},
      {"en", Squeeze("Demo: synthetic data of a fictitious patient")}};
  const auto expect_marked = [&](const std::string& path, const std::string& lang, bool marked) {
    auto r = Get(path, With(nurse_));
    ASSERT_EQ(r->status, 200) << path << " " << r->body.substr(0, 200);
    const std::string file = dir_.File("marked.pdf");
    testing::WritePdf(file, r->body);
    const int pages = testing::PdfPages(file);
    ASSERT_GE(pages, 1) << path;
    for (int page = 1; page <= pages; ++page)
      EXPECT_EQ(testing::PdfSqueezedText(file, page).find(mark.at(lang)) != std::string::npos,
                marked)
          << path << " page " << page;
  };
  rule_set_.clinic.public_url = "https://aoyama.example.jp";
  auto sessions = stores_->treatment_sessions.ListPatientSessions(1, demo);
  ASSERT_TRUE(sessions.has_value() && !sessions->empty());
  auto plans = stores_->plans.ListPlans(1, demo);
  ASSERT_TRUE(plans.has_value() && !plans->empty());
  const std::string demo_plan = "/api/v1/plans/" + std::to_string(plans->front().id);
  auto consents = stores_->consents.ListConsents(1, plans->front().id);
  ASSERT_TRUE(consents.has_value() && !consents->empty());
  expect_marked("/api/v1/consents/" + std::to_string(consents->front().id) + "/document.pdf", "ja",
                true);  // signed in Japanese, as the demo clinic signs
  const std::string aftercare =
      "/api/v1/sessions/" + std::to_string(sessions->front().id) + "/aftercare.pdf";
  const std::string demo_report =
      "/api/v1/patients/" + std::to_string(demo) + "/outcome-report.pdf";
  const std::string real_report = "/api/v1/patients/" + real + "/outcome-report.pdf";
  const std::string demo_consent = demo_plan + "/consent.pdf";
  const std::string real_consent = PlanPath() + "/consent.pdf";
  for (const std::string lang : {"ja", "en"}) {
    expect_marked(testing::InLang(demo_consent, lang), lang, true);
    expect_marked(testing::InLang(aftercare, lang), lang, true);
    expect_marked(testing::InLang(demo_report, lang), lang, true);
    expect_marked(testing::InLang(real_consent, lang), lang, false);
    expect_marked(testing::InLang(real_report, lang), lang, false);
  }
}

// Issue #13: the document signed is the one read. The preview carries the hash of its content;
// a signing that names it is stored only when the document would say the same now — the Japanese
// preview does not confirm an English document — and the audit entry records it.
TEST_F(ConsentsTest, ASigningThatNamesThePreviewIsRefusedWhenTheDocumentDiffers) {
  auto ja = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  auto ja_again = Get(PlanPath() + "/consent.pdf?lang=ja", With(nurse_));
  auto en = Get(PlanPath() + "/consent.pdf?lang=en", With(nurse_));
  ASSERT_EQ(ja->status, 200);
  const std::string ja_hash = ja->get_header_value("X-Consent-Content-Sha256");
  const std::string en_hash = en->get_header_value("X-Consent-Content-Sha256");
  ASSERT_EQ(ja_hash.size(), 64u);
  EXPECT_EQ(ja_again->get_header_value("X-Consent-Content-Sha256"), ja_hash);  // same document
  EXPECT_NE(en_hash, ja_hash);
  // A second plan worded the same does not confirm this plan's preview.
  const std::string twin = std::to_string(NewPlan(Doctor()));
  auto twin_ja = Get("/api/v1/plans/" + twin + "/consent.pdf?lang=ja", With(nurse_));
  ASSERT_EQ(twin_ja->status, 200);
  EXPECT_NE(twin_ja->get_header_value("X-Consent-Content-Sha256"), ja_hash);
  const std::string before = testing::DumpTable(db_path_, "consents");
  auto other =
      Post(PlanPath() + "/consents?lang=ja",
           json{{"lang", "ja"}, {"typed_name", "山田 花子"}, {"preview_sha256", en_hash}}.dump(),
           With(nurse_));
  ASSERT_EQ(other->status, 409) << other->body;
  EXPECT_EQ(Json(other)["error"]["id"], "err.consent_changed_since_preview");
  EXPECT_EQ(Json(other)["error"]["fields"][0]["field"], "preview_sha256");
  EXPECT_NE(Json(other)["error"]["message"].get<std::string>().find("もう一度"), std::string::npos);
  auto malformed =
      Post(PlanPath() + "/consents",
           json{{"lang", "ja"}, {"typed_name", "山田 花子"}, {"preview_sha256", "abc"}}.dump(),
           With(nurse_));
  ASSERT_EQ(malformed->status, 400) << malformed->body;
  EXPECT_EQ(Json(malformed)["error"]["fields"][0]["field"], "preview_sha256");
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), before);
  auto ok =
      Post(PlanPath() + "/consents",
           json{{"lang", "ja"}, {"typed_name", "山田 花子"}, {"preview_sha256", ja_hash}}.dump(),
           With(nurse_));
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Json(ok)["lang"], "ja");
  bool recorded = false;
  for (const auto& e : Audit())
    recorded = recorded || (e.action == "consent.sign" &&
                            e.detail.find("preview " + ja_hash) != std::string::npos);
  EXPECT_TRUE(recorded);
}

TEST_F(ConsentsTest, WithdrawalIsRecordedOnce) {
  const json c = Json(Post(PlanPath() + "/consents",
                           R"({"typed_name": "やまだ　はなこ", "lang": "en"})", With(nurse_)));
  const std::string id = std::to_string(c["id"].get<int64_t>());
  auto w = Post("/api/v1/consents/" + id + "/withdraw", R"({"reason": "changed her mind"})",
                With(nurse_));
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_FALSE(Json(w)["valid"].get<bool>());
  EXPECT_EQ(Json(w)["withdrawn_reason"], "changed her mind");
  EXPECT_EQ(Post("/api/v1/consents/" + id + "/withdraw", "", With(nurse_))->status, 409);
  auto list = Json(Get(PlanPath() + "/consents", With(nurse_)));
  ASSERT_EQ(list["consents"].size(), 1u);
  EXPECT_FALSE(list["consents"][0]["valid"].get<bool>());
  EXPECT_EQ(Audit().back().action,
            "plan.read");  // listing consents is audited as a read of the plan
}

// Issue #13: the name typed must be the patient's; a representative signs with the relationship,
// and the document says who signed.
TEST_F(ConsentsTest, TheSignerIsThePatientOrANamedRepresentative) {
  const std::string before = testing::DumpTable(db_path_, "consents");
  for (const char* other : {"x", "佐藤 美咲", "山田"}) {
    auto r = Post(PlanPath() + "/consents", json{{"lang", "ja"}, {"typed_name", other}}.dump(),
                  With(nurse_));
    EXPECT_EQ(r->status, 400) << other;
    EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "typed_name");
    EXPECT_NE(
        Json(r)["error"]["fields"][0]["message"].get<std::string>().find("not the patient's name"),
        std::string::npos)
        << r->body;
  }
  auto ja = Post(PlanPath() + "/consents?lang=ja", json{{"lang", "ja"}, {"typed_name", "x"}}.dump(),
                 With(nurse_));
  EXPECT_NE(Json(ja)["error"]["fields"][0]["message"].get<std::string>().find("患者の氏名"),
            std::string::npos)
      << ja->body;
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), before);
  // A representative is a named person with a relationship in words, not placeholders.
  for (const auto& [name, relationship, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"x", "x", "typed_name"},
           {"x", "夫", "typed_name"},
           {"山田 太郎", "x", "relationship"},
           {"山田 太郎", "1", "relationship"}}) {
    auto placeholder =
        Post(PlanPath() + "/consents",
             json{{"lang", "ja"}, {"typed_name", name}, {"relationship", relationship}}.dump(),
             With(nurse_));
    EXPECT_EQ(placeholder->status, 400) << name << " / " << relationship;
    EXPECT_EQ(Json(placeholder)["error"]["fields"][0]["field"], field) << placeholder->body;
  }
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), before);
  auto r = Post(PlanPath() + "/consents",
                json{{"lang", "ja"}, {"typed_name", "山田 太郎"}, {"relationship", "夫"}}.dump(),
                With(nurse_));
  ASSERT_EQ(r->status, 201) << r->body;
  // A second signature while this one is valid is refused, naming it.
  const std::string signed_once = testing::DumpTable(db_path_, "consents");
  auto twice = Post(PlanPath() + "/consents",
                    json{{"lang", "ja"}, {"typed_name", "山田 花子"}}.dump(), With(nurse_));
  EXPECT_EQ(twice->status, 409) << twice->body;
  EXPECT_EQ(Json(twice)["error"]["id"], "err.consent_already_valid");
  EXPECT_NE(Json(twice)["error"]["message"].get<std::string>().find(
                "valid consent " + std::to_string(Json(r)["id"].get<int64_t>())),
            std::string::npos)
      << twice->body;
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), signed_once);
  EXPECT_EQ(Json(r)["typed_name"], "山田 太郎");
  EXPECT_EQ(Json(r)["signer_relationship"], "夫");
  const std::string id = std::to_string(Json(r)["id"].get<int64_t>());
  const std::string text =
      Squeeze(Text(Get("/api/v1/consents/" + id + "/document.pdf", With(nurse_))->body));
  EXPECT_NE(text.find(Squeeze("代理人: 山田 太郎 (続柄: 夫)")), std::string::npos) << text;
}

TEST_F(ConsentsTest, BadSignaturesAreRejectedAndNothingIsStored) {
  const std::string before = testing::DumpTable(db_path_, "consents");
  // The language the patient read is chosen; the page's own language does not stand in for it.
  auto no_lang =
      Post(PlanPath() + "/consents?lang=ja", R"({"typed_name": "山田 花子"})", With(nurse_));
  EXPECT_EQ(no_lang->status, 400);
  EXPECT_EQ(Json(no_lang)["error"]["fields"][0]["field"], "lang");
  EXPECT_NE(Json(no_lang)["error"]["fields"][0]["message"].get<std::string>().find("言語を選んで"),
            std::string::npos)
      << no_lang->body;
  auto no_name =
      Post(PlanPath() + "/consents", R"({"typed_name": " ", "lang": "ja"})", With(nurse_));
  EXPECT_EQ(no_name->status, 400);
  EXPECT_EQ(Json(no_name)["error"]["fields"][0]["field"], "typed_name");
  auto bad_b64 =
      Post(PlanPath() + "/consents",
           R"({"typed_name": "x", "lang": "ja", "signature_png_base64": "%%%"})", With(nurse_));
  EXPECT_EQ(Json(bad_b64)["error"]["fields"][0]["field"], "signature_png_base64");
  auto not_png =
      Post(PlanPath() + "/consents",
           R"({"typed_name": "山田 花子", "lang": "ja", "signature_png_base64": "aGVsbG8="})",
           With(nurse_));
  EXPECT_EQ(not_png->status, 400);
  EXPECT_EQ(Json(not_png)["error"]["fields"][0]["field"], "signature_png_base64");
  auto bad_lang =
      Post(PlanPath() + "/consents", R"({"typed_name": "x", "lang": "fr"})", With(nurse_));
  EXPECT_EQ(Json(bad_lang)["error"]["fields"][0]["field"], "lang");
  EXPECT_EQ(Post("/api/v1/plans/999/consents", R"({"typed_name": "x", "lang": "ja"})", With(nurse_))
                ->status,
            404);
  EXPECT_EQ(testing::DumpTable(db_path_, "consents"), before);
}

}  // namespace
}  // namespace exo
