// Test fixture: a real server on a loopback port with the real account authenticator, a real
// SQLite file and a clock the test moves.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/accounts.h"
#include "app/clock.h"
#include "app/lots.h"
#include "app/rules.h"
#include "app/services.h"
#include "app/user_access.h"
#include "auth/crypto.h"
#include "cli/server_services.h"
#include "db_dump.h"
#include "server/server.h"
#include "store/sqlite/sqlite_stores.h"
#include "temp_dir.h"
#include "treatment/session.h"

namespace exo::testing {

// `path` asked in `lang` ("...?lang=ja"). A function, so that a loop over the languages builds
// no chain of temporary strings (clang-tidy performance-inefficient-string-concatenation).
inline std::string InLang(const std::string& path, const std::string& lang) {
  return path + "?lang=" + lang;
}

struct Login {
  std::string cookie;  // "exo_session=..."
  std::string csrf;
};

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override { Shutdown(); }

  void Start(server::ServerOptions options) {
    stores_.reset();
    sqlite_ = std::move(store::SqliteStores::Open(db_path_).value());
    stores_.emplace(sqlite_->Refs());
    rule_set_ = app::LoadRuleSet(std::string(EXO_SOURCE_DIR) + "/rules").value();
    app::ServiceOptions service_options;
    service_options.public_base_url = public_base_url_;
    services_ = app::BuildServices(*stores_, rule_set_, clock_, service_options);
    lots_ = &services_->lots;
    accounts_ = &services_->accounts;
    patients_ = &services_->patients;
    plans_ = &services_->plans;
    consents_ = &services_->consents;
    sessions_ = &services_->sessions;
    aftercare_ = &services_->aftercare;
    safety_ = &services_->safety;
    outcomes_ = &services_->outcomes;
    authenticator_ = std::make_unique<server::AccountAuthenticator>(*accounts_);
    options.port = 0;
    if (options.rules_dir.empty()) {  // a scratch copy: settings tests may write to it
      options.rules_dir = dir_.File("rules");
      std::filesystem::copy(
          std::string(EXO_SOURCE_DIR) + "/rules", options.rules_dir,
          std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing);
    }
    server_ = std::make_unique<server::Server>(
        cli::ServerServicesOf(*services_, authenticator_override_ != nullptr
                                              ? *authenticator_override_
                                              : *authenticator_),
        options);
    ASSERT_TRUE(server_->Valid());
    ASSERT_TRUE(server_->Bind());
    thread_ = std::thread([this] { server_->Run(); });
    server_->WaitUntilReady();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(20, 0);
  }
  void Shutdown() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  // Adds a user through the use case, as the command line would.
  store::User AddUser(const std::string& name, const std::string& role, int64_t clinic = 1) {
    // Every user is named as a person; a physician also has a registration number.
    const app::UserProfile profile{"氏名 " + name, role == "physician" ? "123456" : ""};
    return app::AddUser(*accounts_, cli_, name, role, clinic, kPassword, profile).value();
  }
  // The physician who plans and activates in tests that print a consent (created on first use:
  // the consent names the physician by display name and registration number).
  const app::Actor& Doctor() {
    if (!doctor_)
      doctor_ = app::ActorOf(app::AddUser(*accounts_, cli_, "dr.kimura", "physician", 1, kPassword,
                                          {"木村 誠", "654321"})
                                 .value());
    return *doctor_;
  }
  // A session made directly in the store (no Argon2 cost), as a login would make it.
  Login SessionFor(const store::User& user) {
    Login l;
    const std::string token = auth::RandomHex(32);
    l.csrf = auth::RandomHex(32);
    const int64_t now = clock_.Now().unix_seconds;
    EXPECT_TRUE(stores_->login_sessions.InsertLoginSession(
        {auth::Sha256Hex(token), user.id, l.csrf, now, now}));
    l.cookie = "exo_session=" + token;
    return l;
  }
  httplib::Headers With(const Login& l, bool csrf = true) {
    httplib::Headers h{{"Cookie", l.cookie}};
    if (csrf) h.emplace("X-CSRF-Token", l.csrf);
    return h;
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& h = {}) {
    return client_->Get(path, h);
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       const httplib::Headers& h = {}) {
    return client_->Post(path, h, body, "application/json");
  }
  static nlohmann::json Json(const httplib::Result& r) {
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  }
  std::string CertificateText(const std::string& lot_number) {
    auto doc = nlohmann::json::parse(
        app::ReadTextFile(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json")
            .value());
    doc["lot"]["number"] = lot_number;
    return doc.dump();
  }
  // Imports a lot for `clinic` through the use case; returns its id.
  int64_t ImportLot(const std::string& number, int64_t clinic = 1) {
    app::Actor a = cli_;
    a.clinic_id = clinic;
    return app::ImportLot(*lots_, a, CertificateText(number), 5).value().lot.id;
  }
  // Moves the clock's day and time to `iso` ("2026-11-18T09:00:00Z"); ResetClock() puts back
  // the fixture's own (day 2026-11-24, time 2026-11-18 11:06 UTC). A plan must start on or
  // before its sessions and its consent be signed before them, so tests that record sessions
  // create the plan and sign at an earlier moment.
  void MoveClock(const std::string& iso) {
    clock_.SetNow(*ParseIso8601(iso));
    clock_.Set(*Date::Parse(iso.substr(0, 10)));
  }
  void ResetClock() {
    clock_.Set(*Date::Parse("2026-11-24"));
    clock_.SetNow(Timestamp{1795000000});
  }
  // Every entry stored so far, those of lot reads the server did not wait for too.
  // The stores' reader waits for the entries still gathered (store::AuditReaderAfterWriter).
  std::vector<store::AuditEntry> Audit() {
    return stores_->audit_reader.ListAudit(0, 1 << 20).value();
  }

  static constexpr const char* kPassword = "a long enough password";
  TempDir dir_;
  std::string db_path_ = dir_.File("auth.db");
  std::unique_ptr<store::SqliteStores> sqlite_;
  std::optional<store::Stores> stores_;  // every store interface, into sqlite_
  // Every rule file, loaded once per Start(); the services refer to these objects, so a test may
  // change one (as a reload would) and the next request sees it.
  app::RuleSet rule_set_;
  product::QcRules& rules_ = rule_set_.qc;
  treatment::ClinicSettings& clinic_ = rule_set_.clinic;
  app::FakeClock clock_{*Date::Parse("2026-11-24"), 1795000000};
  std::unique_ptr<app::Services> services_;  // built by app::BuildServices, as the CLI does
  const app::LotServices* lots_ = nullptr;
  const app::AccountServices* accounts_ = nullptr;
  const app::PatientServices* patients_ = nullptr;
  const app::PlanServices* plans_ = nullptr;
  const app::ConsentServices* consents_ = nullptr;
  const app::SessionServices* sessions_ = nullptr;
  const app::AftercareServices* aftercare_ = nullptr;
  const app::SafetyServices* safety_ = nullptr;
  const app::OutcomeServices* outcomes_ = nullptr;
  std::unique_ptr<server::AccountAuthenticator> authenticator_;
  // Set before SetUp() to authenticate every request another way (default: accounts).
  const server::Authenticator* authenticator_override_ = nullptr;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  const app::Actor cli_{"cli:test", app::ActorRole::kAdmin, 1, 0};
  std::optional<app::Actor> doctor_;
  // The clinic's address for patients (serve --public-url); set before Start().
  std::string public_base_url_ = "https://clinic.example.jp";
};

}  // namespace exo::testing
