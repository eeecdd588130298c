// Patients and screenings over real HTTP: validation, audit of reads, sign-off, clinic walls.
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

constexpr const char* kHanako =
    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": "1974-03-02",
        "sex": "female", "phone": "03-1234-5678", "weight_kg": 58.5})";

class PatientsTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    desk_ = SessionFor(AddUser("desk.abe", "reception"));
  }
  testing::Login nurse_, doctor_, desk_;
};

TEST_F(PatientsTest, RegisterReadAndSearchAreAuditedWithoutNames) {
  auto created = Post("/api/v1/patients", kHanako, With(desk_));
  ASSERT_EQ(created->status, 201) << created->body;
  const json p = Json(created);
  EXPECT_EQ(p["patient_number"], "P000001");
  EXPECT_EQ(p["age"], 52);
  const std::string id = std::to_string(p["id"].get<int64_t>());
  ASSERT_EQ(Get("/api/v1/patients/" + id, With(nurse_))->status, 200);
  EXPECT_EQ(Audit().back().action, "patient.read");
  EXPECT_EQ(Audit().back().object, "patient/" + id);
  EXPECT_EQ(Audit().back().actor, "nurse.ito");
  auto found = Get("/api/v1/patients?q=%E3%83%8F%E3%83%8A%E3%82%B3", With(desk_));  // ハナコ
  ASSERT_EQ(found->status, 200);
  EXPECT_EQ(Json(found)["patients"].size(), 1u);
  EXPECT_EQ(Audit().back().action, "patient.search");
  EXPECT_EQ(Json(Get("/api/v1/patients?q=zzz", With(desk_)))["patients"].size(), 0u);
  const std::string audit = testing::DumpTable(db_path_, "audit_log");
  EXPECT_EQ(audit.find("花子"), std::string::npos);
  EXPECT_EQ(audit.find("ハナコ"), std::string::npos);
}

// Issue #13: `wieght_kg` is not silently dropped; a Shift_JIS body is named as such.
TEST_F(PatientsTest, MisspeltMembersAndShiftJisAreRefusedAndNothingIsStored) {
  const std::string before = testing::DumpTable(db_path_, "patients");
  json typo = json::parse(kHanako);
  typo["wieght_kg"] = typo["weight_kg"];
  typo.erase("weight_kg");
  auto r = Post("/api/v1/patients", typo.dump(), With(nurse_));
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "/wieght_kg");
  EXPECT_NE(Json(r)["error"]["fields"][0]["message"].get<std::string>().find(
                "did you mean \"weight_kg\""),
            std::string::npos)
      << r->body;
  // 「山田」 in Shift_JIS (0x8E 0x52 0x93 0x63), as a spreadsheet export on Windows may save it.
  const std::string sjis = R"({"name_kanji":")" + std::string("\x8E\x52\x93\x63") +
                           R"(","name_kana":"ヤマダ","birth_date":"1974-03-02","sex":"female"})";
  auto s = Post("/api/v1/patients?lang=ja", sjis, With(nurse_));
  ASSERT_EQ(s->status, 400);
  EXPECT_EQ(Json(s)["error"]["fields"][0]["field"], "/");
  EXPECT_NE(Json(s)["error"]["fields"][0]["message"].get<std::string>().find("Shift_JIS"),
            std::string::npos)
      << s->body;
  EXPECT_EQ(testing::DumpTable(db_path_, "patients"), before);
}

// Issue #13: the same name (or kana) and birth date again is flagged for the person to confirm;
// nothing is stored until they do, and the program never confirms it for them.
TEST_F(PatientsTest, ALikelyDuplicateIsRegisteredOnlyAfterThePersonConfirmsItIsSomeoneElse) {
  auto first = Post("/api/v1/patients", kHanako, With(desk_));
  ASSERT_EQ(first->status, 201) << first->body;
  const std::string before = testing::DumpTable(db_path_, "patients");
  // Same kanji with an ideographic space, other kana: flagged, naming the existing record.
  json again = json::parse(kHanako);
  again["name_kanji"] = "山田\u3000花子";
  again["name_kana"] = "ヤマダ ハナ";
  auto flagged = Post("/api/v1/patients?lang=ja", again.dump(), With(desk_));
  ASSERT_EQ(flagged->status, 409) << flagged->body;
  const json error = Json(flagged)["error"];
  EXPECT_EQ(error["id"], "err.patient_likely_duplicate");
  EXPECT_NE(error["message"].get<std::string>().find("P000001 山田 花子"), std::string::npos)
      << flagged->body;
  EXPECT_NE(error["message"].get<std::string>().find("同じ生年月日"), std::string::npos);
  EXPECT_EQ(error["fields"][0]["field"], "/confirmed_distinct");
  // Same kana only (another kanji), and an explicit "false": still flagged.
  json kana = json::parse(kHanako);
  kana["name_kanji"] = "山田 華子";
  kana["confirmed_distinct"] = false;
  EXPECT_EQ(Post("/api/v1/patients", kana.dump(), With(desk_))->status, 409);
  json wrong_type = again;
  wrong_type["confirmed_distinct"] = "yes";
  auto typed = Post("/api/v1/patients", wrong_type.dump(), With(desk_));
  ASSERT_EQ(typed->status, 400);
  EXPECT_EQ(Json(typed)["error"]["fields"][0]["field"], "/confirmed_distinct");
  EXPECT_EQ(testing::DumpTable(db_path_, "patients"), before);
  // Another birth date is another person: no question.
  json other_day = again;
  other_day["birth_date"] = "1974-03-03";
  EXPECT_EQ(Post("/api/v1/patients", other_day.dump(), With(desk_))->status, 201);
  // Confirmed by the person: registered, and the audit entry says so by patient number only.
  again["confirmed_distinct"] = true;
  auto confirmed = Post("/api/v1/patients", again.dump(), With(desk_));
  ASSERT_EQ(confirmed->status, 201) << confirmed->body;
  EXPECT_EQ(Json(confirmed)["name_kanji"], "山田\u3000花子");
  EXPECT_EQ(Audit().back().action, "patient.create");
  EXPECT_EQ(Audit().back().detail, "confirmed distinct from P000001");
  EXPECT_EQ(testing::DumpTable(db_path_, "audit_log").find("花子"), std::string::npos);
}

TEST_F(PatientsTest, ImpossibleValuesAreRejectedAndNothingIsStored) {
  const std::string before = testing::DumpData(db_path_) + testing::DumpTable(db_path_, "patients");
  json bad = json::parse(kHanako);
  bad["birth_date"] = "2031-01-01";
  bad["weight_kg"] = 0;
  auto r = Post("/api/v1/patients", bad.dump(), With(nurse_));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "/birth_date");
  EXPECT_EQ(Json(r)["error"]["fields"][1]["field"], "/weight_kg");
  EXPECT_EQ(Post("/api/v1/patients", "{", With(nurse_))->status, 400);
  EXPECT_EQ(testing::DumpData(db_path_) + testing::DumpTable(db_path_, "patients"), before);
  ASSERT_EQ(Post("/api/v1/patients", kHanako, With(nurse_))->status, 201);
  json dup = json::parse(kHanako);
  dup["patient_number"] = "P000001";
  EXPECT_EQ(Post("/api/v1/patients", dup.dump(), With(nurse_))->status, 409);
}

// Numbers the clinic did not give are one past its highest six-digit P-number; a number of
// another form beside them is kept as given and does not disturb the count.
TEST_F(PatientsTest, PatientNumbersFollowTheHighestSixDigitNumber) {
  const auto register_as = [this](const std::string& number, const std::string& kana) {
    json p = json::parse(kHanako);
    p["name_kanji"] = "患者 " + kana;
    p["name_kana"] = "カンジャ " + kana;
    if (!number.empty()) p["patient_number"] = number;
    auto r = Post("/api/v1/patients", p.dump(), With(desk_));
    EXPECT_EQ(r->status, 201) << r->body;
    return Json(r)["patient_number"].get<std::string>();
  };
  EXPECT_EQ(register_as("", "イチ"), "P000001");
  EXPECT_EQ(register_as("P000041", "ニ"), "P000041");
  EXPECT_EQ(register_as("", "サン"), "P000042");
  EXPECT_EQ(register_as("P7", "ヨン"), "P7");
  EXPECT_EQ(register_as("K-900", "ゴ"), "K-900");
  EXPECT_EQ(register_as("", "ロク"), "P000043");
}

TEST_F(PatientsTest, ScreeningIsRecordedThenSignedOffOnceByAPhysician) {
  const std::string id =
      std::to_string(Json(Post("/api/v1/patients", kHanako, With(desk_)))["id"].get<int64_t>());
  const std::string intake =
      R"({"schema": "exoclinic.intake/1", "age": 52, "weight_kg": 58.5, "conditions": ["keloid"],
          "planned_routes": ["microneedle", "injection"], "medications": ["aspirin"]})";
  auto rec = Post("/api/v1/patients/" + id + "/screenings", intake, With(nurse_));
  ASSERT_EQ(rec->status, 201) << rec->body;
  const json r = Json(rec);
  EXPECT_EQ(r["contraindicated_routes"], "microneedle");
  EXPECT_FALSE(r["signed_off"].get<bool>());
  const std::string sid = std::to_string(r["id"].get<int64_t>());
  // Reception sees the patient, not the screening; nurses cannot sign off.
  EXPECT_EQ(Get("/api/v1/patients/" + id + "/screenings", With(desk_))->status, 403);
  EXPECT_EQ(
      Post("/api/v1/screenings/" + sid + "/sign-off", R"({"note": "ok"})", With(nurse_))->status,
      403);
  auto empty = Post("/api/v1/screenings/" + sid + "/sign-off", R"({"note": "  "})", With(doctor_));
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(Json(empty)["error"]["fields"][0]["field"], "note");
  auto signed_off =
      Post("/api/v1/screenings/" + sid + "/sign-off",
           R"({"note": "keloid: no microneedling; injection reviewed"})", With(doctor_));
  ASSERT_EQ(signed_off->status, 200) << signed_off->body;
  EXPECT_EQ(Json(signed_off)["signed_off_by"], "dr.sato");
  EXPECT_EQ(Post("/api/v1/screenings/" + sid + "/sign-off", R"({"note": "again"})", With(doctor_))
                ->status,
            409);
  auto list = Json(Get("/api/v1/patients/" + id + "/screenings", With(nurse_)));
  ASSERT_EQ(list["screenings"].size(), 1u);
  EXPECT_TRUE(list["screenings"][0]["signed_off"].get<bool>());
  EXPECT_EQ(list["screenings"][0]["result"]["flags"][0]["rule"], "keloid_microneedle");
  auto bad = Post("/api/v1/patients/" + id + "/screenings",
                  R"({"schema": "exoclinic.intake/1", "age": "old"})", With(nurse_));
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Json(bad)["error"]["fields"][0]["field"], "/age");
}

TEST_F(PatientsTest, TheOverviewIsOneReadWithOneAuditEntryAndNoClinicalDataForReception) {
  const std::string id =
      std::to_string(Json(Post("/api/v1/patients", kHanako, With(desk_)))["id"].get<int64_t>());
  ASSERT_EQ(Post("/api/v1/patients/" + id + "/screenings",
                 R"({"schema": "exoclinic.intake/1", "age": 52, "conditions": ["keloid"],
                     "planned_routes": ["microneedle"]})",
                 With(nurse_))
                ->status,
            201);
  const size_t before = Audit().size();
  auto r = Get("/api/v1/patients/" + id + "/overview", With(nurse_));
  ASSERT_EQ(r->status, 200) << r->body;
  const json o = Json(r);
  EXPECT_EQ(o["patient"]["name_kanji"], "山田 花子");
  ASSERT_EQ(o["screenings"].size(), 1u);
  EXPECT_EQ(o["screenings"][0]["result"]["flags"][0]["rule"], "keloid_microneedle");
  EXPECT_EQ(o["screenings"][0]["intake"]["conditions"][0], "keloid");
  EXPECT_EQ(o["plans"].size(), 0u);
  EXPECT_EQ(o["timeline"].size(), 1u);
  EXPECT_FALSE(o["conditions"].empty());
  EXPECT_FALSE(o["measures"].empty());
  // One entry for the whole read, naming the patient, not one per part.
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), before + 1);
  EXPECT_EQ(audit.back().action, "patient.overview.read");
  EXPECT_EQ(audit.back().object, "patient/" + id);
  auto desk = Get("/api/v1/patients/" + id + "/overview", With(desk_));
  EXPECT_EQ(desk->status, 403);
  EXPECT_EQ(desk->body.find("keloid"), std::string::npos);
  const int64_t clinic2 = stores_->clinics.InsertClinic("Clinic B").value();
  EXPECT_EQ(Get("/api/v1/patients/" + id + "/overview",
                With(SessionFor(AddUser("nurse.b", "nurse", clinic2))))
                ->status,
            404);
}

TEST_F(PatientsTest, TheDashboardIsShapedByTheRoleAndNamesPatients) {
  const std::string id =
      std::to_string(Json(Post("/api/v1/patients", kHanako, With(desk_)))["id"].get<int64_t>());
  ASSERT_EQ(Post("/api/v1/patients/" + id + "/screenings",
                 R"({"schema": "exoclinic.intake/1", "age": 52})", With(nurse_))
                ->status,
            201);
  const json desk = Json(Get("/api/v1/dashboard", With(desk_)));
  EXPECT_TRUE(desk.contains("today"));
  EXPECT_FALSE(desk.contains("followups"));
  EXPECT_FALSE(desk.contains("sign_offs"));
  EXPECT_FALSE(desk.contains("alerts"));
  const json nurse = Json(Get("/api/v1/dashboard", With(nurse_)));
  EXPECT_TRUE(nurse.contains("followups"));
  EXPECT_FALSE(nurse.contains("sign_offs"));
  const json doctor = Json(Get("/api/v1/dashboard", With(doctor_)));
  ASSERT_EQ(doctor["sign_offs"].size(), 1u);
  EXPECT_EQ(doctor["sign_offs"][0]["patient"]["name_kanji"], "山田 花子");
  EXPECT_EQ(doctor["sign_offs"][0]["patient"]["patient_number"], "P000001");
  EXPECT_TRUE(doctor.contains("signals"));
  EXPECT_EQ(Get("/api/v1/dashboard?date=2026-13-01", With(doctor_))->status, 400);
}

TEST_F(PatientsTest, AnotherClinicsPatientIsNotFoundAndTheProbeIsAudited) {
  const std::string id =
      std::to_string(Json(Post("/api/v1/patients", kHanako, With(desk_)))["id"].get<int64_t>());
  const int64_t clinic2 = stores_->clinics.InsertClinic("Clinic B").value();
  testing::Login other = SessionFor(AddUser("nurse.b", "nurse", clinic2));
  EXPECT_EQ(Get("/api/v1/patients/" + id, With(other))->status, 404);
  EXPECT_EQ(Audit().back().outcome, store::AuditOutcome::kDenied);
  EXPECT_EQ(Audit().back().actor, "nurse.b");
  EXPECT_EQ(Post("/api/v1/patients/" + id + "/screenings", R"({"schema": "exoclinic.intake/1"})",
                 With(other))
                ->status,
            404);
  EXPECT_EQ(Json(Get("/api/v1/patients", With(other)))["patients"].size(), 0u);
}

}  // namespace
}  // namespace exo
