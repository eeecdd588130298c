#include "product/certificate.h"

#include <gtest/gtest.h>

#include "product/test_support.h"

namespace exo::product {
namespace {

using nlohmann::json;
using testing::ExampleCertificate;

Error ParseError(const json& doc) {
  auto r = ParseCertificate(doc.dump());
  EXPECT_FALSE(r.has_value());
  return r ? Error{} : r.error();
}

TEST(Certificate, ParsesTheExample) {
  auto c = ParseCertificate(ExampleCertificate().dump());
  ASSERT_TRUE(c.has_value()) << RenderError(c.error(), Lang::kEn);
  EXPECT_EQ(c->lot_number, "EB-ADSC-2026-031");
  EXPECT_EQ(c->species, "human");
  EXPECT_EQ(c->expires_on->ToString(), "2027-08-02");
  EXPECT_DOUBLE_EQ(*c->endotoxin_eu_per_ml, 0.4);
  EXPECT_EQ(c->donor_screening.at("HTLV-1"), TestOutcome::kNegative);
  EXPECT_EQ(c->imaging->front(), "TEM");
  EXPECT_TRUE(c->IsDisclosed("/tests/endotoxin_eu_per_ml"));
  EXPECT_FALSE(c->IsDisclosed("/manufacturing/viral_inactivation"));  // null
  EXPECT_FALSE(c->viral_inactivation.has_value());
  EXPECT_TRUE(c->unknown_paths.empty());
}

TEST(Certificate, EndotoxinAsTextNamesPathAndValue) {
  json doc = ExampleCertificate();
  doc["tests"]["endotoxin_eu_per_ml"] = "abc";
  const Error e = ParseError(doc);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_EQ(e.fields[0].field, "/tests/endotoxin_eu_per_ml");
  EXPECT_EQ(RenderFieldError(e.fields[0], Lang::kEn),
            "/tests/endotoxin_eu_per_ml: expected a number >= 0, got \"abc\"");
}

TEST(Certificate, ReportsEveryProblemAtOnce) {
  json doc = ExampleCertificate();
  doc["tests"]["particles_per_ml"] = -5;
  doc["lot"]["manufactured_on"] = "2026-02-30";
  doc["donor"]["consented"] = "yes";
  doc["product"]["intended_routes"] = {"iv", "oral"};
  const Error e = ParseError(doc);
  std::vector<std::string> fields;
  for (const auto& f : e.fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/product/intended_routes/1", "/lot/manufactured_on",
                                              "/donor/consented", "/tests/particles_per_ml"}));
  EXPECT_EQ(e.fields[1].message_id, "err.expected_date");
  EXPECT_EQ(e.fields[3].message_id, "err.expected_number_nonneg");
}

TEST(Certificate, ExpiryBeforeManufactureIsAnError) {
  json doc = ExampleCertificate();
  doc["lot"]["expires_on"] = "2026-01-01";
  const Error e = ParseError(doc);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].field, "/lot/expires_on");
  EXPECT_EQ(e.fields[0].message_id, "err.expiry_before_manufacture");
}

TEST(Certificate, D10AboveD90IsAnError) {
  json doc = ExampleCertificate();
  doc["tests"]["size_d10_nm"] = 300;
  const Error e = ParseError(doc);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].field, "/tests/size_d10_nm");
  EXPECT_EQ(e.fields[0].message_id, "err.d10_above_d90");
}

TEST(Certificate, ImpossibleValuesAreRejected) {
  json doc = ExampleCertificate();
  doc["lot"]["volume_ml"] = 0;
  doc["lot"]["storage_celsius"] = -300;
  doc["tests"]["size_mode_nm"] = 0;
  const Error e = ParseError(doc);
  ASSERT_EQ(e.fields.size(), 3u);
  EXPECT_EQ(e.fields[0].field, "/lot/storage_celsius");
  EXPECT_EQ(e.fields[0].message_id, "err.out_of_range");
  EXPECT_EQ(e.fields[1].field, "/lot/volume_ml");
  EXPECT_EQ(e.fields[2].field, "/tests/size_mode_nm");
}

TEST(Certificate, WrongTypesNameTheExpectedType) {
  json doc = ExampleCertificate();
  doc["tests"] = "none";
  doc["product"]["origin"] = {"human"};
  const Error e = ParseError(doc);
  ASSERT_EQ(e.fields.size(), 2u);
  EXPECT_EQ(e.fields[0].field, "/product/origin");
  EXPECT_EQ(e.fields[0].message_id, "err.expected_object");
  EXPECT_EQ(e.fields[1].field, "/tests");
}

TEST(Certificate, MalformedJsonAndWrongSchema) {
  auto bad = ParseCertificate("{\"schema\": ");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].field, "/");
  EXPECT_EQ(bad.error().fields[0].message_id, "err.json_syntax");
  auto arr = ParseCertificate("[1,2]");
  ASSERT_FALSE(arr.has_value());
  EXPECT_EQ(arr.error().fields[0].message_id, "err.expected_object");
  json doc = ExampleCertificate();
  doc["schema"] = "exoclinic.certificate/2";
  EXPECT_EQ(ParseError(doc).fields[0].field, "/schema");
  doc.erase("schema");
  EXPECT_EQ(ParseError(doc).fields[0].message_id, "err.required");
}

TEST(Certificate, AbsentSectionsAreNotDisclosedNotErrors) {
  auto c = ParseCertificate(R"({"schema": "exoclinic.certificate/1"})");
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->sterility.has_value());
  EXPECT_FALSE(c->lot_number.has_value());
  EXPECT_TRUE(c->disclosed_paths.empty());
}

TEST(Certificate, UnknownMembersAreKeptAsWarnings) {
  json doc = ExampleCertificate();
  doc["tests"]["endotoxin_eu_ml"] = 0.1;
  doc["extra"] = true;
  auto c = ParseCertificate(doc.dump());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->unknown_paths, (std::vector<std::string>{"/extra", "/tests/endotoxin_eu_ml"}));
}

TEST(Certificate, TestOutcomesAcceptCommonWordingsOnly) {
  json doc = ExampleCertificate();
  doc["tests"]["sterility"] = "Complies";
  doc["tests"]["mycoplasma"] = "Detected";
  auto c = ParseCertificate(doc.dump());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->sterility, TestOutcome::kNegative);
  EXPECT_EQ(c->mycoplasma, TestOutcome::kPositive);
  doc["tests"]["sterility"] = "probably fine";
  const Error e = ParseError(doc);
  EXPECT_EQ(e.fields[0].field, "/tests/sterility");
  EXPECT_EQ(e.fields[0].message_id, "err.expected_one_of");
}

TEST(Certificate, OverlongStringsAreRejected) {
  json doc = ExampleCertificate();
  doc["product"]["name"] = std::string(600, 'x');
  const Error e = ParseError(doc);
  EXPECT_EQ(e.fields[0].field, "/product/name");
  EXPECT_EQ(e.fields[0].message_id, "err.string_too_long");
}

}  // namespace
}  // namespace exo::product
