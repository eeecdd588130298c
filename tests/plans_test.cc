// Treatment plans over real HTTP: checks, activation gate, cost, iCalendar parsed by a real
// iCalendar parser (Debian's python3-icalendar).
#include <cstdio>
#include <fstream>

#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

class PlansTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                        "birth_date": "1974-03-02", "sex": "female", "weight_kg": 58.5})")
                   .value()
                   .id;
    lot_ =
        ImportLot("PLAN-LOT");  // adipose example: 8e9 particles/mL, 0.4 EU/mL, 2 mL vials, 5 vials
    RouteSet routes;
    routes.Add(Route::kIv);
    routes.Add(Route::kMicroneedle);
    app::ReleaseLot(*lots_, cli_, lot_, routes, {}).value();
  }
  json PlanBody(const std::string& route, int sessions = 3,
                const std::string& start = "2026-12-01") {
    const std::string site = route == "iv" ? "whole_body" : "face";
    return {{"goals", {"skin"}},    {"route", route},          {"sites", {site}},
            {"lot_id", lot_},       {"dose_particles", 8.0e9}, {"interval_days", 28},
            {"sessions", sessions}, {"start_date", start},     {"infusion_minutes", 30}};
  }
  httplib::Result CreatePlan(const json& body) {
    return Post("/api/v1/patients/" + std::to_string(patient_) + "/plans", body.dump(),
                With(doctor_));
  }
  bool HasCheck(const json& plan, const std::string& id) {
    for (const auto& c : plan["checks"])
      if (c["id"] == id) return true;
    return false;
  }
  int64_t Screen(const std::string& conditions_json,
                 const std::string& routes_json = R"(["iv", "microneedle"])") {
    return app::RecordScreening(*patients_, cli_, patient_,
                                R"({"schema": "exoclinic.intake/1", "age": 52, "weight_kg": 58.5,
                                    "planned_routes": )" +
                                    routes_json + R"(, "conditions": )" + conditions_json + "}")
        .value()
        .id;
  }
  testing::Login doctor_, nurse_;
  int64_t patient_ = 0, lot_ = 0;
};

TEST_F(PlansTest, ADraftListsEveryCheckAndCannotBeActivatedWithErrors) {
  auto r = CreatePlan(PlanBody("iv"));
  ASSERT_EQ(r->status, 201) << r->body;
  const json plan = Json(r);
  EXPECT_EQ(plan["status"], "draft");
  EXPECT_TRUE(HasCheck(plan, "screening_missing"));
  EXPECT_FALSE(plan["can_activate"].get<bool>());
  EXPECT_DOUBLE_EQ(plan["dose_ml"].get<double>(), 1.0);  // 8e9 / 8e9 per mL
  EXPECT_EQ(plan["schedule"].size(), 3u);
  EXPECT_EQ(plan["cost"]["per_session"], 180000);
  EXPECT_EQ(plan["cost"]["consumption_tax"], 54000);
  EXPECT_EQ(plan["cost"]["total"], 594000);
  EXPECT_EQ(plan["alternatives"][0]["id"], "no_treatment");
  const std::string id = std::to_string(plan["id"].get<int64_t>());
  auto act = Post("/api/v1/plans/" + id + "/activate", "", With(doctor_));
  EXPECT_EQ(act->status, 409);
  // Each error is named in words, at its place in the plan's checks (not by the rule's id).
  const json refusal = Json(act)["error"];
  EXPECT_EQ(refusal["id"], "err.plan_has_errors");
  bool screening = false;
  for (const auto& f : refusal["fields"])
    screening = screening || (f["field"].get<std::string>().rfind("/checks/", 0) == 0 &&
                              f["id"] == "plan.screening_missing");
  EXPECT_TRUE(screening) << refusal.dump();
  EXPECT_EQ(refusal["message"].get<std::string>().find("screening_missing"), std::string::npos);
  for (const auto& f : refusal["fields"])
    EXPECT_EQ(f["message"].get<std::string>().find("_"), std::string::npos) << f.dump();
  EXPECT_EQ(Json(Get("/api/v1/plans/" + id, With(nurse_)))["status"], "draft");
}

TEST_F(PlansTest, ScheduleSkipsClosedDays) {
  // 2026-12-29 .. 2027-01-03 are closed in rules/clinic.toml; 2027-01-04 is a Monday.
  const json plan = Json(CreatePlan(PlanBody("iv", 3, "2026-12-01")));
  EXPECT_EQ(plan["schedule"], json({"2026-12-01", "2027-01-04", "2027-02-01"}));
}

TEST_F(PlansTest, AnUnsignedContraindicationBlocksActivationUntilSignedOff) {
  const int64_t screening = Screen(R"(["keloid"])");  // contraindicates microneedling
  const json plan = Json(CreatePlan(PlanBody("microneedle")));
  EXPECT_TRUE(HasCheck(plan, "screening_not_signed_off"));
  bool mentions_route = false;
  for (const auto& c : plan["checks"])
    mentions_route =
        mentions_route || c["message"].get<std::string>().find(
                              "contraindication for Microneedle / device") != std::string::npos;
  EXPECT_TRUE(mentions_route);
  const std::string id = std::to_string(plan["id"].get<int64_t>());
  EXPECT_EQ(Post("/api/v1/plans/" + id + "/activate", "", With(doctor_))->status, 409);
  ASSERT_EQ(Post("/api/v1/screenings/" + std::to_string(screening) + "/sign-off",
                 R"({"note": "small keloid on the chest only; face is fine"})", With(doctor_))
                ->status,
            200);
  auto act = Post("/api/v1/plans/" + id + "/activate", "", With(doctor_));
  ASSERT_EQ(act->status, 200) << act->body;
  EXPECT_EQ(Json(act)["status"], "active");
  EXPECT_EQ(Json(act)["activated_by"], "dr.sato");
  EXPECT_EQ(Post("/api/v1/plans/" + id + "/activate", "", With(doctor_))->status, 409);
  EXPECT_EQ(Post("/api/v1/plans/" + id + "/activate", "", With(nurse_))->status, 403);
}

// Issue #13: an intake screened (and signed off) for topical use only says nothing the physician
// saw about microneedling; the plan's own route is screened again and the plan is refused.
TEST_F(PlansTest, AScreeningForOtherRoutesDoesNotCoverThePlansRoute) {
  const int64_t screening = Screen(R"(["keloid"])", R"(["topical"])");
  ASSERT_EQ(Post("/api/v1/screenings/" + std::to_string(screening) + "/sign-off",
                 R"({"note": "topical only"})", With(doctor_))
                ->status,
            200);
  const json plan = Json(CreatePlan(PlanBody("microneedle")));
  EXPECT_TRUE(HasCheck(plan, "screening_misses_route")) << plan["checks"];
  EXPECT_FALSE(plan["can_activate"].get<bool>());
  const std::string id = std::to_string(plan["id"].get<int64_t>());
  auto act = Post("/api/v1/plans/" + id + "/activate?lang=ja", "", With(doctor_));
  ASSERT_EQ(act->status, 409);
  const json ja = Json(Get("/api/v1/plans/" + id + "?lang=ja", With(doctor_)));
  std::string messages;
  for (const auto& c : ja["checks"]) messages += c["message"].get<std::string>() + "\n";
  EXPECT_NE(
      messages.find("外用・頭皮についてのもので、マイクロニードル・機器導入は確認されていません"),
      std::string::npos)
      << messages;
  EXPECT_NE(messages.find("禁忌が 1 件"), std::string::npos) << messages;
  EXPECT_EQ(Json(Get("/api/v1/plans/" + id, With(nurse_)))["status"], "draft");
  // Screened again including microneedling and signed off, the same plan can be activated.
  const int64_t again = Screen(R"(["keloid"])", R"(["topical", "microneedle"])");
  ASSERT_EQ(Post("/api/v1/screenings/" + std::to_string(again) + "/sign-off",
                 R"({"note": "keloid on the chest; face is fine"})", With(doctor_))
                ->status,
            200);
  EXPECT_EQ(Post("/api/v1/plans/" + id + "/activate", "", With(doctor_))->status, 200);
}

TEST_F(PlansTest, LotProblemsAreErrors) {
  Screen("[]");
  const json injection = Json(CreatePlan(PlanBody("injection")));  // not released for injection
  EXPECT_TRUE(HasCheck(injection, "lot_not_released"));
  const json late = Json(CreatePlan(PlanBody("iv", 12, "2026-12-01")));  // past 2027-08-02
  EXPECT_TRUE(HasCheck(late, "lot_expires_before_last_session"));
  EXPECT_TRUE(HasCheck(late, "stock_short"));  // 12 x 8e9 > 5 vials x 2 mL x 8e9
  json hot = PlanBody("iv");
  hot["dose_particles"] = 8.0e11;  // 100 mL at 0.4 EU/mL = 40 EU / 58.5 kg = 0.68 EU/kg/h: fine
  EXPECT_FALSE(HasCheck(Json(CreatePlan(hot)), "iv_endotoxin_over_k"));
  hot["dose_particles"] = 8.0e12;  // 1 L: 6.8 EU/kg/h
  EXPECT_TRUE(HasCheck(Json(CreatePlan(hot)), "iv_endotoxin_over_k"));
}

TEST_F(PlansTest, BadPlansAreRejectedAndStoreNothing) {
  const std::string before = testing::DumpTable(db_path_, "plans");
  json bad = PlanBody("iv");
  bad["interval_days"] = 0;
  bad["dose_particles"] = -1;
  auto r = CreatePlan(bad);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "/dose_particles");
  EXPECT_EQ(Json(r)["error"]["fields"][1]["field"], "/interval_days");
  json unknown_lot = PlanBody("iv");
  unknown_lot["lot_id"] = 999;
  auto u = CreatePlan(unknown_lot);
  EXPECT_EQ(u->status, 400);
  EXPECT_EQ(Json(u)["error"]["fields"][0]["field"], "/lot_id");
  json past = PlanBody("iv", 3, "2026-01-01");
  EXPECT_EQ(Json(CreatePlan(past))["error"]["fields"][0]["field"], "/start_date");
  EXPECT_EQ(Post("/api/v1/patients/999/plans", PlanBody("iv").dump(), With(doctor_))->status, 404);
  EXPECT_EQ(testing::DumpTable(db_path_, "plans"), before);
}

TEST_F(PlansTest, ScheduleExportsAsICalendarThatARealParserReads) {
  const json plan = Json(CreatePlan(PlanBody("iv", 3, "2026-12-01")));
  const std::string id = std::to_string(plan["id"].get<int64_t>());
  auto ics = Get("/api/v1/plans/" + id + "/schedule.ics?lang=ja", With(nurse_));
  ASSERT_EQ(ics->status, 200);
  EXPECT_EQ(ics->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  const std::string path = dir_.File("plan.ics");
  std::ofstream(path, std::ios::binary) << ics->body;
  const std::string cmd =
      "/usr/bin/python3 -c \"import icalendar,sys; "
      "c=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()); "
      "print(';'.join(str(e.get('dtstart').dt)+'|'+str(e.get('summary')) for e in "
      "c.walk('VEVENT')))\" " +
      path;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  std::string out;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ASSERT_EQ(pclose(p), 0) << "python3-icalendar could not parse:\n" << ics->body;
  EXPECT_EQ(out,
            "2026-12-01|エクソソーム施術 1/3 回目（iv）;2027-01-04|エクソソーム施術 2/3 回目（iv）;"
            "2027-02-01|エクソソーム施術 3/3 回目（iv）\n");
}

}  // namespace
}  // namespace exo
