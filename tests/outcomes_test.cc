// Measurements, corrections, charts, the patient portal, the de-identified export and the
// outcome report over real HTTP, on a real SQLite file; PDFs read back with pdftotext.
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <tuple>

#include "db_dump.h"
#include "pdf_tools.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

std::string Shell(const std::string& cmd) { return testing::ShellOutput(cmd); }

class OutcomesTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    analyst_ = SessionFor(AddUser("ana.lyst", "analyst"));
    reception_ = SessionFor(AddUser("front.desk", "reception"));
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                        "birth_date": "1974-03-02", "sex": "female",
                                        "phone": "090-1111-2222"})")
                   .value()
                   .id;
    lot_ = ImportLot("OUTCOME-LOT");
    app::ReleaseLot(*lots_, cli_, lot_, RouteSet::All(), {}).value();
    const auto screening = app::RecordScreening(*patients_, cli_, patient_,
                                                R"({"schema": "exoclinic.intake/1", "age": 52,
                                 "lifestyle": {"sleep_hours": 5.5, "smoker": false, "diet": "balanced"}})")
                               .value();
    app::SignOffScreening(*patients_, cli_, screening.id, "fine").value();
    MoveClock("2026-11-10T00:00:00Z");  // the plan starts on the day of its first session
    plan_ =
        app::CreatePlan(*plans_, Doctor(), patient_,
                        R"({"goals": ["skin"], "route": "topical", "sites": ["face"], "lot_id": )" +
                            std::to_string(lot_) +
                            R"(, "dose_particles": 1e9, "interval_days": 28, "sessions": 3,
                                    "start_date": "2026-11-10"})")
            .value()
            .plan.id;
    ResetClock();
  }
  // Records the first session on 2026-11-10 (the consent signed that morning).
  void FirstSession() {
    MoveClock("2026-11-10T09:00:00Z");
    app::ActivatePlan(*plans_, Doctor(), plan_).value();
    app::SignConsent(*consents_, cli_, plan_, Lang::kJa, "山田 花子", "").value();
    ResetClock();
    auto r = Post("/api/v1/sessions",
                  json{{"plan_id", plan_},
                       {"operator", "nurse.ito"},
                       {"performed_at", "2026-11-10T10:00:00Z"},
                       {"reactions", "none"}}
                      .dump(),
                  With(nurse_));
    ASSERT_EQ(r->status, 201) << r->body;
  }
  httplib::Result Measure(const json& body, const testing::Login& who) {
    return Post("/api/v1/measurements", body.dump(), With(who));
  }
  json Corneometer(const std::string& on, double value) {
    return {{"patient_id", patient_},
            {"measure", "corneometer"},
            {"measured_on", on},
            {"value", value}};
  }
  testing::Login nurse_, doctor_, analyst_, reception_;
  int64_t patient_ = 0, lot_ = 0, plan_ = 0;
};

TEST_F(OutcomesTest, BaselineThenFollowUpWithDaysSinceTheFirstSession) {
  auto base = Measure(Corneometer("2026-11-03", 41.5), nurse_);
  ASSERT_EQ(base->status, 201) << base->body;
  EXPECT_EQ(Json(base)["time_point"], "baseline");
  EXPECT_TRUE(Json(base)["days_since_first"].is_null());
  // Before any session a follow-up is impossible.
  json early = Corneometer("2026-11-04", 42);
  early["time_point"] = "follow_up";
  auto refused = Measure(early, nurse_);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Json(refused)["error"]["fields"][0]["field"], "/time_point");
  FirstSession();
  auto later = Measure(Corneometer("2026-11-24", 47.25), nurse_);
  ASSERT_EQ(later->status, 201) << later->body;
  EXPECT_EQ(Json(later)["time_point"], "follow_up");
  EXPECT_EQ(Json(later)["days_since_first"], 14);
  // A "baseline" after the first session is refused and stores nothing.
  const std::string before = testing::DumpTable(db_path_, "measurements");
  json late_base = Corneometer("2026-11-20", 40);
  late_base["time_point"] = "baseline";
  EXPECT_EQ(Json(Measure(late_base, nurse_))["error"]["fields"][0]["field"], "/time_point");
  EXPECT_EQ(testing::DumpTable(db_path_, "measurements"), before);
}

TEST_F(OutcomesTest, BadEntriesNameTheFieldAndChangeNothing) {
  const std::string before = testing::DumpTable(db_path_, "measurements");
  auto out_of_range = Measure(Corneometer("2026-11-03", 500), nurse_);
  EXPECT_EQ(out_of_range->status, 400);
  EXPECT_EQ(Json(out_of_range)["error"]["fields"][0]["field"], "/value");
  auto unknown_patient = Measure(json{{"patient_id", 999},
                                      {"measure", "k6"},
                                      {"measured_on", "2026-11-03"},
                                      {"answers", {1, 1, 1, 1, 1, 1}}},
                                 nurse_);
  EXPECT_EQ(Json(unknown_patient)["error"]["fields"][0]["field"], "/patient_id");
  auto bad_item = Measure(json{{"patient_id", patient_},
                               {"measure", "k6"},
                               {"measured_on", "2026-11-03"},
                               {"answers", {1, 1, 9, 1, 1, 1}}},
                          nurse_);
  EXPECT_EQ(Json(bad_item)["error"]["fields"][0]["field"], "/answers/3");
  EXPECT_EQ(Post("/api/v1/measurements", "{\"patient_id\": ", With(nurse_))->status, 400);
  // GAIS rated by the physician cannot be entered by a nurse.
  auto gais = Measure(json{{"patient_id", patient_},
                           {"measure", "gais_physician"},
                           {"measured_on", "2026-11-03"},
                           {"value", 2}},
                      nurse_);
  EXPECT_EQ(Json(gais)["error"]["fields"][0]["field"], "/measure");
  // Reception may not record clinical measures at all.
  EXPECT_EQ(Measure(Corneometer("2026-11-03", 40), reception_)->status, 403);
  EXPECT_EQ(testing::DumpTable(db_path_, "measurements"), before);
}

TEST_F(OutcomesTest, CorrectionsAddVersionsAndKeepTheOldOne) {
  const int64_t first = Json(Measure(Corneometer("2026-11-03", 14.5), nurse_))["id"];
  auto no_reason = Post("/api/v1/measurements/" + std::to_string(first) + "/corrections",
                        R"({"value": 41.5})", With(nurse_));
  EXPECT_EQ(Json(no_reason)["error"]["fields"][0]["field"], "/reason");
  auto fixed = Post("/api/v1/measurements/" + std::to_string(first) + "/corrections",
                    R"({"value": 41.5, "reason": "digits swapped when typing"})", With(nurse_));
  ASSERT_EQ(fixed->status, 201) << fixed->body;
  EXPECT_EQ(Json(fixed)["supersedes"], first);
  // Correcting the old version again is a conflict that names the newer one.
  auto again = Post("/api/v1/measurements/" + std::to_string(first) + "/corrections",
                    R"({"value": 40, "reason": "x"})", With(nurse_));
  EXPECT_EQ(again->status, 409);
  const auto list = Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/measurements",
                             With(doctor_)))["measurements"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["value"], 14.5);
  EXPECT_EQ(list[0]["current"], false);
  EXPECT_EQ(list[1]["value"], 41.5);
  // The database refuses to overwrite a measurement, whoever asks.
  EXPECT_NE(
      Shell("sqlite3 " + db_path_ + " 'UPDATE measurements SET value = 1' 2>&1").find("immutable"),
      std::string::npos);
  // Both versions are in the timeline and the audit log.
  const auto timeline = Json(
      Get("/api/v1/patients/" + std::to_string(patient_) + "/timeline", With(doctor_)))["timeline"];
  int seen = 0;
  for (const auto& e : timeline)
    if (e["kind"] == "measurement") {
      ++seen;
      if (e["id"] == first)
        EXPECT_NE(e["summary"].get<std::string>().find("superseded by"), std::string::npos);
      else
        EXPECT_NE(e["summary"].get<std::string>().find("digits swapped"), std::string::npos);
    }
  EXPECT_EQ(seen, 2);
  int corrections = 0;
  for (const auto& a : Audit()) corrections += a.action == "measurement.correct" ? 1 : 0;
  EXPECT_EQ(corrections, 1);
}

TEST_F(OutcomesTest, ChartMarksSessionsAndPoints) {
  ASSERT_EQ(Measure(Corneometer("2026-11-03", 41.5), nurse_)->status, 201);
  FirstSession();
  ASSERT_EQ(Measure(Corneometer("2026-11-24", 47), nurse_)->status, 201);
  auto svg = Get("/api/v1/patients/" + std::to_string(patient_) + "/charts/corneometer.svg",
                 With(doctor_));
  ASSERT_EQ(svg->status, 200);
  EXPECT_EQ(svg->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(svg->body.find("2026-11-10"), std::string::npos);  // the session mark
  EXPECT_NE(svg->body.find("2026-11-24: 47"), std::string::npos);
  // The SVG is well-formed XML that a real parser reads.
  const std::string file = dir_.File("chart.svg");
  std::ofstream(file) << svg->body;
  EXPECT_EQ(Shell("/usr/bin/python3 -c \"import xml.dom.minidom,sys; d=xml.dom.minidom.parse('" +
                  file + "'); print(len(d.getElementsByTagName('circle')))\""),
            "2\n");
  EXPECT_EQ(
      Get("/api/v1/patients/" + std::to_string(patient_) + "/charts/nothing.svg", With(doctor_))
          ->status,
      404);
}

// Issue #14: a self-rating on the portal shows its own question and scale in Japanese (not the
// catalogue key), the link's expiry in the clinic's zone, and takes its one answer.
TEST_F(OutcomesTest, Issue14PortalSelfRatingIsAQuestionAPatientCanAnswer) {
  auto made = Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                   R"({"measures": ["hair_shedding"], "days": 3})", With(nurse_));
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string path = Json(made)["path"];
  auto page = Get(path + "?lang=ja");
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("portal."), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("洗髪1回で抜けた毛は何本でしたか？"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("name=\"a1\""), std::string::npos);
  EXPECT_FALSE(std::regex_search(page->body, std::regex(R"(\d{4}-\d\d-\d\dT)"))) << page->body;
  auto form =
      client_->Post(path + "/hair_shedding?lang=ja", "a1=85", "application/x-www-form-urlencoded");
  ASSERT_EQ(form->status, 200) << form->body;
  auto stored = Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/measurements",
                         With(nurse_)))["measurements"];
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["measure"], "hair_shedding");
  EXPECT_EQ(stored[0]["value"], 85);
}

// Issue #15: one questionnaire at a time with the patient's progress, answers as radio buttons;
// after a PHQ-9 item 9 answer above 0 the page shows where to turn today, from the clinic's
// editable rules/crisis_lines.toml, each line with its source.
TEST_F(OutcomesTest, Issue15PortalAsksOneQuestionnaireAtATimeAndShowsCrisisLinesAfterItem9) {
  auto made = Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                   R"({"measures": ["phq9", "k6"], "days": 3})", With(nurse_));
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string path = Json(made)["path"];
  auto page = Get(path + "?lang=ja");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("質問票 1 / 2"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find(R"(type="radio" name="a9" value="3")"), std::string::npos);
  EXPECT_EQ(page->body.find(R"(name="a1" value="4")"), std::string::npos);  // PHQ-9 is 0-3
  EXPECT_EQ(page->body.find("/k6?"), std::string::npos) << "K6 waits for PHQ-9";
  EXPECT_EQ(page->body.find("0120-279-338"), std::string::npos);
  // The clinic edits the lines (its own number, one public line) and the page shows its words.
  std::ofstream(dir_.File("rules") + "/crisis_lines.toml")
      << "schema = \"exoclinic.crisis-lines/1\"\n[clinic]\nphone = \"03-1111-2222\"\n"
         "[[line]]\nname = { ja = \"よりそいホットライン\", en = \"Yorisoi\" }\n"
         "phone = \"0120-279-338\"\nhours = { ja = \"24時間\", en = \"24 h\" }\n"
         "source = \"since2011.net\"\n";
  auto answered =
      client_->Post(path + "/phq9?lang=ja", "a1=1&a2=1&a3=0&a4=0&a5=0&a6=0&a7=0&a8=0&a9=1",
                    "application/x-www-form-urlencoded");
  ASSERT_EQ(answered->status, 200) << answered->body;
  const std::string& body = answered->body;
  EXPECT_NE(body.find("0120-279-338"), std::string::npos) << body;
  EXPECT_NE(body.find(R"(href="tel:0311112222")"), std::string::npos) << body;
  EXPECT_NE(body.find("出典: since2011.net"), std::string::npos) << body;
  EXPECT_NE(body.find("質問票 2 / 2"), std::string::npos) << body;
  // An answer of 0 on item 9 shows no lines.
  auto calm = client_->Post(path + "/k6?lang=ja", "a1=0&a2=0&a3=0&a4=0&a5=0&a6=0",
                            "application/x-www-form-urlencoded");
  ASSERT_EQ(calm->status, 200) << calm->body;
  EXPECT_EQ(calm->body.find("0120-279-338"), std::string::npos);
  EXPECT_EQ(Get("/portal/style.css")->status, 200);
}

TEST_F(OutcomesTest, PortalLinkOpensOnlyThatPatientsQuestionnairesUntilItExpires) {
  // The Host header is the client's to set: the address comes from the configured public URL.
  auto headers = With(nurse_);
  headers.emplace("Host", "evil.example");
  auto made = Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                   R"({"measures": ["phq9", "psqi"], "days": 3})", headers);
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string token = Json(made)["token"];
  const std::string path = Json(made)["path"];
  // The QR code for the patient's phone, read by a real decoder, holds the whole address.
  const std::string url = Json(made)["url"];
  EXPECT_EQ(url, "https://clinic.example.jp" + path) << url;
  EXPECT_EQ(url.substr(url.size() - path.size()), path);
  {
    const std::string b64 = dir_.File("qr.b64"), png = dir_.File("qr.png");
    std::ofstream(b64) << Json(made)["qr_png_base64"].get<std::string>();
    Shell("base64 -d " + b64 + " > " + png);
    EXPECT_EQ(Shell("zbarimg --quiet --raw " + png), url + "\n");
  }
  // A device measure is not something a patient fills in.
  auto wrong = Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                    R"({"measures": ["tewl"]})", With(nurse_));
  EXPECT_EQ(Json(wrong)["error"]["fields"][0]["field"], "/measures/0");
  // The page needs no login.
  auto page = Get(path + "?lang=en");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("PHQ-9"), std::string::npos);
  EXPECT_NE(page->body.find("little interest or pleasure"), std::string::npos);  // item topics
  EXPECT_NE(page->body.find("nearly every day"), std::string::npos);             // answer scale
  EXPECT_EQ(page->body.find("山田"), std::string::npos);  // no patient details on the page
  // Answers through the JSON API and through the HTML form.
  auto phq = Post("/api/v1/portal/" + token + "/phq9", R"({"answers": [1,1,1,1,1,1,1,1,0]})");
  ASSERT_EQ(phq->status, 201) << phq->body;
  EXPECT_EQ(Json(phq)["score"], 8);
  EXPECT_EQ(Json(phq)["band"], "mild");
  auto form = client_->Post(path + "/psqi?lang=en",
                            "a1=1380&a2=20&a3=390&a4=360&a5=2&a6=1&a7=1&a8=0&a9=2&a10=0&a11=0&"
                            "a12=1&a13=0&a14=&a15=2&a16=0&a17=1&a18=1",
                            "application/x-www-form-urlencoded");
  ASSERT_EQ(form->status, 200) << form->body;
  EXPECT_NE(form->body.find("saved"), std::string::npos);
  // Once per questionnaire and link.
  EXPECT_EQ(
      Post("/api/v1/portal/" + token + "/phq9", R"({"answers": [0,0,0,0,0,0,0,0,0]})")->status,
      409);
  // A questionnaire not on the link, a bad answer, a made-up token.
  EXPECT_EQ(Post("/api/v1/portal/" + token + "/k6", R"({"answers": [1,1,1,1,1,1]})")->status, 400);
  auto second = Json(Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                          R"({"measures": ["phq9"]})", With(nurse_)))["token"]
                    .get<std::string>();
  auto bad = Post("/api/v1/portal/" + second + "/phq9", R"({"answers": [1,1,1,1,1,1,1,1,7]})");
  EXPECT_EQ(Json(bad)["error"]["fields"][0]["field"], "/answers/9");
  // Item 9 answered above 0 raises an alert for the clinic the same day.
  EXPECT_EQ(Json(Get("/api/v1/alerts", With(doctor_)))["questionnaire_alerts"].size(), 0u);
  ASSERT_EQ(
      Post("/api/v1/portal/" + second + "/phq9", R"({"answers": [1,1,1,1,1,1,1,1,1]})")->status,
      201);
  const auto alerts = Json(Get("/api/v1/alerts", With(doctor_)))["questionnaire_alerts"];
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["detail"]["alerts"][0], "phq9_item9_positive");
  EXPECT_EQ(Get("/api/v1/portal/" + std::string(32, 'a'))->status, 404);
  const auto stored = Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/measurements",
                               With(doctor_)))["measurements"];
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[1]["measure"], "psqi");
  EXPECT_EQ(stored[1]["value"], 8);
  EXPECT_NE(stored[1]["source"].get<std::string>().find("portal_link/"), std::string::npos);
  // Three days later the link is dead.
  clock_.AdvanceSeconds(int64_t{3} * 86400);
  EXPECT_EQ(Get("/api/v1/portal/" + token)->status, 404);
  EXPECT_EQ(
      Post("/api/v1/portal/" + token + "/phq9", R"({"answers": [0,0,0,0,0,0,0,0,0]})")->status,
      404);
}

TEST_F(OutcomesTest, RevokedLinkIsDead) {
  auto made = Json(Post("/api/v1/patients/" + std::to_string(patient_) + "/portal-links",
                        R"({"measures": ["k6"]})", With(nurse_)));
  const std::string token = made["token"];
  EXPECT_EQ(Get("/api/v1/portal/" + token)->status, 200);
  ASSERT_EQ(Post("/api/v1/portal-links/" + std::to_string(made["id"].get<int64_t>()) + "/revoke",
                 "", With(nurse_))
                ->status,
            200);
  EXPECT_EQ(Get("/api/v1/portal/" + token)->status, 404);
}

TEST_F(OutcomesTest, ExportIsDeidentifiedLongFormat) {
  ASSERT_EQ(Measure(Corneometer("2026-11-03", 41.5), nurse_)->status, 201);
  FirstSession();
  // A new intake two days on: later rows take their lifestyle from it, earlier ones do not.
  clock_.AdvanceSeconds(int64_t{2} * 86400);
  app::RecordScreening(*patients_, cli_, patient_,
                       R"({"schema": "exoclinic.intake/1", "age": 52,
                           "lifestyle": {"sleep_hours": 7.0}})")
      .value();
  nurse_ =
      SessionFor(stores_->users.FindUserByName("nurse.ito").value());  // the old sessions idled out
  analyst_ = SessionFor(stores_->users.FindUserByName("ana.lyst").value());
  ASSERT_EQ(Measure(Corneometer("2026-11-24", 47), nurse_)->status, 201);
  EXPECT_EQ(Get("/api/v1/exports/outcomes.csv", With(nurse_))->status, 403);
  auto r = Get("/api/v1/exports/outcomes.csv?age_bands=1", With(analyst_));
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string csv = r->body;
  EXPECT_EQ(csv.find("山田"), std::string::npos);
  EXPECT_EQ(csv.find("090-1111-2222"), std::string::npos);
  EXPECT_EQ(csv.find("P0000"), std::string::npos);  // no patient number
  // Read it back with Python's csv module.
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFpatient_key,", 0), 0u);  // a download: BOM for a spreadsheet
  EXPECT_NE(csv.find("menopause,lot_key,clinic_key\r\n"), std::string::npos);
  const std::string file = dir_.File("outcomes.csv");
  std::ofstream(file) << csv;
  const std::string rows = Shell(
      "/usr/bin/python3 -c \"import csv; r=list(csv.DictReader(open('" + file +
      "', encoding='utf-8-sig'))); print(len(r)); print(r[0]['time_point'], r[1]['time_point'], "
      "r[1]['days_since_first'],"
      " r[1]['sessions_so_far'], r[1]['route'], r[1]['interval_days'], r[0]['age'], r[0]['sex'],"
      " r[0]['sleep_hours'], r[1]['sleep_hours'], r[0]['product_source'], r[0]['patient_key'] == "
      "r[1]['patient_key'])\"");
  EXPECT_EQ(rows, "2\nbaseline follow_up 14 1 topical 28 50-59 female 5.5 7 adipose True\n");
  // Dates are shifted, by the same offset (never 0) for both rows and stable across exports.
  const std::string shifted =
      Shell("/usr/bin/python3 -c \"import csv; r=list(csv.DictReader(open('" + file +
            "', encoding='utf-8-sig'))); print(r[0]['date_shifted'], r[1]['date_shifted'])\"");
  const auto first = Date::Parse(shifted.substr(0, 10)),
             second = Date::Parse(shifted.substr(11, 10));
  ASSERT_TRUE(first && second) << shifted;
  EXPECT_NE(first->ToString(), "2026-11-03");
  EXPECT_NE(second->ToString(), "2026-11-24");
  EXPECT_EQ(first->AddDays(21).ToString(), second->ToString());
  EXPECT_EQ(Get("/api/v1/exports/outcomes.csv?age_bands=1", With(analyst_))->body, csv);
}

TEST_F(OutcomesTest, OutcomeReportPdfInBothLanguages) {
  rule_set_.clinic.name = "青山スキンクリニック";
  rule_set_.clinic.address = "東京都港区南青山 1-2-3";
  rule_set_.clinic.telephone = "03-1234-5678";
  ASSERT_EQ(Measure(Corneometer("2026-11-03", 41.5), nurse_)->status, 201);
  FirstSession();
  ASSERT_EQ(Measure(Corneometer("2026-11-24", 47), nurse_)->status, 201);
  for (const std::string lang : {"ja", "en"}) {
    auto pdf =
        Get("/api/v1/patients/" + std::to_string(patient_) + "/outcome-report.pdf?lang=" + lang,
            With(doctor_));
    ASSERT_EQ(pdf->status, 200);
    const std::string file = dir_.File("report-" + lang + ".pdf");
    std::ofstream(file, std::ios::binary) << pdf->body;
    const std::string text = Shell("pdftotext -layout " + file + " -");
    EXPECT_NE(text.find(lang == "ja" ? "経過レポート" : "Outcome report"), std::string::npos);
    EXPECT_NE(text.find("41.5"), std::string::npos);
    EXPECT_NE(text.find(lang == "ja" ? "差 5.5" : "change 5.5"), std::string::npos);
    // The session, dated as the reader writes a date (issue #14: no ISO dates in documents).
    EXPECT_NE(text.find(lang == "ja" ? "2026年11月10日" : "Nov 10, 2026"), std::string::npos)
        << text;
    // The chart is drawn into the PDF: its legend and middle date label come from the SVG.
    EXPECT_NE(text.find(lang == "ja" ? "┆ 施術日" : "┆ session"), std::string::npos) << text;
    EXPECT_NE(text.find("2026-11-13"), std::string::npos);
    // The shared page layout: the clinic and the patient on every page, "page / pages".
    testing::ExpectCompactPdf(file, pdf->body, "outcome report " + lang);
    const int pages = testing::PdfPages(file);
    for (int p = 1; p <= pages; ++p) {
      const std::string page = testing::PdfSqueezedText(file, p);
      for (const std::string& item : std::vector<std::string>{
               "青山スキンクリニック", "東京都港区南青山1-2-3", "03-1234-5678", "山田花子",
               std::to_string(p) + "/" + std::to_string(pages), "exoclinic"})
        EXPECT_NE(page.find(item), std::string::npos) << lang << " page " << p << ": " << item;
    }
  }
}

TEST_F(OutcomesTest, AnalysisOfTheClinicsOwnOutcomes) {
  // 12 treated patients, 5 corneometer readings each: baseline, then weeks 2-10; the value
  // rises about 0.5 per week on average with patient-to-patient variation.
  const int64_t big_lot =
      app::ImportLot(*lots_, cli_, CertificateText("BIG-LOT"), 100).value().lot.id;
  app::ReleaseLot(*lots_, cli_, big_lot, RouteSet::All(), {}).value();
  unsigned state = 7;
  const auto noise = [&state] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 16) % 2000) / 1000.0 - 1.0;
  };
  for (int i = 0; i < 12; ++i) {
    const int64_t patient =
        app::RegisterPatient(
            *patients_, cli_,
            json{{"name_kanji", "患者 " + std::to_string(i)},
                 {"name_kana", "カンジャ"},
                 {"birth_date", "1980-01-" + std::string(i < 9 ? "0" : "") + std::to_string(1 + i)},
                 {"sex", i % 3 ? "female" : "male"}}
                .dump())
            .value()
            .id;
    const auto sc = app::RecordScreening(*patients_, cli_, patient,
                                         R"({"schema": "exoclinic.intake/1", "age": 45})")
                        .value();
    app::SignOffScreening(*patients_, cli_, sc.id, "ok").value();
    const std::string route = i % 2 ? "topical" : "microneedle";
    MoveClock("2026-09-01T09:00:00Z");  // planned and signed before the first session
    const int64_t plan = app::CreatePlan(*plans_, Doctor(), patient,
                                         json{{"goals", {"skin"}},
                                              {"route", route},
                                              {"sites", {"face"}},
                                              {"lot_id", big_lot},
                                              {"dose_particles", 1e9},
                                              {"interval_days", 28},
                                              {"sessions", 3},
                                              {"start_date", "2026-09-01"}}
                                             .dump())
                             .value()
                             .plan.id;
    app::ActivatePlan(*plans_, Doctor(), plan).value();
    app::SignConsent(*consents_, cli_, plan, Lang::kJa, "カンジャ", "").value();
    ResetClock();
    ASSERT_EQ(
        Post("/api/v1/sessions",
             json{{"plan_id", plan}, {"operator", "n"}, {"performed_at", "2026-09-01T10:00:00Z"}}
                 .dump(),
             With(nurse_))
            ->status,
        201);
    const double base = 40 + 4 * noise(), slope = 0.5 + 0.2 * noise();
    const char* days[] = {"2026-08-25", "2026-09-15", "2026-09-29", "2026-10-20", "2026-11-10"};
    const int weeks[] = {-1, 2, 4, 7, 10};
    for (int k = 0; k < 5; ++k)
      ASSERT_EQ(
          Measure(json{{"patient_id", patient},
                       {"measure", "corneometer"},
                       {"measured_on", days[k]},
                       {"value", std::round((base + slope * weeks[k] + noise()) * 100) / 100}},
                  nurse_)
              ->status,
          201);
  }
  EXPECT_EQ(Post("/api/v1/analyses", R"({"measure": "corneometer"})", With(nurse_))->status, 403);
  auto bad = Post("/api/v1/analyses", R"({"measure": "corneometer", "factors": ["name"]})",
                  With(analyst_));
  EXPECT_EQ(Json(bad)["error"]["fields"][0]["field"], "/factors/0");
  auto r = Post("/api/v1/analyses", R"({"measure": "corneometer", "factors": ["route"]})",
                With(analyst_));
  ASSERT_EQ(r->status, 200) << r->body;
  const json fit = Json(r)["fit"];
  EXPECT_EQ(fit["n_groups"], 12);
  EXPECT_EQ(fit["n_obs"], 60);
  EXPECT_EQ(fit["fixed_effects"][1]["term"], "weeks_since_first");
  EXPECT_NEAR(fit["fixed_effects"][1]["estimate"].get<double>(), 0.5, 0.15);
  EXPECT_EQ(fit["fixed_effects"][2]["term"], "routetopical");
  EXPECT_GE(Json(r)["figures"].size(), 3u);
  // Issue #14: the figures name the terms as the page does, in the reader's language, not by
  // the export's column names.
  std::string svgs;
  const json figures = Json(r)["figures"];
  for (const auto& f : figures) svgs += f.get<std::string>();
  EXPECT_EQ(svgs.find("routetopical"), std::string::npos);
  EXPECT_EQ(svgs.find("weeks_since_first"), std::string::npos);
  EXPECT_NE(svgs.find("weeks since the first session"), std::string::npos);
  EXPECT_NE(svgs.find("route: Topical / scalp"), std::string::npos)
      << "the forest plot names the level";
  // Lot and clinic as random effects: only those two; every patient here had the same lot and
  // the same clinic, so the lot term has one level and the error names it.
  auto unknown = Post("/api/v1/analyses",
                      R"({"measure": "corneometer", "random_effects": ["batch"]})", With(analyst_));
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(Json(unknown)["error"]["fields"][0]["field"], "/random_effects/0");
  auto one_lot = Post("/api/v1/analyses",
                      R"({"measure": "corneometer", "random_effects": ["lot"]})", With(analyst_));
  EXPECT_EQ(one_lot->status, 400) << one_lot->body;
  EXPECT_NE(one_lot->body.find("lot_key"), std::string::npos) << one_lot->body;
}

// Settings: the rule files an administrator edits (real log-ins, no fixed caller).
class SettingsTest : public testing::ServerFixture {};

TEST_F(SettingsTest, ClinicSettingsFormSavesPricesAndClosedDaysAndAppliesThemAtOnce) {
  // The server reloads the clinic settings after a save (as `exoclinic serve` reloads them all).
  Shutdown();
  server::ServerOptions options;
  options.reload_rules = [this]() -> Status {
    auto c = app::LoadClinicSettings(dir_.File("rules"));
    if (!c) return c.error();
    clinic_ = *c;
    return OkStatus();
  };
  Start(options);
  const auto admin = SessionFor(AddUser("admin.prices", "admin"));
  const auto doctor = SessionFor(AddUser("dr.prices", "physician"));
  const std::string path = dir_.File("rules") + "/clinic.toml";
  EXPECT_EQ(Get("/api/v1/settings/clinic", With(doctor))->status, 403);
  nlohmann::json form = Json(Get("/api/v1/settings/clinic", With(admin)));
  EXPECT_EQ(form["prices"]["per_session"]["iv"], 180000);
  EXPECT_EQ(form["closed"]["weekdays"][0], "sunday");
  const std::string before = app::ReadTextFile(path).value();
  // Wrong values are refused naming the key, and nothing is written.
  for (const auto& [key, value, field] :
       std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
           {"/prices/per_session/iv", -5, "prices.per_session.iv"},
           {"/prices/per_session/topical", "cheap", "prices.per_session.topical"},
           {"/prices/consumption_tax_rate", 1.5, "prices.consumption_tax_rate"},
           {"/closed/weekdays/0", "sundae", "closed.weekdays"},
           {"/closed/dates", {"2026-02-30"}, "closed.dates"},
           {"/followups/days/0", nullptr, "/followups/days/0"},
           {"/clinic/telephone", "call us", "clinic.telephone"},
           {"/clinic/public_url", "clinic.example.jp", "clinic.public_url"}}) {
    nlohmann::json bad = form;
    bad[nlohmann::json::json_pointer(key)] = value;
    auto r = Post("/api/v1/settings/clinic", bad.dump(), With(admin));
    EXPECT_EQ(r->status, 400) << key;
    EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], field) << r->body;
  }
  EXPECT_EQ(app::ReadTextFile(path).value(), before);
  // A new IV price and a closed Saturday: saved with the file's comments, and in force at once.
  form["prices"]["per_session"]["iv"] = 150000;
  form["closed"]["weekdays"].push_back("saturday");
  form["closed"]["dates"].push_back("2027-05-03");
  EXPECT_EQ(form["clinic"]["name"], "");  // not set in the shipped file
  form["clinic"]["name"] = "青山スキンクリニック";
  form["clinic"]["telephone"] = "03-1234-5678";
  form["clinic"]["public_url"] = "https://aoyama.example.jp";
  auto saved = Post("/api/v1/settings/clinic", form.dump(), With(admin));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["applies"], "now");
  const std::string after = app::ReadTextFile(path).value();
  EXPECT_NE(after.find("iv = 150000"), std::string::npos);
  EXPECT_NE(after.find("# Japanese consumption tax"), std::string::npos);
  EXPECT_EQ(app::ReadTextFile(path + ".previous").value(), before);
  EXPECT_EQ(clinic_.price_per_session.at(Route::kIv), 150000);
  EXPECT_TRUE(clinic_.IsClosed(*Date::Parse("2026-11-28")));  // a Saturday
  EXPECT_EQ(Json(Get("/api/v1/settings/clinic", With(admin)))["closed"]["weekdays"].size(), 2u);
  EXPECT_EQ(clinic_.name, "青山スキンクリニック");
  EXPECT_EQ(clinic_.public_url, "https://aoyama.example.jp");
  const nlohmann::json read_back = Json(Get("/api/v1/settings/clinic", With(admin)))["clinic"];
  EXPECT_EQ(read_back["telephone"], "03-1234-5678");
  EXPECT_EQ(read_back["address"], "");
}

TEST_F(SettingsTest, WithoutAReloadSavedRulesApplyAtTheNextStart) {
  const auto admin = SessionFor(AddUser("admin.later", "admin"));
  nlohmann::json form = Json(Get("/api/v1/settings/clinic", With(admin)));
  auto saved = Post("/api/v1/settings/clinic", form.dump(), With(admin));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["applies"], "next_start");
}

TEST_F(SettingsTest, RuleFilesAreValidatedBeforeTheyAreSaved) {
  const auto admin = SessionFor(AddUser("admin.tanaka", "admin"));
  const auto doctor = SessionFor(AddUser("dr.rules", "physician"));
  const std::string path = dir_.File("rules") + "/clinic.toml";
  const std::string before = app::ReadTextFile(path).value();
  EXPECT_EQ(Get("/api/v1/settings/rules/clinic", With(doctor))->status, 403);
  auto read = Get("/api/v1/settings/rules/clinic", With(admin));
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(Json(read)["text"], before);
  // Broken TOML and an unknown file change nothing.
  auto broken =
      Post("/api/v1/settings/rules/clinic", R"({"text": "closed_days = [1,"})", With(admin));
  EXPECT_EQ(broken->status, 400) << broken->body;
  EXPECT_EQ(Get("/api/v1/settings/rules/passwords", With(admin))->status, 404);
  // A QC file that removes the sterility floor is refused by the loader's safety floor.
  const std::string qc = app::ReadTextFile(dir_.File("rules") + "/qc.toml").value();
  std::string weakened = qc;
  // Sterility failure no longer blocking IV: weaker than the floor.
  const std::string strong =
      "check = \"sterility\"\narea = \"manufacturing_qc\"\nroutes = [\"iv\", \"injection\", "
      "\"microneedle\", \"topical\"]\nblocks_if_fail = [\"iv\", ";
  const size_t at = weakened.find(strong);
  ASSERT_NE(at, std::string::npos);
  weakened.replace(at + strong.size() - 7, 7, "");
  EXPECT_EQ(
      Post("/api/v1/settings/rules/qc", nlohmann::json{{"text", weakened}}.dump(), With(admin))
          ->status,
      400);
  EXPECT_EQ(app::ReadTextFile(dir_.File("rules") + "/qc.toml").value(), qc);
  EXPECT_EQ(app::ReadTextFile(path).value(), before);
  // A valid change is written, the old text kept, and the audit log records it.
  const std::string changed = before + "\n# edited in settings\n";
  auto saved =
      Post("/api/v1/settings/rules/clinic", nlohmann::json{{"text", changed}}.dump(), With(admin));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(app::ReadTextFile(path).value(), changed);
  EXPECT_EQ(app::ReadTextFile(path + ".previous").value(), before);
  int saves = 0;
  for (const auto& e : Audit()) saves += e.action == "rules.save" ? 1 : 0;
  EXPECT_EQ(saves, 3);  // two refused (recorded as denied) and one saved
}

}  // namespace
}  // namespace exo
