#include "app/public_url.h"

#include <gtest/gtest.h>

namespace exo::app {
namespace {

std::string RefusalOf(const Result<std::string>& r) {
  if (r) return "accepted " + *r;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().fields.at(0).field, "public_url");
  return r.error().fields.at(0).message_id;
}

TEST(PublicUrl, TheClinicsAddressWinsAndTheBaseIsJoinedOnce) {
  treatment::ClinicSettings clinic;
  EXPECT_EQ(PatientFacingUrl(clinic, "https://clinic.example.jp/", "/portal/ab").value(),
            "https://clinic.example.jp/portal/ab");
  clinic.public_url = "https://own.example.jp";
  EXPECT_EQ(PatientFacingUrl(clinic, "https://clinic.example.jp", "/portal/ab").value(),
            "https://own.example.jp/portal/ab");
  EXPECT_EQ(PatientFacingUrl(clinic, "http://127.0.0.1:8080", "/x").value(),
            "https://own.example.jp/x");
}

TEST(PublicUrl, LoopbackOrNoAddressIsRefused) {
  treatment::ClinicSettings clinic;
  EXPECT_EQ(RefusalOf(PatientFacingUrl(clinic, "", "/portal/ab")), "err.public_url_unset");
  EXPECT_EQ(RefusalOf(PatientFacingUrl(clinic, "http://127.0.0.1:8080", "/portal/ab")),
            "err.public_url_unset");
  clinic.public_url = "http://localhost:8080";
  EXPECT_EQ(RefusalOf(PatientFacingUrl(clinic, "https://clinic.example.jp", "/portal/ab")),
            "err.public_url_loopback");
}

}  // namespace
}  // namespace exo::app
