// Sessions, follow-ups, traceability and recall over real HTTP.
#include <fstream>
#include <tuple>

#include "pdf_tools.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

class SessionsTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                        "birth_date": "1974-03-02", "sex": "female", "weight_kg": 58.5,
                                        "phone": "090-1111-2222", "email": "hanako@example.jp"})")
                   .value()
                   .id;
    lot_ = ImportLot("SESSION-LOT");  // 5 vials of 2 mL at 8e9 particles/mL
    app::ReleaseLot(*lots_, cli_, lot_, RouteSet::All(), {}).value();
    const auto screening = app::RecordScreening(*patients_, cli_, patient_,
                                                R"({"schema": "exoclinic.intake/1", "age": 52})")
                               .value();
    app::SignOffScreening(*patients_, cli_, screening.id, "fine").value();
    plan_ = IvPlan("2026-11-16", 2);
  }
  // A draft IV plan of the patient from the fixture's lot, 28 days apart, starting on `start`.
  // The fixture's day is set back to the start for its creation only (a plan cannot start in
  // the past, and a session before its plan's start is refused).
  int64_t IvPlan(const std::string& start, int sessions) {
    clock_.Set(*Date::Parse(start));
    const int64_t id =
        app::CreatePlan(
            *plans_, Doctor(), patient_,
            R"({"goals": ["skin"], "route": "iv", "sites": ["whole_body"], "lot_id": )" +
                std::to_string(lot_) +
                R"(, "dose_particles": 1.6e10, "interval_days": 28, "sessions": )" +
                std::to_string(sessions) + R"(, "start_date": ")" + start +
                R"(", "infusion_minutes": 30})")
            .value()
            .plan.id;
    clock_.Set(*Date::Parse("2026-11-24"));
    return id;
  }
  void Activate() { app::ActivatePlan(*plans_, Doctor(), plan_).value(); }
  // Signed at the clock's time (11:06:40 UTC); the clock then moves on five minutes, so that
  // the session at 11:10 lies after the signature and not in the future.
  int64_t Consent() {
    const int64_t id =
        app::SignConsent(*consents_, cli_, plan_, Lang::kJa, "山田 花子", "").value().id;
    clock_.AdvanceSeconds(300);
    return id;
  }
  json Session(bool vitals = true) {
    json j = {{"plan_id", plan_},
              {"operator", "nurse.ito"},
              {"performed_at", "2026-11-18T11:10:00Z"},
              {"reactions", "none"},
              {"notes", "drip over 30 minutes"}};
    if (vitals)
      j["vitals"] = {
          {"bp_systolic", 118}, {"bp_diastolic", 74}, {"pulse", 68}, {"temperature_c", 36.5}};
    return j;
  }
  testing::Login nurse_, doctor_;
  int64_t patient_ = 0, lot_ = 0, plan_ = 0;
};

TEST_F(SessionsTest, ASessionNeedsAnActivePlanAndAValidConsent) {
  const std::string before =
      testing::DumpTable(db_path_, "treatment_sessions") + testing::DumpTable(db_path_, "lots");
  auto draft = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  EXPECT_EQ(draft->status, 409);
  EXPECT_NE(Json(draft)["error"]["message"].get<std::string>().find("not active"),
            std::string::npos);
  Activate();
  auto no_consent = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  EXPECT_EQ(no_consent->status, 409);
  EXPECT_NE(Json(no_consent)["error"]["message"].get<std::string>().find("no valid consent"),
            std::string::npos);
  const int64_t consent = Consent();
  app::WithdrawConsent(*consents_, cli_, consent, "changed her mind").value();
  EXPECT_EQ(Post("/api/v1/sessions", Session().dump(), With(nurse_))->status, 409);
  EXPECT_EQ(
      testing::DumpTable(db_path_, "treatment_sessions") + testing::DumpTable(db_path_, "lots"),
      before);
}

TEST_F(SessionsTest, BadSessionsNameTheField) {
  Activate();
  Consent();
  auto no_vitals = Post("/api/v1/sessions", Session(false).dump(), With(nurse_));
  EXPECT_EQ(no_vitals->status, 400);
  EXPECT_EQ(Json(no_vitals)["error"]["fields"][0]["field"], "/vitals");
  json future = Session();
  future["performed_at"] = "2027-01-01T10:00:00Z";
  EXPECT_EQ(
      Json(Post("/api/v1/sessions", future.dump(), With(nurse_)))["error"]["fields"][0]["field"],
      "/performed_at");
  json negative = Session();
  negative["dose_particles"] = -5;
  negative["vitals"]["pulse"] = 400;
  auto r = Post("/api/v1/sessions", negative.dump(), With(nurse_));
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "/dose_particles");
  EXPECT_EQ(Json(r)["error"]["fields"][1]["field"], "/vitals/pulse");
  json unknown = Session();
  unknown["plan_id"] = 999;
  EXPECT_EQ(
      Json(Post("/api/v1/sessions", unknown.dump(), With(nurse_)))["error"]["fields"][0]["field"],
      "/plan_id");
  EXPECT_EQ(testing::DumpTable(db_path_, "treatment_sessions"), "");
}

// Issue #13: a misspelt member, a key given twice and a time with the clinic's offset.
TEST_F(SessionsTest, StrictInputNamesTheMemberAndAnyOffsetIsAccepted) {
  Activate();
  Consent();
  json typo = Session();
  typo["performd_at"] = typo["performed_at"];
  typo.erase("performed_at");
  auto r = Post("/api/v1/sessions?lang=ja", typo.dump(), With(nurse_));
  ASSERT_EQ(r->status, 400) << r->body;
  const json field = Json(r)["error"]["fields"][0];
  EXPECT_EQ(field["field"], "/performd_at");
  EXPECT_NE(field["message"].get<std::string>().find("「performed_at」のことですか"),
            std::string::npos)
      << field;
  // A key given twice, at the top and inside the vital signs: refused at its path.
  std::string twice = Session().dump();
  twice.insert(1, R"("plan_id":999,)");
  auto d = Post("/api/v1/sessions", twice, With(nurse_));
  ASSERT_EQ(d->status, 400) << d->body;
  EXPECT_EQ(Json(d)["error"]["fields"][0]["field"], "/plan_id");
  std::string pulse = Session().dump();
  pulse.insert(pulse.find(R"("pulse")"), R"("pulse":40,)");
  EXPECT_EQ(Json(Post("/api/v1/sessions", pulse, With(nurse_)))["error"]["fields"][0]["field"],
            "/vitals/pulse");
  json unknown_vital = Session();
  unknown_vital["vitals"]["puls"] = 70;
  EXPECT_EQ(Json(Post("/api/v1/sessions", unknown_vital.dump(),
                      With(nurse_)))["error"]["fields"][0]["field"],
            "/vitals/puls");
  EXPECT_EQ(testing::DumpTable(db_path_, "treatment_sessions"), "");
  // 20:10 in Tokyo is 11:10 UTC: stored as the same instant.
  json tokyo = Session();
  tokyo["performed_at"] = "2026-11-18T20:10:00+09:00";
  auto ok = Post("/api/v1/sessions", tokyo.dump(), With(nurse_));
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Json(ok)["performed_at"], "2026-11-18T11:10:00Z");
}

TEST_F(SessionsTest, RecordingTakesStockCreatesFollowUpsAndTracesTheLot) {
  Activate();
  Consent();
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201) << r->body;
  const json s = Json(r);
  EXPECT_DOUBLE_EQ(s["volume_ml"].get<double>(), 2.0);  // 1.6e10 / 8e9 per mL
  EXPECT_EQ(s["vials_used"], 1);
  EXPECT_EQ(s["vitals"]["pulse"], 68);
  EXPECT_EQ(stores_->lot_reader.FindLot(1, lot_)->vials_in_stock, 4);
  auto due = Json(Get("/api/v1/followups", With(nurse_)));
  ASSERT_EQ(due["followups"].size(), 5u);
  EXPECT_EQ(due["followups"][0]["due_on"], "2026-11-19");  // the next day
  EXPECT_EQ(due["followups"][4]["due_on"], "2027-05-05");  // 24 weeks
  EXPECT_EQ(due["followups"][4]["days_after"], 168);
  EXPECT_EQ(due["followups"][4]["text"], "check 168 days after the session");
  EXPECT_EQ(Json(Get("/api/v1/followups?lang=ja", With(nurse_)))["followups"][0]["text"],
            "施術 1 日後の経過確認");
  EXPECT_EQ(Json(Get("/api/v1/followups?due=2026-12-31", With(nurse_)))["followups"].size(), 3u);
  // Done once: it leaves the open list; twice is a conflict; an unknown id is not found.
  const std::string done = "/api/v1/followups/" + due["followups"][0]["id"].dump() + "/done";
  EXPECT_EQ(Post(done, "{}", With(nurse_))->status, 200);
  EXPECT_EQ(Audit().back().action, "followup.done");
  EXPECT_EQ(Audit().back().object, "patient/" + std::to_string(patient_));
  EXPECT_EQ(Post(done, "{}", With(nurse_))->status, 409);
  EXPECT_EQ(Post("/api/v1/followups/9999/done", "{}", With(nurse_))->status, 404);
  EXPECT_EQ(Json(Get("/api/v1/followups", With(nurse_)))["followups"].size(), 4u);
  auto trace = Json(Get("/api/v1/lots/" + std::to_string(lot_) + "/trace", With(doctor_)));
  ASSERT_EQ(trace["sessions"].size(), 1u);
  EXPECT_EQ(trace["sessions"][0]["patient"]["phone"], "090-1111-2222");
  auto csv = Get("/api/v1/lots/" + std::to_string(lot_) + "/trace?format=csv", With(doctor_));
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv->body.find("hanako@example.jp"), std::string::npos);
  auto mine = Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/sessions", With(nurse_)));
  EXPECT_EQ(mine["sessions"].size(), 1u);
  EXPECT_EQ(Audit().back().action, "session.read");
}

// Issue #14: the recall call list opens in a Japanese spreadsheet: UTF-8 BOM, CRLF, a formula
// cell neutralised, local times, numbers as people write them.
TEST_F(SessionsTest, Issue14RecallCallListCsvReadsBackInASpreadsheet) {
  Activate();
  Consent();
  json s = Session();
  s["reactions"] = "=HYPERLINK(\"http://x.example\",\"click\")";
  ASSERT_EQ(Post("/api/v1/sessions", s.dump(), With(nurse_))->status, 201);
  auto csv = Get("/api/v1/lots/" + std::to_string(lot_) + "/trace?format=csv", With(doctor_));
  ASSERT_EQ(csv->status, 200);
  const std::string file = dir_.File("trace.csv");
  std::ofstream(file, std::ios::binary) << csv->body;
  FILE* p =
      popen(("/usr/bin/python3 " EXO_SOURCE_DIR "/tests/csv_readback.py " + file).c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  const size_t eol = out.find('\n');
  ASSERT_NE(eol, std::string::npos) << out;
  EXPECT_EQ(out.substr(0, eol), "bom=1 crlf=1 rows=1");
  const json row = json::parse(out.substr(eol + 1, out.find('\n', eol + 1) - eol - 1));
  EXPECT_EQ(row["name_kanji"], "山田 花子");
  EXPECT_EQ(row["reactions"], "'=HYPERLINK(\"http://x.example\",\"click\")");
  EXPECT_EQ(row["performed_at_local"], "2026-11-18 20:10");  // 11:10 UTC in Asia/Tokyo
  EXPECT_EQ(row["dose_particles"], "16000000000");
  auto plain =
      Get("/api/v1/lots/" + std::to_string(lot_) + "/trace?format=csv&bom=0", With(doctor_));
  EXPECT_EQ(plain->body.rfind("session_id,", 0), 0u);
}

TEST_F(SessionsTest, DayScheduleListsPlannedAndRecordedSessionsOfActivePlans) {
  const auto day = [&](const std::string& d) {
    return Json(Get("/api/v1/schedule?date=" + d, With(nurse_)));
  };
  EXPECT_EQ(day("2026-11-16")["entries"].size(), 0u);  // a draft plan is not scheduled
  Activate();
  Consent();
  json planned = day("2026-11-16");
  EXPECT_EQ(planned["date"], "2026-11-16");
  ASSERT_EQ(planned["entries"].size(), 1u);
  EXPECT_EQ(planned["entries"][0]["name_kanji"], "山田 花子");
  EXPECT_EQ(planned["entries"][0]["route"], "iv");
  EXPECT_EQ(planned["entries"][0]["lot_number"], "SESSION-LOT");
  EXPECT_EQ(planned["entries"][0]["session_number"], 1);
  EXPECT_EQ(planned["entries"][0]["sessions"], 2);
  EXPECT_TRUE(planned["entries"][0]["planned"].get<bool>());
  EXPECT_TRUE(planned["entries"][0]["session_id"].is_null());
  EXPECT_EQ(day("2026-11-17")["entries"].size(), 0u);
  EXPECT_EQ(day("2026-12-14")["entries"].size(), 1u);  // the second session, 28 days on
  EXPECT_EQ(Audit().back().action, "schedule.read");
  EXPECT_EQ(Audit().back().object, "schedule/2026-12-14");
  // A session given on a day the schedule did not have (two days late) still shows on that
  // day, and the next planned one becomes the plan's second.
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201) << r->body;
  json given = day("2026-11-18");
  ASSERT_EQ(given["entries"].size(), 1u);
  EXPECT_FALSE(given["entries"][0]["planned"].get<bool>());
  EXPECT_EQ(given["entries"][0]["session_id"], Json(r)["id"]);
  EXPECT_EQ(given["entries"][0]["performed_at"], "2026-11-18T11:10:00Z");
  EXPECT_EQ(day("2026-12-14")["entries"][0]["session_number"], 2);
  // Reception keeps the schedule: names and times, not the lot.
  const auto front = SessionFor(AddUser("front.desk", "reception"));
  json desk = Json(Get("/api/v1/schedule?date=2026-11-18", With(front)));
  ASSERT_EQ(desk["entries"].size(), 1u);
  EXPECT_EQ(desk["entries"][0]["name_kanji"], "山田 花子");
  EXPECT_TRUE(desk["entries"][0]["done"].get<bool>());
  EXPECT_FALSE(desk["entries"][0].contains("lot_number"));
  EXPECT_FALSE(desk["entries"][0].contains("session_id"));
  auto bad = Get("/api/v1/schedule?date=2026-13-01", With(nurse_));
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Json(bad)["error"]["fields"][0]["field"], "date");
}

// The front desk (受付): reception checks a patient in on arrival, once a day; the day's list
// and the dashboard show who has arrived and when, with a patient who came without a planned
// session listed apart; a mistaken check-in is undone (its row stays) and can be made again.
TEST_F(SessionsTest, ReceptionChecksPatientsInOnceADayAndUndoesAMistake) {
  Activate();
  Consent();
  MoveClock("2026-12-14T00:45:00Z");  // 09:45 in Tokyo on the plan's second day
  const auto front = SessionFor(AddUser("front.desk", "reception"));
  const auto nurse = SessionFor(AddUser("nurse.kato", "nurse"));  // signed in on the day
  const std::string patient = std::to_string(patient_);
  const auto check_in = [&](const std::string& id, const testing::Login& who) {
    return Post("/api/v1/patients/" + id + "/check-ins", "", With(who));
  };
  const auto day = [&] { return Json(Get("/api/v1/schedule?date=2026-12-14", With(front))); };
  json before = day();
  ASSERT_EQ(before["entries"].size(), 1u);
  EXPECT_TRUE(before["entries"][0]["check_in"].is_null());
  EXPECT_EQ(before["check_ins"].size(), 0u);

  auto first = check_in(patient, front);
  ASSERT_EQ(first->status, 201) << first->body;
  const json made = Json(first);
  EXPECT_EQ(made["patient_id"], patient_);
  EXPECT_EQ(made["day"], "2026-12-14");
  EXPECT_EQ(made["checked_in_at"], "2026-12-14T00:45:00Z");  // the moment of the tap
  EXPECT_EQ(made["checked_in_by_name"], "氏名 front.desk");
  EXPECT_EQ(Audit().back().action, "checkin.create");
  EXPECT_EQ(Audit().back().object, "patient/" + patient);

  // Once a day: a second tap is refused in the reader's language and stores nothing.
  const std::string rows = testing::DumpTable(db_path_, "checkins");
  auto again =
      Post(testing::InLang("/api/v1/patients/" + patient + "/check-ins", "ja"), "", With(front));
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(Json(again)["error"]["message"], "この患者さんは本日すでに受付済みです");
  EXPECT_EQ(testing::DumpTable(db_path_, "checkins"), rows);

  json arrived = day();
  EXPECT_EQ(arrived["entries"][0]["check_in"]["id"], made["id"]);
  EXPECT_EQ(arrived["entries"][0]["check_in"]["checked_in_at"], "2026-12-14T00:45:00Z");
  ASSERT_EQ(arrived["check_ins"].size(), 1u);
  EXPECT_EQ(arrived["check_ins"][0]["patient"]["name_kanji"], "山田 花子");
  EXPECT_EQ(Audit().back().action, "schedule.read");  // one entry for the page
  // The patient page says so: reception's read of the patient and the clinical overview.
  EXPECT_EQ(Json(Get("/api/v1/patients/" + patient, With(front)))["check_in_today"]["id"],
            made["id"]);
  auto overview = Get("/api/v1/patients/" + patient + "/overview", With(nurse));
  ASSERT_EQ(overview->status, 200) << overview->body;
  EXPECT_EQ(Json(overview)["check_in_today"]["checked_in_by_name"], "氏名 front.desk");

  // A patient with no plan (a consultation) is checked in too, and listed apart on the
  // dashboard: in check_ins, not among the planned sessions.
  const int64_t walk_in =
      app::RegisterPatient(*patients_, cli_,
                           R"({"name_kanji": "佐藤 桜", "name_kana": "サトウ サクラ",
                               "birth_date": "1988-05-05", "sex": "female"})")
          .value()
          .id;
  ASSERT_EQ(check_in(std::to_string(walk_in), front)->status, 201);
  json desk = Json(Get("/api/v1/dashboard", With(front)));
  ASSERT_EQ(desk["today"].size(), 1u);
  EXPECT_EQ(desk["today"][0]["check_in"]["id"], made["id"]);
  ASSERT_EQ(desk["check_ins"].size(), 2u);
  EXPECT_EQ(desk["check_ins"][1]["patient"]["name_kanji"], "佐藤 桜");
  EXPECT_FALSE(desk.contains("followups"));  // reception's dashboard stays non-clinical

  // Undone by mistake: the day shows the patient as not arrived; the row stays, marked undone.
  const std::string undo =
      "/api/v1/check-ins/" + std::to_string(made["id"].get<int64_t>()) + "/undo";
  auto undone = Post(undo, "", With(front));
  ASSERT_EQ(undone->status, 200) << undone->body;
  EXPECT_EQ(Audit().back().action, "checkin.undo");
  EXPECT_TRUE(day()["entries"][0]["check_in"].is_null());
  EXPECT_TRUE(Json(Get("/api/v1/patients/" + patient, With(front)))["check_in_today"].is_null());
  EXPECT_EQ(Json(Get("/api/v1/check-ins?date=2026-12-14", With(front)))["check_ins"].size(), 1u);
  EXPECT_EQ(Audit().back().action, "checkin.read");
  EXPECT_EQ(Post(undo, "", With(front))->status, 409);
  EXPECT_NE(testing::DumpTable(db_path_, "checkins").find("front.desk"), std::string::npos);
  auto redo = check_in(patient, front);
  ASSERT_EQ(redo->status, 201) << redo->body;
  EXPECT_NE(Json(redo)["id"], made["id"]);

  // Unknown ids, another clinic's patient and a role without patients.write are refused.
  EXPECT_EQ(check_in("999999", front)->status, 404);
  EXPECT_EQ(Post("/api/v1/check-ins/999999/undo", "", With(front))->status, 404);
  const int64_t clinic2 = stores_->clinics.InsertClinic("Clinic B").value();
  const auto other = SessionFor(AddUser("front.b", "reception", clinic2));
  EXPECT_EQ(check_in(patient, other)->status, 404);
  EXPECT_EQ(Post(undo, "", With(other))->status, 404);
  const auto analyst = SessionFor(AddUser("stats.y", "analyst"));
  EXPECT_EQ(check_in(patient, analyst)->status, 403);
  EXPECT_EQ(Json(Get("/api/v1/check-ins?date=2026-12-14", With(other)))["check_ins"].size(), 0u);
}

TEST_F(SessionsTest, RecallListsEveryAffectedPatientAndBlocksFurtherSessions) {
  Activate();
  Consent();
  ASSERT_EQ(Post("/api/v1/sessions", Session().dump(), With(nurse_))->status, 201);
  auto recall = Post("/api/v1/lots/" + std::to_string(lot_) + "/recall",
                     R"({"reason": "supplier: endotoxin retest failed"})", With(doctor_));
  ASSERT_EQ(recall->status, 200) << recall->body;
  const json r = Json(recall);
  EXPECT_EQ(r["lot"]["state"], "recalled");
  // The reply's own verdict is the recalled lot's, not the one from before the recall (#13).
  ASSERT_FALSE(r["lot"]["qc"]["verdict"].empty()) << r["lot"].dump();
  for (const auto& [route, verdict] : r["lot"]["qc"]["verdict"].items())
    EXPECT_EQ(verdict, "not_releasable") << route;
  ASSERT_EQ(r["affected"].size(), 1u);
  EXPECT_EQ(r["affected"][0]["patient"]["name_kanji"], "山田 花子");
  EXPECT_EQ(r["affected"][0]["patient"]["email"], "hanako@example.jp");
  EXPECT_EQ(r["followups_created"], 1);
  bool recall_task = false;
  const json tasks = Json(Get("/api/v1/followups", With(nurse_)));
  for (const auto& f : tasks["followups"])
    recall_task = recall_task || (f["kind"] == "recall" && f["due_on"] == "2026-11-24" &&
                                  f["text"] == "recall: supplier: endotoxin retest failed");
  EXPECT_TRUE(recall_task);
  json next = Session();
  next["performed_at"] = "2026-11-18T11:00:00Z";
  auto blocked = Post("/api/v1/sessions", next.dump(), With(nurse_));
  EXPECT_EQ(blocked->status, 409);
  EXPECT_NE(Json(blocked)["error"]["message"].get<std::string>().find("recalled"),
            std::string::npos);
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

std::string Shell(const std::string& cmd) { return testing::ShellOutput(cmd); }

TEST_F(SessionsTest, AftercareSheetFitsTheRouteAndItsQrCodeOpensThePublicLotPage) {
  Activate();
  Consent();
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201);
  const std::string id = std::to_string(Json(r)["id"].get<int64_t>());
  auto pdf = Get("/api/v1/sessions/" + id + "/aftercare.pdf?lang=ja", With(nurse_));
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  const std::string path = dir_.File("aftercare.pdf");
  std::ofstream(path, std::ios::binary) << pdf->body;
  const std::string text = Shell("pdftotext -enc UTF-8 " + path + " -");
  EXPECT_NE(text.find("施術後の過ごし方"), std::string::npos);
  EXPECT_NE(text.find("当日の飲酒は控えてください"), std::string::npos);  // IV item
  EXPECT_EQ(text.find("洗顔は"), std::string::npos);                      // microneedling only
  EXPECT_NE(text.find("SESSION-LOT"), std::string::npos);
  EXPECT_NE(text.find("2026年11月18日"), std::string::npos) << text;  // 19:00 in Tokyo, not UTC
  // The QR code, read by a real decoder, links to the lot's public page.
  Shell("pdftoppm -r 150 -png " + path + " " + dir_.File("page"));
  const std::string qr = Shell("zbarimg --quiet --raw " + dir_.File("page") + "-1.png");
  const std::string token = stores_->lot_reader.FindLot(1, lot_)->public_token;
  EXPECT_EQ(qr, "https://clinic.example.jp/lots/public/" + token + "\n");
}

TEST_F(SessionsTest, AftercareSheetSaysWhomToCallWithTheClinicsNumber) {
  rule_set_.clinic.name = "青山スキンクリニック";
  rule_set_.clinic.telephone = "03-1234-5678";
  rule_set_.clinic.public_url = "https://aoyama.example.jp";
  Activate();
  Consent();
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201);
  const std::string id = std::to_string(Json(r)["id"].get<int64_t>());
  const std::string aftercare = "/api/v1/sessions/" + id + "/aftercare.pdf";
  for (const std::string lang : {"ja", "en"}) {
    auto pdf = Get(testing::InLang(aftercare, lang), With(nurse_));
    ASSERT_EQ(pdf->status, 200) << pdf->body;
    const std::string path = dir_.File(lang == "ja" ? "call-ja.pdf" : "call-en.pdf");
    testing::WritePdf(path, pdf->body);
    const std::string text = testing::PdfSqueezedText(path);
    // Every IV warning sign of rules/aftercare.toml, each on its own line, under whom to call.
    const treatment::AftercareRules& rules = rule_set_.aftercare;
    int signs = 0;
    for (const auto& w : rules.warnings) {
      if (!w.routes.Has(Route::kIv)) continue;
      ++signs;
      std::string squeezed;
      for (const char c : w.text.In(lang == "ja" ? Lang::kJa : Lang::kEn))
        if (c != ' ') squeezed += c;
      EXPECT_NE(text.find(squeezed), std::string::npos) << lang << ": " << squeezed;
    }
    EXPECT_GE(signs, 3);
    EXPECT_NE(text.find(lang == "ja" ? "119番" : "Call119"), std::string::npos) << text;
    EXPECT_NE(text.find("03-1234-5678"), std::string::npos);
    EXPECT_NE(text.find("青山スキンクリニック"), std::string::npos);
    EXPECT_NE(text.find("山田花子"), std::string::npos);
    // Microneedling-only signs stay off an IV sheet.
    EXPECT_EQ(text.find(lang == "ja" ? "しこり" : "lumps"), std::string::npos);
    // The QR code opens the lot page at the clinic's own public address.
    Shell("pdftoppm -r 150 -png " + path + " " + dir_.File("qr-" + lang));
    const std::string qr = Shell("zbarimg --quiet --raw " + dir_.File("qr-" + lang) + "-1.png");
    EXPECT_EQ(qr.rfind("https://aoyama.example.jp/lots/public/", 0), 0u) << qr;
  }
}

TEST_F(SessionsTest, AftercareSheetIsRefusedForAnAddressNoPhoneCanOpen) {
  Activate();
  Consent();
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201);
  const std::string id = std::to_string(Json(r)["id"].get<int64_t>());
  const std::string aftercare = "/api/v1/sessions/" + id + "/aftercare.pdf";
  for (const auto& [url, lang, words] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"http://127.0.0.1:8080", "ja", "このコンピューター自身"},
           {"http://localhost:8080", "en", "this computer itself"},
           {"http://[::1]:8080", "en", "[::1]"}}) {
    rule_set_.clinic.public_url = url;
    auto pdf = Get(testing::InLang(aftercare, lang), With(nurse_));
    EXPECT_EQ(pdf->status, 400) << url;
    const json e = Json(pdf)["error"];
    EXPECT_EQ(e["fields"][0]["field"], "public_url") << pdf->body;
    EXPECT_NE(e.dump().find(words), std::string::npos) << pdf->body;
  }
  // Not set in clinic.toml, and the address the program was started with is loopback (the
  // command line's default): refused as not set.
  rule_set_.clinic.public_url = "";
  app::AftercareServices local = *aftercare_;
  local.public_base_url = "http://127.0.0.1:8080";
  auto unset = app::AftercarePdf(local, cli_, std::stoll(id), Lang::kJa);
  ASSERT_FALSE(unset.has_value());
  EXPECT_EQ(unset.error().fields[0].field, "public_url");
  EXPECT_NE(RenderError(unset.error(), Lang::kJa).find("未設定"), std::string::npos);
  EXPECT_NE(RenderError(unset.error(), Lang::kEn).find("not set"), std::string::npos);
}

TEST_F(SessionsTest, AftercareSheetIsSmallWithSubsetFontsInBothLanguages) {
  Activate();
  Consent();
  auto r = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(r->status, 201);
  const std::string id = std::to_string(Json(r)["id"].get<int64_t>());
  const std::string aftercare = "/api/v1/sessions/" + id + "/aftercare.pdf";
  for (const char* lang : {"ja", "en"}) {
    auto pdf = Get(testing::InLang(aftercare, lang), With(nurse_));
    ASSERT_EQ(pdf->status, 200) << lang;
    const std::string path = dir_.File(std::string("aftercare-") + lang + ".pdf");
    testing::WritePdf(path, pdf->body);
    testing::ExpectCompactPdf(path, pdf->body, std::string("aftercare ") + lang);
    EXPECT_NE(testing::PdfSqueezedText(path).find("SESSION-LOT"), std::string::npos) << lang;
  }
}

TEST_F(SessionsTest, PublicLotPageShowsQualityAndNoPatientData) {
  Activate();
  Consent();
  ASSERT_EQ(Post("/api/v1/sessions", Session().dump(), With(nurse_))->status, 201);
  const std::string token = stores_->lot_reader.FindLot(1, lot_)->public_token;
  auto page = Get("/lots/public/" + token + "?lang=ja");  // no login
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("SESSION-LOT"), std::string::npos);
  EXPECT_NE(page->body.find("無菌試験"), std::string::npos);
  EXPECT_EQ(page->body.find("山田"), std::string::npos);
  EXPECT_EQ(page->body.find("nurse.ito"), std::string::npos);
  auto api = Json(Get("/api/v1/public/lots/" + token));
  EXPECT_EQ(api["lot_number"], "SESSION-LOT");
  EXPECT_FALSE(api.contains("events"));
  EXPECT_FALSE(api.contains("vials_in_stock"));
  EXPECT_EQ(api["qc"]["verdict"]["iv"], "releasable");
  EXPECT_EQ(Get("/lots/public/" + std::string(32, '0'))->status, 404);
  EXPECT_EQ(Get("/lots/public/not-a-token")->status, 404);
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

TEST_F(SessionsTest, AdverseEventsRaiseAlertsAndFeedTheLotSignal) {
  Activate();
  Consent();
  const json s = Json(Post("/api/v1/sessions", Session().dump(), With(nurse_)));
  const int64_t session = s["id"];
  const std::string before = testing::DumpTable(db_path_, "adverse_events");
  json bad = {{"patient_id", patient_},  {"onset_date", "2026-11-19"}, {"description", "fever"},
              {"term", "Pyrexia"},       {"ctcae_grade", 3},           {"serious", true},
              {"causality", "probable"}, {"outcome", "recovering"},    {"session_ids", {session}}};
  auto no_criteria = Post("/api/v1/adverse-events", bad.dump(), With(nurse_));
  EXPECT_EQ(no_criteria->status, 400);
  EXPECT_EQ(Json(no_criteria)["error"]["fields"][0]["field"], "/seriousness_criteria");
  json foreign = bad;
  foreign["seriousness_criteria"] = {"hospitalisation"};
  foreign["session_ids"] = {999};
  auto unknown_session = Post("/api/v1/adverse-events", foreign.dump(), With(nurse_));
  EXPECT_EQ(unknown_session->status, 400);
  EXPECT_EQ(Json(unknown_session)["error"]["fields"][0]["field"], "/session_ids");
  EXPECT_EQ(testing::DumpTable(db_path_, "adverse_events"), before);  // nothing partial

  bad["seriousness_criteria"] = {"hospitalisation"};
  auto ok = Post("/api/v1/adverse-events", bad.dump(), With(nurse_));
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_TRUE(Json(ok)["alert"].get<bool>());
  EXPECT_TRUE(Json(ok)["term_coded"].get<bool>());
  auto alerts = Json(Get("/api/v1/alerts", With(doctor_)));
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  EXPECT_EQ(alerts["alerts"][0]["term"], "Pyrexia");
  auto signals = Json(Get("/api/v1/signals", With(doctor_)));
  ASSERT_EQ(signals["signals"].size(), 1u);
  EXPECT_EQ(signals["signals"][0]["events"], 1);
  EXPECT_EQ(signals["signals"][0]["sessions"], 1);
  EXPECT_TRUE(signals["signals"][0]["p_value"].is_null());  // no other lot to compare with
  EXPECT_FALSE(signals["signals"][0]["flagged"].get<bool>());
  auto mine =
      Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/adverse-events", With(nurse_)));
  ASSERT_EQ(mine["adverse_events"].size(), 1u);
  EXPECT_EQ(mine["adverse_events"][0]["seriousness_criteria"][0], "hospitalisation");
  // The linked session is read back with the event (it was stored but never returned).
  EXPECT_EQ(mine["adverse_events"][0]["session_ids"], json::array({session}));
  EXPECT_EQ(alerts["alerts"][0]["session_ids"], json::array({session}));
  EXPECT_EQ(Audit().back().action, "adverse_event.read");
  EXPECT_EQ(Audit().back().object, "patient/" + std::to_string(patient_));
  EXPECT_EQ(Get("/api/v1/patients/999/adverse-events", With(nurse_))->status, 404);
  const json terms = Json(Get("/api/v1/adverse-event-terms", With(nurse_)))["terms"];
  EXPECT_NE(std::find(terms.begin(), terms.end(), "Pyrexia"), terms.end());
  // A term typed as free text is stored as typed and marked as uncoded wherever it is shown;
  // a term from the list is not.
  json free_text = {
      {"patient_id", patient_},  {"onset_date", "2026-11-19"}, {"description", "顔のほてり"},
      {"term", "ほてり感"},      {"ctcae_grade", 1},           {"serious", false},
      {"causality", "possible"}, {"outcome", "recovered"},     {"session_ids", {session}}};
  auto uncoded = Post("/api/v1/adverse-events", free_text.dump(), With(nurse_));
  ASSERT_EQ(uncoded->status, 201) << uncoded->body;
  EXPECT_FALSE(Json(uncoded)["term_coded"].get<bool>());
  const std::string timeline =
      Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/timeline?lang=ja", With(nurse_)))
          .dump();
  EXPECT_NE(timeline.find("ほてり感（未コード化）"), std::string::npos) << timeline;
  EXPECT_EQ(timeline.find("発熱（未コード化）"), std::string::npos) << timeline;
  EXPECT_EQ(timeline.find("Pyrexia（未コード化）"), std::string::npos) << timeline;
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

TEST_F(SessionsTest, TimelineListsEverythingForOnePatientInTimeOrder) {
  Activate();
  Consent();
  const json s = Json(Post("/api/v1/sessions", Session().dump(), With(nurse_)));
  json ae = {{"patient_id", patient_},  {"onset_date", "2026-11-19"}, {"description", "redness"},
             {"term", "Erythema"},      {"ctcae_grade", 1},           {"serious", false},
             {"causality", "possible"}, {"outcome", "recovered"},     {"session_ids", {s["id"]}}};
  ASSERT_EQ(Post("/api/v1/adverse-events", ae.dump(), With(nurse_))->status, 201);
  auto r = Get("/api/v1/patients/" + std::to_string(patient_) + "/timeline", With(doctor_));
  ASSERT_EQ(r->status, 200) << r->body;
  const json t = Json(r)["timeline"];
  std::vector<std::string> kinds;
  std::string previous;
  for (const auto& e : t) {
    kinds.push_back(e["kind"]);
    EXPECT_LE(previous, e["at"].get<std::string>());
    previous = e["at"];
  }
  for (const char* kind : {"screening", "sign_off", "plan", "plan_activated", "consent", "session",
                           "adverse_event", "followup"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
  EXPECT_EQ(Audit().back().action, "timeline.read");
  EXPECT_EQ(Get("/api/v1/patients/999/timeline", With(doctor_))->status, 404);
  // Summaries in the language asked for.
  const json ja = Json(Get("/api/v1/patients/" + std::to_string(patient_) + "/timeline?lang=ja",
                           With(doctor_)))["timeline"];
  std::string all;
  for (const auto& e : ja) all += e["summary"].get<std::string>() + "\n";
  EXPECT_NE(all.find("CTCAE グレード 1"), std::string::npos) << all;
  EXPECT_NE(all.find("禁忌の経路: なし"), std::string::npos) << all;
}

// Issue #13: what the plan does not allow is refused, naming the field and the conflicting
// record, and changes nothing; a physician's reason lets a session come sooner than the interval.
TEST_F(SessionsTest, SessionGuardsFollowThePlanTheConsentAndTheRoute) {
  Activate();
  Consent();
  const auto tables = [&] {
    return testing::DumpTable(db_path_, "treatment_sessions") +
           testing::DumpTable(db_path_, "lots") + testing::DumpTable(db_path_, "followups");
  };
  const auto refused = [&](const json& body, const std::string& field, const std::string& words) {
    const std::string before = tables();
    auto r = Post("/api/v1/sessions", body.dump(), With(nurse_));
    EXPECT_EQ(r->status, 400) << body.dump();
    EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], field) << r->body;
    EXPECT_NE(Json(r)["error"]["fields"][0]["message"].get<std::string>().find(words),
              std::string::npos)
        << r->body;
    EXPECT_EQ(tables(), before);
  };
  json early = Session();
  early["performed_at"] = "2026-11-15T12:00:00Z";  // the plan starts on 2026-11-16
  refused(early, "/performed_at", "before plan " + std::to_string(plan_) + " starts");
  json unsigned_yet = Session();
  unsigned_yet["performed_at"] = "2026-11-18T11:05:00Z";  // signed at 11:06:40
  refused(unsigned_yet, "/performed_at", "before consent");
  json knee = Session();
  knee["sites"] = {"face"};  // a drip goes to the whole body
  refused(knee, "/sites/0", "does not suit this route");
  json no_vials = Session();
  no_vials["vials_used"] = 0;
  refused(no_vials, "/vials_used", "");

  auto first = Post("/api/v1/sessions", Session().dump(), With(nurse_));
  ASSERT_EQ(first->status, 201) << first->body;
  const std::string first_id = Json(first)["id"].dump();
  // The same day again: sooner than the 28-day interval.
  json again = Session();
  again["performed_at"] = "2026-11-18T11:11:00Z";
  refused(again, "/performed_at", "after session " + first_id);
  again["interval_override_reason"] = "patient travels abroad; physician agreed";
  refused(again, "/interval_override_reason", "only a physician");
  auto overridden = Post("/api/v1/sessions", again.dump(), With(doctor_));
  ASSERT_EQ(overridden->status, 201) << overridden->body;
  EXPECT_EQ(Json(overridden)["interval_override_reason"],
            "patient travels abroad; physician agreed");
  EXPECT_EQ(Json(first)["interval_override_reason"], "");  // none was needed
  EXPECT_EQ(Audit().back().detail, "session/" + Json(overridden)["id"].dump() + " lot/" +
                                       std::to_string(lot_) + " interval override");
  // Both planned sessions are recorded: a third is refused, with or without a reason.
  json third = again;
  third["performed_at"] = "2026-11-18T11:11:30Z";
  const std::string before = tables();
  auto used = Post("/api/v1/sessions", third.dump(), With(doctor_));
  EXPECT_EQ(used->status, 409);
  EXPECT_NE(Json(used)["error"]["message"].get<std::string>().find("all 2 sessions of plan"),
            std::string::npos);
  EXPECT_EQ(tables(), before);

  // An adverse event cannot begin before the session it is linked to.
  json ae = {{"patient_id", patient_},
             {"onset_date", "2026-11-17"},
             {"description", "redness"},
             {"term", "Erythema"},
             {"ctcae_grade", 1},
             {"serious", false},
             {"causality", "possible"},
             {"outcome", "recovered"},
             {"session_ids", {Json(first)["id"]}}};
  const std::string events = testing::DumpTable(db_path_, "adverse_events");
  auto onset = Post("/api/v1/adverse-events", ae.dump(), With(nurse_));
  EXPECT_EQ(onset->status, 400);
  EXPECT_EQ(Json(onset)["error"]["fields"][0]["field"], "/onset_date");
  EXPECT_NE(Json(onset)["error"]["fields"][0]["message"].get<std::string>().find(
                "before the linked session"),
            std::string::npos);
  EXPECT_EQ(testing::DumpTable(db_path_, "adverse_events"), events);
  ae["onset_date"] = "2026-11-18";
  EXPECT_EQ(Post("/api/v1/adverse-events", ae.dump(), With(nurse_))->status, 201);
}

// Issue #13: measurements and sessions agree on time points. A baseline cannot end up after
// the first session, a measurement cannot precede the session it is linked to, and a session
// before the first one is refused once measurements count their days from that first one.
// Each refusal names the other record; nothing is stored.
TEST_F(SessionsTest, MeasurementTimePointsAgreeWithTheSessions) {
  Activate();
  MoveClock("2026-11-16T09:00:00Z");
  Consent();
  ResetClock();  // today 2026-11-24; now 2026-11-18 11:06:40 UTC
  const auto tables = [&] {
    return testing::DumpTable(db_path_, "treatment_sessions") +
           testing::DumpTable(db_path_, "measurements");
  };
  const auto measure = [&](const std::string& on, std::optional<int64_t> session = {}) {
    json m = {
        {"patient_id", patient_}, {"measure", "corneometer"}, {"measured_on", on}, {"value", 41.5}};
    if (session) m["session_id"] = *session;
    return Post("/api/v1/measurements", m.dump(), With(nurse_));
  };
  const auto refused = [&](const httplib::Result& r, const std::string& before,
                           const std::string& field, const std::string& words) {
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], field) << r->body;
    EXPECT_NE(Json(r)["error"]["fields"][0]["message"].get<std::string>().find(words),
              std::string::npos)
        << r->body;
    EXPECT_EQ(tables(), before);
  };
  // A baseline taken on 11-17 with no session yet; a first session dated 11-16 would put it
  // after the first session.
  auto late_baseline = measure("2026-11-17");
  ASSERT_EQ(late_baseline->status, 201) << late_baseline->body;
  const std::string baseline_id = Json(late_baseline)["id"].dump();
  std::string before = tables();
  json earlier = Session();
  earlier["performed_at"] = "2026-11-16T10:00:00Z";
  refused(Post("/api/v1/sessions", earlier.dump(), With(nurse_)), before, "/performed_at",
          "before baseline measurement " + baseline_id + " (Nov 17, 2026)");
  // The first session on 11-17 itself is fine; a follow-up on 11-18 counts 1 day.
  json first_session = Session();
  first_session["performed_at"] = "2026-11-17T10:00:00Z";
  auto first = Post("/api/v1/sessions", first_session.dump(), With(nurse_));
  ASSERT_EQ(first->status, 201) << first->body;
  const int64_t first_id = Json(first)["id"].get<int64_t>();
  auto follow_up = measure("2026-11-18", first_id);
  ASSERT_EQ(follow_up->status, 201) << follow_up->body;
  EXPECT_EQ(Json(follow_up)["days_since_first"], 1);
  // Linked to the first session but measured the day before it.
  before = tables();
  refused(measure("2026-11-16", first_id), before, "/measured_on",
          "before the linked session " + std::to_string(first_id) + " (Nov 17, 2026)");
  // A follow-up before the first session, said so explicitly.
  json early_follow_up = {{"patient_id", patient_},
                          {"measure", "corneometer"},
                          {"measured_on", "2026-11-16"},
                          {"time_point", "follow_up"},
                          {"value", 40}};
  refused(Post("/api/v1/measurements", early_follow_up.dump(), With(nurse_)), before,
          "/measured_on", "on or after the first session " + std::to_string(first_id));
  // A physician's session on 11-16 (the interval overridden) would become the first session
  // and change the follow-up's day count: refused, naming both.
  earlier["interval_override_reason"] = "entered late from the paper chart";
  refused(Post("/api/v1/sessions", earlier.dump(), With(doctor_)), before, "/performed_at",
          "before the first session " + std::to_string(first_id) + " (Nov 17, 2026); measurement " +
              Json(follow_up)["id"].dump() + " (Nov 18, 2026)");
}

// Issue #13: a second active plan on the same route needs the physician's reason.
TEST_F(SessionsTest, ASecondRunningPlanOnTheSameRouteNeedsAReason) {
  Activate();
  const int64_t second = IvPlan("2026-11-20", 1);
  const std::string path = "/api/v1/plans/" + std::to_string(second) + "/activate";
  const std::string before = testing::DumpTable(db_path_, "plans");
  auto r = Post(path, "", With(doctor_));
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_NE(Json(r)["error"]["message"].get<std::string>().find(
                "active plan " + std::to_string(plan_) + " on the same route"),
            std::string::npos)
      << r->body;
  EXPECT_EQ(Post(path, R"({"override_reason": "  "})", With(doctor_))->status, 400);
  EXPECT_EQ(testing::DumpTable(db_path_, "plans"), before);
  auto ok =
      Post(path, R"({"override_reason": "second course agreed with the patient"})", With(doctor_));
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Json(ok)["status"], "active");
  EXPECT_EQ(Json(ok)["activation_override"], "second course agreed with the patient");
  EXPECT_EQ(
      Json(Get("/api/v1/plans/" + std::to_string(plan_), With(doctor_)))["activation_override"],
      "");
}

}  // namespace
}  // namespace exo
