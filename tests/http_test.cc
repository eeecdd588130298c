// The HTTP API against a real server on a loopback port, with a real SQLite file.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/clock.h"
#include "app/lots.h"
#include "app/rules.h"
#include "db_dump.h"
#include "server/server.h"
#include "server_fixture.h"
#include "temp_dir.h"

namespace exo {
namespace {

using nlohmann::json;

// Acts as a fixed actor (like an API token: no CSRF), or as nobody.
class FixedAuthenticator final : public server::Authenticator {
 public:
  std::optional<app::Actor> actor;
  Result<std::optional<app::Authenticated>> Authenticate(
      const server::RequestInfo&) const override {
    if (!actor) return std::optional<app::Authenticated>();
    return std::optional<app::Authenticated>(app::Authenticated{*actor, false, "", ""});
  }
};

std::string Certificate(const std::string& lot_number, const std::string& change = "") {
  json doc = json::parse(
      app::ReadTextFile(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json")
          .value());
  doc["lot"]["number"] = lot_number;
  if (change == "no_endotoxin") doc["tests"].erase("endotoxin_eu_per_ml");
  if (change == "plant") {
    doc["product"]["origin"]["species"] = "plant";
    doc.erase("donor");
  }
  return doc.dump();
}

class HttpTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    auth_.actor = app::Actor{"dr.test", app::ActorRole::kPhysician, 1, 0};
    authenticator_override_ = &auth_;
    ServerFixture::SetUp();
  }

  json Body(const httplib::Result& r) {
    EXPECT_TRUE(r) << "no response";
    if (!r) return json();
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8") << r->body;
    return json::parse(r->body, nullptr, false);
  }
  int64_t Import(const std::string& lot_number, const std::string& change = "") {
    auto r =
        client_->Post("/api/v1/lots?vials=10", Certificate(lot_number, change), "application/json");
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"].get<int64_t>();
  }
  std::string Data() { return testing::DumpData(db_path_); }
  int AuditCount() { return static_cast<int>(stores_->audit_reader.ListAudit(0, 100000)->size()); }

  FixedAuthenticator auth_;
};

TEST_F(HttpTest, HealthAndSecurityHeaders) {
  auto r = client_->Get("/api/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["status"], "ok");
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  auto missing = client_->Get("/no/such/page");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(missing->get_header_value_count("Cache-Control"), 1u);
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("医師"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
}

TEST_F(HttpTest, ImportListShowReleaseRecall) {
  const int64_t id = Import("L-1");
  auto list = Body(client_->Get("/api/v1/lots"));
  ASSERT_EQ(list["lots"].size(), 1u);
  EXPECT_EQ(list["lots"][0]["state"], "quarantined");
  EXPECT_EQ(list["lots"][0]["vials_in_stock"], 10);

  auto show = Body(client_->Get("/api/v1/lots/" + std::to_string(id) + "?lang=ja"));
  EXPECT_EQ(show["lot_number"], "L-1");
  EXPECT_EQ(show["state_label"], "隔離保管");
  EXPECT_EQ(show["qc"]["verdict"]["iv"], "releasable");
  EXPECT_EQ(show["certificate"]["lot"]["number"], "L-1");
  EXPECT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["actor"], "dr.test");
  // No user dr.test: the login in parentheses, never shown as if it were a name (#14).
  EXPECT_EQ(show["events"][0]["actor_name"], "(dr.test)");

  auto released = client_->Post("/api/v1/lots/" + std::to_string(id) + "/release",
                                R"({"routes": ["injection", "topical"]})", "application/json");
  ASSERT_EQ(released->status, 200) << released->body;
  auto rel = Body(released);
  EXPECT_EQ(rel["state"], "released");
  EXPECT_EQ(rel["released_routes"], json({"injection", "topical"}));
  EXPECT_FALSE(rel["has_override"].get<bool>());

  auto recalled = client_->Post("/api/v1/lots/" + std::to_string(id) + "/recall",
                                R"({"reason": "supplier notice"})", "application/json");
  ASSERT_EQ(recalled->status, 200) << recalled->body;
  EXPECT_EQ(Body(recalled)["lot"]["state"], "recalled");
  EXPECT_EQ(Body(recalled)["affected"].size(), 0u);
  auto again = client_->Post("/api/v1/lots/" + std::to_string(id) + "/release",
                             R"({"routes": ["topical"]})", "application/json");
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(Body(again)["error"]["code"], "conflict");
}

TEST_F(HttpTest, NotReleasableNeedsOverrideWhichStaysVisible) {
  const int64_t id = Import("L-2", "no_endotoxin");
  const std::string url = "/api/v1/lots/" + std::to_string(id) + "/release";
  const std::string before = Data();
  auto refused = client_->Post(url, R"({"routes": ["iv"]})", "application/json");
  EXPECT_EQ(refused->status, 409);
  EXPECT_NE(Body(refused)["error"]["message"].get<std::string>().find("tests.endotoxin"),
            std::string::npos);
  EXPECT_EQ(Data(), before);
  auto ok = client_->Post(
      url, R"({"routes": ["iv"], "overrides": {"tests.endotoxin": "LAL result on file"}})",
      "application/json");
  ASSERT_EQ(ok->status, 200) << ok->body;
  auto lot = Body(ok);
  EXPECT_TRUE(lot["has_override"].get<bool>());
  EXPECT_TRUE(lot["events"][1]["override"].get<bool>());
  EXPECT_EQ(lot["events"][1]["overridden"][0]["reason"], "LAL result on file");
  EXPECT_NE(lot["events"][1]["overridden"][0]["title"], "tests.endotoxin");
  // A read (its evaluation from the report cache) shows the same lot, titles included.
  for (int i = 0; i < 2; ++i) {
    auto read = client_->Get("/api/v1/lots/" + std::to_string(id));
    ASSERT_EQ(read->status, 200) << read->body;
    EXPECT_EQ(Body(read), lot);
  }
  // Put back into quarantine: the override stays on the lot.
  auto q =
      client_->Post("/api/v1/lots/" + std::to_string(id) + "/quarantine", "", "application/json");
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_TRUE(Body(q)["has_override"].get<bool>());
}

TEST_F(HttpTest, NonHumanProductCanNeverBeReleasedForIv) {
  const int64_t id = Import("L-3", "plant");
  const std::string before = Data();
  auto r = client_->Post("/api/v1/lots/" + std::to_string(id) + "/release",
                         R"({"routes": ["iv"], "overrides": {"origin.human": "please"}})",
                         "application/json");
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(Body(r)["error"]["message"].get<std::string>().find("origin.human"), std::string::npos);
  EXPECT_EQ(Data(), before);
  // The register shows today's verdict per route: never IV for a plant product.
  Import("L-4");
  const auto list = Body(client_->Get("/api/v1/lots"));
  ASSERT_EQ(list["lots"].size(), 2u) << list.dump();
  for (const auto& lot : list["lots"])
    EXPECT_EQ(lot["verdict"]["iv"], lot["lot_number"] == "L-3" ? "not_releasable" : "releasable")
        << lot.dump();
}

TEST_F(HttpTest, BadInputGetsAClearErrorAndChangesNothing) {
  const int64_t id = Import("L-4");
  const std::string lot_url = "/api/v1/lots/" + std::to_string(id);
  struct Case {
    const char* name;
    std::function<httplib::Result()> call;
    int status;
    std::string field;
  };
  json wrong_type = json::parse(Certificate("L-5"));
  wrong_type["tests"]["endotoxin_eu_per_ml"] = "abc";
  json impossible = json::parse(Certificate("L-6"));
  impossible["lot"]["expires_on"] = "2020-01-01";
  const std::vector<Case> cases = {
      {"malformed JSON",
       [&] { return client_->Post("/api/v1/lots", "{\"schema\":", "application/json"); }, 400, "/"},
      {"wrong type",
       [&] { return client_->Post("/api/v1/lots", wrong_type.dump(), "application/json"); }, 400,
       "/tests/endotoxin_eu_per_ml"},
      {"impossible value",
       [&] { return client_->Post("/api/v1/lots", impossible.dump(), "application/json"); }, 400,
       "/lot/expires_on"},
      {"duplicate lot",
       [&] { return client_->Post("/api/v1/lots", Certificate("L-4"), "application/json"); }, 409,
       ""},
      {"negative vials",
       [&] {
         return client_->Post("/api/v1/lots?vials=-3", Certificate("L-7"), "application/json");
       },
       400, "vials"},
      {"unknown route",
       [&] {
         return client_->Post(lot_url + "/release", R"({"routes": ["oral"]})", "application/json");
       },
       400, "routes/0"},
      {"routes not a list",
       [&] {
         return client_->Post(lot_url + "/release", R"({"routes": "iv"})", "application/json");
       },
       400, "routes"},
      {"release body not JSON",
       [&] { return client_->Post(lot_url + "/release", "routes=iv", "application/json"); }, 400,
       "body"},
      {"reason wrong type",
       [&] { return client_->Post(lot_url + "/recall", R"({"reason": 5})", "application/json"); },
       400, "reason"},
      {"recall without reason",
       [&] { return client_->Post(lot_url + "/recall", "{}", "application/json"); }, 400, "reason"},
      {"unknown id", [&] { return client_->Get("/api/v1/lots/999"); }, 404, ""},
      {"unknown id release",
       [&] {
         return client_->Post("/api/v1/lots/999/release", R"({"routes": ["iv"]})",
                              "application/json");
       },
       404, ""},
      {"id not a number", [&] { return client_->Get("/api/v1/lots/abc"); }, 400, "id"},
      {"unknown state filter", [&] { return client_->Get("/api/v1/lots?state=lost"); }, 400,
       "state"},
      {"unknown endpoint", [&] { return client_->Get("/api/v1/nothing"); }, 404, ""},
      {"evaluate weight zero",
       [&] {
         return client_->Post("/api/v1/qc/evaluate?weight_kg=0", Certificate("X"),
                              "application/json");
       },
       400, "weight_kg"},
      {"evaluate unknown route",
       [&] {
         return client_->Post("/api/v1/qc/evaluate?route=oral", Certificate("X"),
                              "application/json");
       },
       400, "route"},
  };
  for (const auto& c : cases) {
    const std::string before = Data();
    auto r = c.call();
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, c.status) << c.name << ": " << r->body;
    json body = Body(r);
    ASSERT_TRUE(body.contains("error")) << c.name;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << c.name;
    if (!c.field.empty()) {
      ASSERT_FALSE(body["error"]["fields"].empty()) << c.name << ": " << r->body;
      EXPECT_EQ(body["error"]["fields"][0]["field"], c.field) << c.name;
      EXPECT_FALSE(body["error"]["fields"][0]["message"].get<std::string>().empty());
    }
    EXPECT_EQ(Data(), before) << c.name;
  }
}

TEST_F(HttpTest, TwentyMegabyteBodyIsRefusedWith413) {
  const std::string before = Data();
  const std::string huge(20 << 20, ' ');
  auto r = client_->Post("/api/v1/lots", huge, "application/json");
  ASSERT_TRUE(r) << "connection error " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["error"]["code"], "too_large");
  EXPECT_EQ(r->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(Data(), before);
}

TEST_F(HttpTest, EvaluateWithoutStoringUsesPatientContext) {
  json doc = json::parse(Certificate("E-1"));
  doc["tests"]["endotoxin_eu_per_ml"] = 0.5;
  auto r =
      client_->Post("/api/v1/qc/evaluate?route=iv&weight_kg=50&dose_ml=600&infusion_minutes=30",
                    doc.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json report = Body(r);
  EXPECT_EQ(report["verdict"], json({{"iv", "not_releasable"}}));
  EXPECT_DOUBLE_EQ(report["derived"]["iv_endotoxin_eu_per_kg_per_h"].get<double>(), 6.0);
  EXPECT_TRUE(stores_->lot_reader.ListLots(1, {})->empty());
}

TEST_F(HttpTest, ScreeningAnIntakeStoresNothing) {
  const std::string before = Data();
  auto r = client_->Post(
      "/api/v1/screening/evaluate?lang=ja",
      app::ReadTextFile(std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json").value(),
      "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json out = Body(r);
  EXPECT_EQ(out["lang"], "ja");
  EXPECT_GE(out["summary"]["physician_review"].get<int>(), 1);
  bool antiplatelet = false;
  for (const auto& f : out["flags"]) antiplatelet = antiplatelet || f["rule"] == "antiplatelet";
  EXPECT_TRUE(antiplatelet);
  auto bad = client_->Post("/api/v1/screening/evaluate",
                           R"({"schema": "exoclinic.intake/1", "age": -4})", "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["fields"][0]["field"], "/age");
  EXPECT_EQ(Data(), before);
}

TEST_F(HttpTest, ConditionVocabularyForForms) {
  const auto ja = Body(client_->Get("/api/v1/screening/conditions?lang=ja"));
  const auto en = Body(client_->Get("/api/v1/screening/conditions?lang=en"));
  ASSERT_GE(ja["conditions"].size(), 10u);
  bool pregnancy = false;
  for (size_t i = 0; i < ja["conditions"].size(); ++i)
    if (ja["conditions"][i]["id"] == "pregnancy") {
      pregnancy = true;
      EXPECT_EQ(ja["conditions"][i]["label"], "妊娠中");
      EXPECT_EQ(en["conditions"][i]["label"], "pregnant");
    }
  EXPECT_TRUE(pregnancy);
}

TEST_F(HttpTest, WrongRoleIsForbiddenAndAudited) {
  auth_.actor = app::Actor{"desk", app::ActorRole::kReception, 1, 0};
  const int before_audit = AuditCount();
  const std::string before = Data();
  auto r = client_->Post("/api/v1/lots", Certificate("R-1"), "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Body(r)["error"]["code"], "forbidden");
  EXPECT_EQ(Data(), before);
  auto audit = stores_->audit_reader.ListAudit(0, 1000).value();
  ASSERT_EQ(static_cast<int>(audit.size()), before_audit + 1);
  EXPECT_EQ(audit.back().outcome, store::AuditOutcome::kDenied);
  EXPECT_EQ(audit.back().actor, "desk");
  EXPECT_EQ(audit.back().action, "lot.import");
}

TEST_F(HttpTest, NoActorIsUnauthorisedButPublicEndpointsAnswer) {
  auth_.actor.reset();
  EXPECT_EQ(client_->Get("/api/v1/lots")->status, 401);
  EXPECT_EQ(client_->Get("/api/v1/health")->status, 200);
  auto criteria = Body(client_->Get("/api/v1/qc/criteria?lang=ja"));
  EXPECT_EQ(criteria["criteria"].size(), rules_.criteria.size());
}

TEST_F(HttpTest, ChangesAreAudited) {
  const int64_t id = Import("A-1");
  client_->Post("/api/v1/lots/" + std::to_string(id) + "/release", R"({"routes": ["topical"]})",
                "application/json");
  auto audit = stores_->audit_reader.ListAudit(0, 1000).value();
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[audit.size() - 2].action, "lot.import");
  EXPECT_EQ(audit.back().action, "lot.release");
  EXPECT_EQ(audit.back().object, "lot/" + std::to_string(id));
  EXPECT_EQ(audit.back().actor, "dr.test");
}

}  // namespace
}  // namespace exo
