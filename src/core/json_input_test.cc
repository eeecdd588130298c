#include "core/json_input.h"

#include <gtest/gtest.h>

#include "core/timestamp.h"

namespace exo {

// The one field error of a refused parse (a copy: the result is a temporary).
FieldError OnlyField(const Result<nlohmann::json>& r) {
  if (r.has_value()) {
    ADD_FAILURE() << "accepted: " << r->dump();
    return {};
  }
  EXPECT_EQ(r.error().fields.size(), 1U);
  return r.error().fields.at(0);
}

TEST(JsonInput, AKeyGivenTwiceIsRefusedAtItsPathAtAnyDepth) {
  EXPECT_EQ(OnlyField(ParseJsonStrict(R"({"a":1,"a":2})")).field, "/a");
  const FieldError nested = OnlyField(ParseJsonStrict(R"({"v":{"pulse":70,"pulse":71}})"));
  EXPECT_EQ(nested.field, "/v/pulse");
  EXPECT_EQ(nested.message_id, "err.duplicate_key");
  EXPECT_EQ(nested.args, std::vector<std::string>{"pulse"});
  EXPECT_EQ(OnlyField(ParseJsonStrict(R"({"s":[{"x":1},{"y":1,"y":2}]})")).field, "/s/1/y");
  // The same key in two different objects is not a duplicate.
  EXPECT_TRUE(ParseJsonStrict(R"({"s":[{"x":1},{"x":2}],"x":3})").has_value());
  EXPECT_EQ(ParseJsonStrict(R"({"s":[{"x":1},{"x":2}],"x":3})")->at("x"), 3);
}

TEST(JsonInput, ShiftJisAndUtf16FilesAreNamedAsSuch) {
  // {"name":"山田"} saved as Shift_JIS: 山 = 0x8E 0x52, 田 = 0x93 0x63.
  const std::string sjis = "{\"name\":\"\x8E\x52\x93\x63\"}";
  EXPECT_EQ(OnlyField(ParseJsonStrict(sjis)).message_id, "err.json_shift_jis");
  EXPECT_EQ(OnlyField(ParseJsonStrict(std::string("\xFF\xFE{\0}\0", 6))).message_id,
            "err.json_utf16");
  // A lone continuation byte on line 2 is not Shift_JIS either: its place is given.
  const FieldError bad = OnlyField(ParseJsonStrict("{\n\"a\":\"x\xC0\"}"));
  EXPECT_EQ(bad.message_id, "err.json_not_utf8");
  EXPECT_EQ(bad.args, (std::vector<std::string>{"2", "7"}));
  // UTF-8 with or without a byte-order mark reads.
  EXPECT_EQ(ParseJsonStrict("\xEF\xBB\xBF{\"name\":\"山田\"}")->at("name"), "山田");
}

TEST(JsonInput, SyntaxErrorsGiveLineAndCharacter) {
  const FieldError f = OnlyField(ParseJsonStrict("{\n  \"a\": 1,\n  \"b\": }"));
  EXPECT_EQ(f.message_id, "err.json_syntax");
  EXPECT_EQ(f.args.at(0), "3");
  const FieldError body = OnlyField(ParseJsonObject("[1]", "body"));
  EXPECT_EQ(body.field, "body");
  EXPECT_EQ(body.message_id, "err.expected_object");
}

// nlohmann reports a number no double holds as out_of_range, not as a parse error: still an
// error naming the document, not an exception (found by the fuzzers of every JSON parser).
TEST(JsonInput, ANumberTooLargeToHoldIsAnError) {
  const FieldError f = OnlyField(ParseJsonStrict(R"({"weight_kg": 1e400})", "body"));
  EXPECT_EQ(f.field, "body");
  EXPECT_EQ(f.message_id, "err.json_number_range");
}

TEST(JsonInput, UnknownMembersAreRefusedWithTheNearestKnownName) {
  std::vector<FieldError> errors;
  const auto doc = nlohmann::json::parse(R"({"wieght_kg":60,"name":"x","colour":"red"})");
  RefuseUnknownMembers(doc, "/patient", {"weight_kg", "name", "sex"}, errors);
  ASSERT_EQ(errors.size(), 2U);
  // nlohmann::json keeps members sorted: "colour" comes first.
  EXPECT_EQ(errors[0].field, "/patient/colour");
  EXPECT_EQ(errors[0].message_id, "err.unknown_field");
  EXPECT_EQ(errors[1].field, "/patient/wieght_kg");
  EXPECT_EQ(errors[1].message_id, "err.unknown_field_did_you_mean");
  EXPECT_EQ(errors[1].args, (std::vector<std::string>{"wieght_kg", "weight_kg"}));
  EXPECT_EQ(NearestName("pluse", {"pulse", "spo2"}), "pulse");
  EXPECT_EQ(NearestName("ab", {"xy"}), "");
}

TEST(Instant, AnyOffsetNamesTheSameInstant) {
  const auto utc = ParseInstant("2026-12-01T01:30:00Z");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00+09:00"), utc);
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00+0900"), utc);
  EXPECT_EQ(ParseInstant("2026-11-30T20:00:00-05:30"), utc);
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00.250+09:00"), utc);
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00"), std::nullopt);  // no offset: no instant
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00+15:00"), std::nullopt);
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00+09:60"), std::nullopt);
  EXPECT_EQ(ParseInstant("2026-12-01T10:30:00."), std::nullopt);
}

}  // namespace exo
