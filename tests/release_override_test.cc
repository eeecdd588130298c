// Releasing a lot against its QC verdict over real HTTP (#13): a physician acknowledges each
// blocking criterion with its own reason; anything missing, unknown or not blocking is refused
// with nothing stored; the reasons come back per criterion in the lot's history and audit.
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

class ReleaseOverrideTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    doctor_ = SessionFor(AddUser("dr.sato", "physician"));
    nurse_ = SessionFor(AddUser("nurse.ito", "nurse"));
    // Endotoxin not disclosed and the HTLV-1, parvovirus B19 and syphilis tests missing: two
    // criteria (donor.screening, tests.endotoxin) block injection; topical stays releasable.
    auto doc = json::parse(CertificateText("OVR-1"));
    doc["tests"].erase("endotoxin_eu_per_ml");
    for (const char* t : {"HTLV-1", "parvovirus_B19", "syphilis"})
      doc["donor"]["screening"].erase(t);
    lot_ = app::ImportLot(*lots_, cli_, doc.dump(), 5).value().lot.id;
    url_ = "/api/v1/lots/" + std::to_string(lot_) + "/release";
  }
  std::string Data() { return testing::DumpData(db_path_); }
  // Posts `body` as the physician (or `who`) and expects `status`, with nothing stored.
  json Refused(const std::string& body, int status, const std::string& lang = "en") {
    return RefusedAs(doctor_, body, status, lang);
  }
  json RefusedAs(const testing::Login& who, const std::string& body, int status,
                 const std::string& lang = "en") {
    const std::string before = Data();
    auto r = Post(url_ + "?lang=" + lang, body, With(who));
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(Data(), before) << body;
    return Json(r)["error"];
  }

  testing::Login doctor_, nurse_;
  int64_t lot_ = 0;
  std::string url_;
};

TEST_F(ReleaseOverrideTest, Issue13OneReasonDoesNotCoverACriterionItNeverNamed) {
  const std::string body =
      R"({"routes": ["injection"], "overrides": {"tests.endotoxin": "LAL report on file"}})";
  const json en = Refused(body, 409);
  EXPECT_EQ(en["code"], "conflict");
  ASSERT_EQ(en["fields"].size(), 1u) << en.dump();
  EXPECT_EQ(en["fields"][0]["field"], "/overrides/donor.screening");
  EXPECT_NE(en["message"].get<std::string>().find("criterion donor.screening is not acknowledged"),
            std::string::npos)
      << en.dump();
  const json ja = Refused(body, 409, "ja");
  EXPECT_NE(ja["message"].get<std::string>().find("基準 donor.screening が承認されていません"),
            std::string::npos)
      << ja.dump();
  EXPECT_NE(ja["fields"][0]["message"].get<std::string>().find("局所注射"), std::string::npos)
      << ja.dump();
  // Nothing acknowledged: both are named, the first in the message.
  const json none = Refused(R"({"routes": ["injection"]})", 409);
  ASSERT_EQ(none["fields"].size(), 2u);
  EXPECT_EQ(none["fields"][1]["field"], "/overrides/tests.endotoxin");
  EXPECT_EQ(Audit().back().outcome, audit::AuditOutcome::kFailed);
}

TEST_F(ReleaseOverrideTest, AnUnknownCriterionIsRefusedWithTheNearestId) {
  const json e = Refused(
      R"({"routes": ["injection"], "overrides": {"tests.endotoxin": "LAL", "endotoxin": "LAL",
          "donor.screening": "panel on file"}})",
      400);
  ASSERT_EQ(e["fields"].size(), 1u) << e.dump();
  EXPECT_EQ(e["fields"][0]["field"], "/overrides/endotoxin");
  EXPECT_EQ(e["fields"][0]["message"],
            "endotoxin is not a QC criterion; did you mean tests.endotoxin?");
  const json ja =
      Refused(R"({"routes": ["injection"], "overrides": {"vibes": "good"}})", 400, "ja");
  EXPECT_EQ(ja["fields"][0]["message"], "vibes という品質基準はありません");
}

TEST_F(ReleaseOverrideTest, ACriterionThatBlocksNoChosenRouteIsRefused) {
  const json e = Refused(
      R"({"routes": ["injection"], "overrides": {"tests.endotoxin": "LAL",
          "donor.screening": "panel on file", "manufacturing.gmp": "GMP certificate seen"}})",
      400);
  ASSERT_EQ(e["fields"].size(), 1u) << e.dump();
  EXPECT_EQ(e["fields"][0]["field"], "/overrides/manufacturing.gmp");
  EXPECT_NE(e["fields"][0]["message"].get<std::string>().find("does not block"), std::string::npos);
  // Topical is releasable: an override sent with it is refused, not ignored.
  const json t =
      Refused(R"({"routes": ["topical"], "overrides": {"tests.endotoxin": "LAL"}})", 400);
  EXPECT_EQ(t["fields"][0]["field"], "/overrides/tests.endotoxin");
}

TEST_F(ReleaseOverrideTest, BlankOrNonTextReasonsAreRefused) {
  const json blank = Refused(
      R"({"routes": ["injection"], "overrides": {"tests.endotoxin": " ", "donor.screening": "x"}})",
      400);
  EXPECT_EQ(blank["fields"][0]["field"], "/overrides/tests.endotoxin");
  const json number = Refused(
      R"({"routes": ["injection"], "overrides": {"tests.endotoxin": 5, "donor.screening": "x"}})",
      400);
  EXPECT_EQ(number["fields"][0]["field"], "/overrides/tests.endotoxin");
  const json list = Refused(R"({"routes": ["injection"], "overrides": ["tests.endotoxin"]})", 400);
  EXPECT_EQ(list["fields"][0]["field"], "/overrides");
}

TEST_F(ReleaseOverrideTest, TheOldSingleOverrideReasonIsRefusedSayingWhatToSend) {
  const json e =
      Refused(R"({"routes": ["injection"], "override_reason": "LAL report on file"})", 400);
  ASSERT_EQ(e["fields"].size(), 1u);
  EXPECT_EQ(e["fields"][0]["field"], "/override_reason");
  EXPECT_NE(e["fields"][0]["message"].get<std::string>().find("send \"overrides\""),
            std::string::npos)
      << e.dump();
}

TEST_F(ReleaseOverrideTest, ANurseCannotRelease) {
  const json e = RefusedAs(nurse_,
                           R"({"routes": ["injection"], "overrides": {"tests.endotoxin": "LAL",
                               "donor.screening": "panel on file"}})",
                           403);
  EXPECT_EQ(e["code"], "forbidden");
}

TEST_F(ReleaseOverrideTest, EachReasonIsStoredAndReadBackWithItsCriterion) {
  auto r = Post(url_ + "?lang=ja", R"({"routes": ["injection", "microneedle"], "overrides": {
      "tests.endotoxin": "LAL report received by fax, filed",
      "donor.screening": "manufacturer's donor panel seen, negative"}})",
                With(doctor_));
  ASSERT_EQ(r->status, 200) << r->body;
  const json shown = Json(Get("/api/v1/lots/" + std::to_string(lot_) + "?lang=ja", With(doctor_)));
  const json& release = shown["events"][1];
  EXPECT_EQ(release["actor"], "dr.sato");
  EXPECT_TRUE(release["override"].get<bool>());
  EXPECT_EQ(release["reason"], "");
  const json want = json::parse(R"([
    {"criterion": "donor.screening", "title": "ドナー感染症検査", "routes": ["injection"],
     "reason": "manufacturer's donor panel seen, negative"},
    {"criterion": "tests.endotoxin", "title": "エンドトキシン（/mL）",
     "routes": ["injection", "microneedle"], "reason": "LAL report received by fax, filed"}])");
  EXPECT_EQ(release["overridden"], want) << release.dump();
  EXPECT_TRUE(shown["has_override"].get<bool>());
  // The read after the release is audited too (issue #17): the release's entry is the one before.
  const auto audit = Audit();
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit.back().action, "lot.read");
  const auto& entry = audit[audit.size() - 2];
  EXPECT_EQ(entry.action, "lot.release");
  EXPECT_EQ(entry.actor, "dr.sato");
  EXPECT_EQ(entry.detail, "injection,microneedle (override: donor.screening, tests.endotoxin)");
  // The stored column holds each criterion with its routes and reason.
  EXPECT_NE(testing::DumpTable(db_path_, "lot_events").find(R"("criterion":"donor.screening")"),
            std::string::npos);
}

TEST_F(ReleaseOverrideTest, AFinalCriterionStaysUnoverridable) {
  auto doc = json::parse(CertificateText("OVR-2"));
  doc["tests"]["sterility"] = "positive";
  const int64_t id = app::ImportLot(*lots_, cli_, doc.dump(), 5).value().lot.id;
  url_ = "/api/v1/lots/" + std::to_string(id) + "/release";
  const json e =
      Refused(R"({"routes": ["topical"], "overrides": {"tests.sterility": "I insist"}})", 409);
  EXPECT_NE(e["message"].get<std::string>().find("tests.sterility"), std::string::npos);
}

}  // namespace
}  // namespace exo
