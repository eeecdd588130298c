// Login, sessions, CSRF, rate limits, API tokens, clinic separation and limits over real HTTP.
#include <sys/wait.h>

#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;
using testing::Login;

class AuthTest : public testing::ServerFixture {
 protected:
  httplib::Result LoginAs(const std::string& user, const std::string& password) {
    return Post("/api/v1/login", json{{"username", user}, {"password", password}}.dump());
  }
  // Logs in over HTTP and returns the cookie and CSRF token.
  Login RealLogin(const std::string& user) {
    auto r = LoginAs(user, kPassword);
    EXPECT_EQ(r->status, 200) << r->body;
    Login l;
    const std::string set_cookie = r->get_header_value("Set-Cookie");
    l.cookie = set_cookie.substr(0, set_cookie.find(';'));
    l.csrf = Json(r)["csrf_token"];
    return l;
  }
};

TEST_F(AuthTest, LoginSetsAStrictHttpOnlyCookieAndCsrfToken) {
  AddUser("dr.sato", "physician");
  auto r = LoginAs("dr.sato", kPassword);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("exo_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here; see the TLS test
  EXPECT_EQ(Json(r)["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_EQ(r->body.find(kPassword), std::string::npos);
  Login l = RealLogin("dr.sato");
  auto me = Get("/api/v1/me", With(l));
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Json(me)["username"], "dr.sato");
  EXPECT_EQ(Json(me)["role"], "physician");
  // The web header shows the person's name, not the login id (#14).
  EXPECT_EQ(Json(me)["display_name"], "氏名 dr.sato");
  // The session token is stored only as a hash.
  EXPECT_EQ(testing::DumpTable(db_path_, "sessions").find(l.cookie.substr(12)), std::string::npos);
}

TEST_F(AuthTest, WrongPasswordUnknownUserAndDisabledUserGetTheSameAnswer) {
  AddUser("nurse.ito", "nurse");
  AddUser("gone", "nurse");
  ASSERT_TRUE(app::SetUserDisabled(*accounts_, cli_, "gone", true));
  auto wrong = LoginAs("nurse.ito", "not the password at all");
  auto unknown = LoginAs("nobody.here", kPassword);
  auto disabled = LoginAs("gone", kPassword);
  for (const auto* r : {&wrong, &unknown, &disabled}) {
    EXPECT_EQ((*r)->status, 401);
    EXPECT_EQ(Json(*r)["error"]["message"], "invalid user name or password");
  }
  const auto audit = Audit();
  EXPECT_EQ(audit.back().outcome, store::AuditOutcome::kDenied);
  EXPECT_EQ(audit.back().action, "login");
  for (const auto& e : audit) EXPECT_EQ(e.detail.find(kPassword), std::string::npos);
}

TEST_F(AuthTest, DisablingEndsExistingSessions) {
  const auto u = AddUser("nurse.kato", "nurse");
  Login l = SessionFor(u);
  EXPECT_EQ(Get("/api/v1/lots", With(l))->status, 200);
  ASSERT_TRUE(app::SetUserDisabled(*accounts_, cli_, "nurse.kato", true));
  EXPECT_EQ(Get("/api/v1/lots", With(l))->status, 401);
}

TEST_F(AuthTest, StateChangesWithACookieNeedTheCsrfToken) {
  Login l = SessionFor(AddUser("dr.csrf", "physician"));
  const std::string before = testing::DumpData(db_path_);
  auto missing = Post("/api/v1/lots", CertificateText("C-1"), With(l, false));
  EXPECT_EQ(missing->status, 403);
  EXPECT_NE(Json(missing)["error"]["message"].get<std::string>().find("CSRF"), std::string::npos);
  auto wrong = Post("/api/v1/lots", CertificateText("C-1"),
                    {{"Cookie", l.cookie}, {"X-CSRF-Token", std::string(64, '0')}});
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(testing::DumpData(db_path_), before);
  EXPECT_EQ(Audit().back().detail, "csrf");
  EXPECT_EQ(Post("/api/v1/lots", CertificateText("C-1"), With(l))->status, 201);
}

TEST_F(AuthTest, IdleAndAbsoluteTimeoutsEndSessions) {
  const auto u = AddUser("dr.idle", "physician");
  Login idle = SessionFor(u);
  clock_.AdvanceSeconds(30 * 60 + 1);
  EXPECT_EQ(Get("/api/v1/lots", With(idle))->status, 401);

  Login busy = SessionFor(u);
  for (int i = 0; i < 36; ++i) {  // a request every 20 minutes for 12 hours
    clock_.AdvanceSeconds(int64_t{20} * 60);
    ASSERT_EQ(Get("/api/v1/lots", With(busy))->status, 200) << i;
  }
  clock_.AdvanceSeconds(int64_t{20} * 60);
  EXPECT_EQ(Get("/api/v1/lots", With(busy))->status, 401);
}

TEST_F(AuthTest, TooManyFailuresBlockTheAccountEvenWithTheRightPassword) {
  AddUser("dr.locked", "physician");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(LoginAs("dr.locked", "wrong password " + std::to_string(i))->status, 401);
  auto blocked = LoginAs("dr.locked", kPassword);
  EXPECT_EQ(blocked->status, 429);
  EXPECT_EQ(Json(blocked)["error"]["code"], "rate_limited");
  clock_.AdvanceSeconds(int64_t{15} * 60);
  EXPECT_EQ(LoginAs("dr.locked", kPassword)->status, 200);
}

TEST_F(AuthTest, Issue16RateLimitSaysWhenToRetryAndSurvivesARestart) {
  AddUser("dr.persist", "physician");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(LoginAs("dr.persist", "wrong password " + std::to_string(i))->status, 401);
  clock_.AdvanceSeconds(60);
  Shutdown();
  Start({});
  auto blocked = LoginAs("dr.persist", kPassword);
  ASSERT_EQ(blocked->status, 429);
  EXPECT_EQ(blocked->get_header_value("Retry-After"), std::to_string(15 * 60 - 60));
  // Kept hashed: neither the name nor a mistyped password is stored.
  const std::string kept = testing::DumpTable(db_path_, "login_failures");
  EXPECT_EQ(kept.find("dr.persist"), std::string::npos);
  EXPECT_EQ(kept.find("wrong password"), std::string::npos);
  clock_.AdvanceSeconds(15 * 60 - 60);
  EXPECT_EQ(LoginAs("dr.persist", kPassword)->status, 200);
}

TEST_F(AuthTest, TooManyFailuresFromOneAddressBlockEveryAccount) {
  for (int i = 0; i < 20; ++i) LoginAs("user" + std::to_string(i), "whatever password");
  AddUser("dr.fresh", "physician");
  EXPECT_EQ(LoginAs("dr.fresh", kPassword)->status, 429);
}

TEST_F(AuthTest, LogoutEndsTheSession) {
  Login l = RealLogin((AddUser("dr.out", "physician"), "dr.out"));
  auto out = Post("/api/v1/logout", "", With(l));
  ASSERT_EQ(out->status, 200) << out->body;
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/me", With(l))->status, 401);
}

TEST_F(AuthTest, ApiTokensAreScopedByRoleAndRevocable) {
  Login l = SessionFor(AddUser("dr.api", "physician"));
  auto created = Post("/api/v1/tokens", R"({"name": "lab sync", "role": "analyst"})", With(l));
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string secret = Json(created)["token"];
  const int64_t id = Json(created)["id"];
  const httplib::Headers bearer{{"Authorization", "Bearer " + secret}};
  // Analyst scope: may evaluate, may not read lots, whatever the user could.
  EXPECT_EQ(Post("/api/v1/qc/evaluate", CertificateText("T"), bearer)->status, 200);
  EXPECT_EQ(Get("/api/v1/lots", bearer)->status, 403);
  // A token cannot mint tokens, and needs no CSRF token.
  EXPECT_EQ(Post("/api/v1/tokens", R"({"name": "x"})", bearer)->status, 403);
  // A role wider than the user's is refused.
  auto wide = Post("/api/v1/tokens", R"({"name": "too much", "role": "admin"})", With(l));
  EXPECT_EQ(wide->status, 400);
  EXPECT_EQ(Json(wide)["error"]["fields"][0]["field"], "role");
  // Revoked tokens stop working at once.
  ASSERT_EQ(Post("/api/v1/tokens/" + std::to_string(id) + "/revoke", "", With(l))->status, 200);
  EXPECT_EQ(Post("/api/v1/qc/evaluate", CertificateText("T"), bearer)->status, 401);
  // Only its hash is stored.
  EXPECT_EQ(testing::DumpTable(db_path_, "api_tokens").find(secret), std::string::npos);
}

TEST_F(AuthTest, OtherClinicsIdsAnswerNotFoundAndAreAudited) {
  const int64_t clinic2 = stores_->clinics.InsertClinic("Clinic B").value();
  const int64_t lot_a = ImportLot("A-LOT", 1);
  Login b = SessionFor(AddUser("dr.b", "physician", clinic2));
  Login a_admin = SessionFor(AddUser("admin.a", "admin", 1));
  for (const std::string& path :
       {"/api/v1/lots/" + std::to_string(lot_a), std::string("/api/v1/lots/424242")}) {
    auto r = Get(path, With(b));
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(Audit().back().outcome, store::AuditOutcome::kDenied);
    EXPECT_EQ(Audit().back().object, path);
    EXPECT_EQ(Audit().back().actor, "dr.b");
  }
  auto release = Post("/api/v1/lots/" + std::to_string(lot_a) + "/release",
                      R"({"routes": ["topical"]})", With(b));
  EXPECT_EQ(release->status, 404);
  EXPECT_EQ(Json(Get("/api/v1/lots", With(b)))["lots"].size(), 0u);
  // An admin of clinic A cannot touch clinic B's users either.
  EXPECT_EQ(Post("/api/v1/users/dr.b/disable", "", With(a_admin))->status, 404);
  EXPECT_FALSE(stores_->users.FindUserByName("dr.b")->disabled);
}

TEST_F(AuthTest, SetupTokenCreatesTheFirstAdminOnce) {
  Shutdown();
  server::ServerOptions options;
  options.setup_token = "0123456789abcdef0123456789abcdef";
  Start(options);
  auto wrong = Post(
      "/api/v1/setup",
      json{{"setup_token", std::string(32, 'f')}, {"username", "boss"}, {"password", kPassword}}
          .dump());
  EXPECT_EQ(wrong->status, 403);
  auto weak =
      Post("/api/v1/setup",
           json{{"setup_token", options.setup_token}, {"username", "boss"}, {"password", "short"}}
               .dump());
  EXPECT_EQ(weak->status, 400);
  EXPECT_EQ(Json(weak)["error"]["fields"][0]["field"], "password");
  auto unnamed =
      Post("/api/v1/setup",
           json{{"setup_token", options.setup_token}, {"username", "boss"}, {"password", kPassword}}
               .dump());
  EXPECT_EQ(unnamed->status, 400);
  EXPECT_EQ(Json(unnamed)["error"]["fields"][0]["field"], "display_name");
  auto ok = Post("/api/v1/setup", json{{"setup_token", options.setup_token},
                                       {"username", "boss"},
                                       {"password", kPassword},
                                       {"display_name", "　田中 花子 "}}
                                      .dump());
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Json(ok)["user"]["role"], "admin");
  EXPECT_EQ(stores_->users.FindUserByName("boss")->display_name, "田中 花子");
  auto again = Post(
      "/api/v1/setup",
      json{{"setup_token", options.setup_token}, {"username", "boss2"}, {"password", kPassword}}
          .dump());
  EXPECT_EQ(again->status, 409);
}

TEST_F(AuthTest, LimitsGiveClearJsonErrors) {
  Login l = SessionFor(AddUser("dr.limits", "physician"));
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto r = Post("/api/v1/lots", deep, With(l));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "body");
  auto long_name =
      Post("/api/v1/login", json{{"username", std::string(300, 'u')}, {"password", "x"}}.dump());
  EXPECT_EQ(long_name->status, 400);
  EXPECT_EQ(Json(long_name)["error"]["fields"][0]["field"], "username");
  auto wrong_type = Post("/api/v1/login", R"({"username": 5, "password": "x"})");
  EXPECT_EQ(wrong_type->status, 400);
  auto huge_header =
      client_->Get("/api/v1/health", {{"X-Filler", std::string(size_t{64} * 1024, 'x')}});
  ASSERT_TRUE(huge_header);
  EXPECT_EQ(huge_header->status, 431);  // Request Header Fields Too Large (issue #16)
  EXPECT_EQ(Json(huge_header)["error"]["code"], "too_large");
  EXPECT_EQ(huge_header->get_header_value_count("Cache-Control"), 1u);
}

TEST_F(AuthTest, PasswordChangesNeedAdminOrSelfAndEndSessions) {
  const auto nurse = AddUser("nurse.pw", "nurse");
  const auto other = AddUser("nurse.other", "nurse");
  Login l = SessionFor(nurse);
  auto others = Post("/api/v1/users/nurse.other/password",
                     json{{"password", "another long password"}}.dump(), With(l));
  EXPECT_EQ(others->status, 403);
  auto own = Post("/api/v1/users/nurse.pw/password",
                  json{{"password", "another long password"}}.dump(), With(l));
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(Get("/api/v1/me", With(l))->status, 401);  // sessions ended
  EXPECT_EQ(LoginAs("nurse.pw", "another long password")->status, 200);
  (void)other;
}

// HTTPS with a throw-away self-signed certificate made by openssl.
TEST_F(AuthTest, TlsServesHttpsAndMarksTheCookieSecure) {
  Shutdown();
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key +
      " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  server::ServerOptions options;
  options.tls_cert = cert;
  options.tls_key = key;
  Start(options);
  AddUser("dr.tls", "physician");
  httplib::SSLClient tls("127.0.0.1", server_->port());
  tls.enable_server_certificate_verification(false);
  auto r = tls.Post("/api/v1/login", json{{"username", "dr.tls"}, {"password", kPassword}}.dump(),
                    "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  auto plain = client_->Get("/api/v1/health");
  EXPECT_FALSE(plain && plain->status == 200);  // plain HTTP is not served on the TLS port
}

}  // namespace
}  // namespace exo
