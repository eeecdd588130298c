// Reads change nothing but the audit log (issue #12): showing and listing lots, plans and
// patients, through the use cases and over HTTP, leave every other table as it was — even a lot
// past its expiry date stays as it is until the expiry job runs. The expiry job itself: at the
// server's start and once per day of the clock (the clock is a FakeClock; nothing sleeps).
#include <chrono>
#include <thread>

#include "app/expire_lots.h"
#include "app/lot_json.h"
#include "app/patients.h"
#include "app/plans.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

// Every table but the audit log (reads append to it; nothing else may change).
std::string DumpAllButAudit(const std::string& path) {
  std::string all = testing::DumpAllTables(path);
  const size_t start = all.find("# audit_log\n");
  if (start == std::string::npos) return all;
  const size_t end = all.find("\n# ", start + 1);
  return all.erase(start, end == std::string::npos ? std::string::npos : end + 1 - start);
}

class ReadsAndExpiryTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                        "birth_date": "1974-03-02", "sex": "female"})")
                   .value()
                   .id;
    lot_ = ImportExpiring("EXPIRES-SOON", "2026-12-01");
    RouteSet routes;
    routes.Add(Route::kMicroneedle);
    app::ReleaseLot(*lots_, cli_, lot_, routes, {}).value();
    const json plan = {{"goals", {"skin"}}, {"route", "microneedle"},    {"sites", {"face"}},
                       {"lot_id", lot_},    {"dose_particles", 8.0e9},   {"interval_days", 28},
                       {"sessions", 1},     {"start_date", "2026-11-26"}};
    plan_ = app::CreatePlan(*plans_, Doctor(), patient_, plan.dump()).value().plan.id;
  }
  // Imports a lot of `clinic` expiring on `expires_on` (today is 2026-11-24).
  int64_t ImportExpiring(const std::string& number, const std::string& expires_on,
                         int64_t clinic = 1) {
    auto doc = json::parse(CertificateText(number));
    doc["lot"]["expires_on"] = expires_on;
    app::Actor a = cli_;
    a.clinic_id = clinic;
    return app::ImportLot(*lots_, a, doc.dump(), 5).value().lot.id;
  }
  std::string LotState(int64_t id, int64_t clinic = 1) {
    return std::string(
        product::LotStateName(stores_->lot_reader.FindLot(clinic, id).value().state));
  }
  testing::Login doctor_;
  int64_t patient_ = 0, lot_ = 0, plan_ = 0;
};

TEST_F(ReadsAndExpiryTest, ReadingLotsPlansAndPatientsChangesNoTableButTheAuditLog) {
  clock_.Set(*Date::Parse("2026-12-10"));  // the lot is now past its date
  const std::string before = DumpAllButAudit(db_path_);
  const size_t audit_before = Audit().size();

  EXPECT_EQ(app::ShowLot(*lots_, cli_, lot_).value().lot.state, product::LotState::kReleased);
  EXPECT_EQ(app::ListLots(*lots_, cli_, {}).value().size(), 1u);
  EXPECT_EQ(app::ListLotViews(*lots_, cli_, {}).value().size(), 1u);
  EXPECT_EQ(app::ShowPlan(*plans_, cli_, plan_).value().plan.id, plan_);
  EXPECT_EQ(app::ListPlans(*plans_, cli_, patient_).value().size(), 1u);
  EXPECT_EQ(app::ShowPatient(*patients_, cli_, patient_).value().id, patient_);
  EXPECT_EQ(DumpAllButAudit(db_path_), before);

  const std::string lot = "/api/v1/lots/" + std::to_string(lot_);
  const std::string patient = "/api/v1/patients/" + std::to_string(patient_);
  for (const std::string& path : {lot, std::string("/api/v1/lots"), patient, patient + "/plans",
                                  "/api/v1/plans/" + std::to_string(plan_)}) {
    auto r = Get(path, With(doctor_));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << "\n" << r->body;
  }
  EXPECT_EQ(Json(Get(lot, With(doctor_)))["state"], "released");
  EXPECT_EQ(DumpAllButAudit(db_path_), before);
  EXPECT_GT(Audit().size(), audit_before);  // the reads of patient data are audited
}

// Issue #17: a lot read keeps the certificate and QC report it rendered (app/lot_report_cache.h)
// but never serves them stale: a release, a recall, a rule change and a new day each show in
// the very next read, and every read is audited.
TEST_F(ReadsAndExpiryTest, LotReadsShowAReleaseARecallARuleChangeAndANewDayAtOnce) {
  Shutdown();  // the server reloads the rules after a save, as `exoclinic serve` does
  server::ServerOptions options;
  options.reload_rules = [this] { return app::ReloadRuleSet(rule_set_, dir_.File("rules")); };
  Start(options);
  const auto admin = SessionFor(AddUser("admin.rules", "admin"));
  const int64_t lot = ImportExpiring("CACHED", "2026-12-20");
  const std::string path = "/api/v1/lots/" + std::to_string(lot) + "?lang=en";
  const auto read = [&] {
    auto r = Get(path, With(doctor_));
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no reply");
    return Json(r);
  };
  const auto criterion = [](const json& j, const std::string& id) {
    for (const auto& c : j["qc"]["criteria"])
      if (c["id"] == id) return c;
    return json();
  };
  const size_t audit_before = Audit().size();
  json j = read();
  EXPECT_EQ(read(), j);  // the second read is served from the cache, identical
  EXPECT_EQ(j["state"], "quarantined");
  EXPECT_EQ(j["certificate"]["lot"]["number"], "CACHED");
  EXPECT_EQ(j["qc"]["derived"]["days_to_expiry"], 26);
  EXPECT_EQ(services_->lot_reports.Size(), 1u);

  RouteSet topical;
  topical.Add(Route::kTopical);
  app::ReleaseLot(*lots_, cli_, lot, topical, {}).value();
  j = read();
  EXPECT_EQ(j["state"], "released");
  EXPECT_EQ(j["released_routes"], json({"topical"}));
  EXPECT_EQ(j["events"].size(), 2u);

  clock_.Set(*Date::Parse("2026-11-25"));  // a new day
  j = read();
  EXPECT_EQ(j["qc"]["evaluated_on"], "2026-11-25");
  EXPECT_EQ(j["qc"]["derived"]["days_to_expiry"], 25);

  // A rule change saved through the settings page applies to the next read.
  const std::string qc_path = dir_.File("rules") + "/qc.toml";
  std::string toml = app::ReadTextFile(qc_path).value();
  const std::string title = R"(title.en = "Within expiry")";
  ASSERT_NE(toml.find(title), std::string::npos);
  toml.replace(toml.find(title), title.size(), R"(title.en = "Within its expiry date")");
  auto saved = Post("/api/v1/settings/rules/qc", json{{"text", toml}}.dump(), With(admin));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["applies"], "now");
  EXPECT_EQ(criterion(read(), "lot.not_expired")["title"], "Within its expiry date");

  auto recalled = Post("/api/v1/lots/" + std::to_string(lot) + "/recall",
                       R"({"reason": "supplier notice"})", With(doctor_));
  ASSERT_EQ(recalled->status, 200) << recalled->body;
  j = read();
  EXPECT_EQ(j["state"], "recalled");
  EXPECT_EQ(j["qc"]["lot_state_blocks"], "recalled");
  EXPECT_EQ(j["qc"]["verdict"]["topical"], "not_releasable");

  // A change made by another connection (the sqlite3 shell, another process) shows at once too:
  // the database itself bumps the lot's revision (schema.cc, lots.revision).
  const std::string id = std::to_string(lot);
  ASSERT_TRUE(testing::ExecOnOtherConnection(
      db_path_, "UPDATE lots SET vials_in_stock = 2 WHERE id = " + id));
  EXPECT_EQ(read()["vials_in_stock"], 2);
  ASSERT_TRUE(testing::ExecOnOtherConnection(
      db_path_, "UPDATE lot_events SET reason = 'supplier notice 2026-11' WHERE lot_id = " + id +
                    " AND action = 'recall'"));
  EXPECT_EQ(read()["events"].back()["reason"], "supplier notice 2026-11");
  // So does a staff member's new display name, which the lot's history shows.
  ASSERT_TRUE(testing::ExecOnOtherConnection(
      db_path_, "UPDATE users SET display_name = '佐藤 次郎' WHERE username = 'dr.sato'"));
  j = read();
  EXPECT_EQ(j["events"].back()["actor"], "dr.sato");
  EXPECT_EQ(j["events"].back()["actor_name"], "佐藤 次郎");
  EXPECT_EQ(read(), j);  // and is kept again

  // The same text as a cold read renders (LotViewToJson of ShowLot).
  EXPECT_EQ(j, app::LotViewToJson(app::ShowLot(*lots_, cli_, lot).value(), Lang::kEn));
  size_t reads = 0;
  for (const auto& e : Audit())
    if (e.id > static_cast<int64_t>(audit_before) && e.action == "lot.read" &&
        e.object == "lot/" + std::to_string(lot))
      ++reads;
  EXPECT_EQ(reads, 11u);  // ten over HTTP, one through the use case
}

// Issue #17: a lot read by API token is answered on the transport's own threads, in one read
// transaction. A lot shows no patient data, so its reply does not wait for its audit entry
// (docs/architecture.md, "Audit durability"): the entry is on disk moments later, and a server
// that stops stores every entry still waiting. A refusal's entry is on disk before its reply.
// It answers as the session read does, and every refusal on that path is the same as elsewhere.
TEST_F(ReadsAndExpiryTest, ALotReadByTokenIsAuditedMomentsLaterAndItsRefusalsBeforeTheReply) {
  auto made = Post("/api/v1/tokens", R"({"name": "lab sync", "role": "physician"})", With(doctor_));
  ASSERT_EQ(made->status, 201) << made->body;
  const httplib::Headers bearer{
      {"Authorization", "Bearer " + Json(made)["token"].get<std::string>()}};
  const std::string path = "/api/v1/lots/" + std::to_string(lot_);
  const std::string reads = "audit_log WHERE action = 'lot.read' AND object = 'lot/" +
                            std::to_string(lot_) + "' AND actor LIKE 'dr.sato#token%'";
  const std::string before = DumpAllButAudit(db_path_);
  const auto stored_within_a_second = [&](int n) {
    for (int i = 0; i < 200 && testing::CountRows(db_path_, reads) < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return testing::CountRows(db_path_, reads);
  };
  for (int i = 1; i <= 20; ++i) {
    auto r = Get(path, bearer);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(stored_within_a_second(i), i);
  }
  for (int i = 0; i < 30; ++i) ASSERT_EQ(Get(path, bearer)->status, 200);
  Shutdown();
  Start(server::ServerOptions{});  // the old stores close: what waited is written
  EXPECT_EQ(testing::CountRows(db_path_, reads), 50);
  EXPECT_EQ(Json(Get(path, bearer)), Json(Get(path, With(doctor_))));
  auto head = client_->Head(path, bearer);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(DumpAllButAudit(db_path_), before);

  const auto denied = [&](const std::string& why) {
    return testing::CountRows(db_path_,
                              "audit_log WHERE outcome = 'denied' AND detail = '" + why + "'");
  };
  // An id that is not there (or another clinic's): 404, and the probe is audited.
  const int not_found = denied("not found");
  EXPECT_EQ(Get("/api/v1/lots/987654", bearer)->status, 404);
  EXPECT_EQ(denied("not found"), not_found + 1);
  // A token whose role may not read lots: 403, audited.
  auto analyst = Post("/api/v1/tokens", R"({"name": "stats", "role": "analyst"})", With(doctor_));
  ASSERT_EQ(analyst->status, 201) << analyst->body;
  const size_t audit_before = Audit().size();
  auto refused =
      Get(path, {{"Authorization", "Bearer " + Json(analyst)["token"].get<std::string>()}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Audit().size(), audit_before + 1);
  EXPECT_EQ(Audit().back().outcome, store::AuditOutcome::kDenied);
  // No credentials, or a wrong one: 401 in the reader's language.
  EXPECT_EQ(Get(path)->status, 401);
  auto wrong = Get(path + "?lang=ja", {{"Authorization", "Bearer " + std::string(64, 'a')}});
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(Json(wrong)["error"]["message"].get<std::string>().find_first_of("\xe3"),
            std::string::npos)
      << wrong->body;
}

// An audit export made just after a lot read shows that read, although the read's reply did not
// wait for its entry: the export waits for the entries still gathered
// (store::AuditReaderAfterWriter).
TEST_F(ReadsAndExpiryTest, AnAuditExportJustAfterALotReadShowsIt) {
  const auto admin = SessionFor(AddUser("ad.kato", "admin"));
  const std::string path = "/api/v1/lots/" + std::to_string(lot_);
  const auto reads_in = [](const std::string& csv) {
    int n = 0;
    for (size_t at = csv.find("lot.read"); at != std::string::npos;
         at = csv.find("lot.read", at + 1))
      ++n;
    return n;
  };
  for (int i = 1; i <= 20; ++i) {
    ASSERT_EQ(Get(path, With(doctor_))->status, 200);
    auto csv = Get("/api/v1/audit/export?bom=0", With(admin));
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200) << csv->body;
    EXPECT_EQ(reads_in(csv->body), i) << "read " << i;
  }
}

TEST_F(ReadsAndExpiryTest, TheDailyExpiryRunsOncePerDayOfTheClockForEveryClinic) {
  const int64_t clinic2 = stores_->clinics.InsertClinic("second clinic").value();
  const int64_t other = ImportExpiring("OTHER-CLINIC", "2026-12-05", clinic2);
  app::DailyLotExpiry expiry(*lots_, stores_->clinics);

  // Start-up on 2026-11-24: nothing is due yet; a second look the same day does nothing.
  EXPECT_EQ(expiry.RunIfDue().value(), std::optional<int>(0));
  EXPECT_EQ(expiry.RunIfDue().value(), std::nullopt);

  clock_.Set(*Date::Parse("2026-12-02"));  // the first lot's date has passed
  EXPECT_EQ(expiry.RunIfDue().value(), std::optional<int>(1));
  EXPECT_EQ(LotState(lot_), "expired");
  EXPECT_EQ(LotState(other, clinic2), "quarantined");
  EXPECT_EQ(Audit().back().action, "lot.expire");
  EXPECT_EQ(Audit().back().actor, "system");
  EXPECT_EQ(Audit().back().object, "lot/" + std::to_string(lot_));
  EXPECT_EQ(expiry.RunIfDue().value(), std::nullopt);  // once a day

  clock_.Set(*Date::Parse("2026-12-06"));
  EXPECT_EQ(expiry.RunIfDue().value(), std::optional<int>(1));
  EXPECT_EQ(LotState(other, clinic2), "expired");
  EXPECT_EQ(Audit().back().clinic_id, clinic2);
}

TEST_F(ReadsAndExpiryTest, AnExpiredLotCannotBeReleasedOrUsedForAPlanSession) {
  clock_.Set(*Date::Parse("2026-12-02"));
  EXPECT_EQ(app::ExpireDueLots(*lots_, stores_->clinics).value(), 1);
  EXPECT_EQ(app::ExpireDueLots(*lots_, stores_->clinics).value(), 0);  // nothing left to do
  RouteSet routes;
  routes.Add(Route::kTopical);
  auto release = app::ReleaseLot(*lots_, cli_, lot_, routes, {});
  ASSERT_FALSE(release.has_value());
  EXPECT_EQ(release.error().code, ErrorCode::kConflict);
  EXPECT_EQ(LotState(lot_), "expired");
}

}  // namespace
}  // namespace exo
