// Test fixture: a real server on a loopback port with the real account authenticator, a real
// SQLite file and a clock the test moves.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/accounts.h"
#include "app/clock.h"
#include "app/lots.h"
#include "app/rules.h"
#include "auth/crypto.h"
#include "db_dump.h"
#include "server/server.h"
#include "store/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace exo::testing {

struct Login {
  std::string cookie;  // "exo_session=..."
  std::string csrf;
};

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override { Shutdown(); }

  void Start(server::ServerOptions options) {
    store_ = std::move(store::SqliteStore::Open(db_path_).value());
    rules_ = app::LoadQcRules(std::string(EXO_SOURCE_DIR) + "/rules").value();
    screening_rules_ = app::LoadScreeningRules(std::string(EXO_SOURCE_DIR) + "/rules").value();
    lots_ = std::make_unique<app::LotServices>(
        app::LotServices{*store_, *store_, *store_, clock_, rules_});
    accounts_ = std::make_unique<app::AccountServices>(
        app::AccountServices{*store_, *store_, *store_, *store_, clock_, auth::SessionPolicy{},
                             account_limiter_, address_limiter_});
    authenticator_ = std::make_unique<server::AccountAuthenticator>(*accounts_);
    clinic_ = app::LoadClinicSettings(std::string(EXO_SOURCE_DIR) + "/rules").value();
    alternatives_ = app::LoadAlternatives(std::string(EXO_SOURCE_DIR) + "/rules").value();
    plans_ = std::make_unique<app::PlanServices>(app::PlanServices{
        *store_, *store_, *store_, *store_, *store_, clock_, rules_, clinic_, alternatives_});
    templates_ = app::LoadConsentTemplates(std::string(EXO_SOURCE_DIR) + "/rules").value();
    consents_ =
        std::make_unique<app::ConsentServices>(app::ConsentServices{*plans_, *store_, templates_});
    sessions_ =
        std::make_unique<app::SessionServices>(app::SessionServices{*plans_, *consents_, *store_});
    aftercare_rules_ = app::LoadAftercare(std::string(EXO_SOURCE_DIR) + "/rules").value();
    aftercare_ = std::make_unique<app::AftercareServices>(
        app::AftercareServices{*sessions_, aftercare_rules_, "https://clinic.example.jp"});
    ae_terms_ = app::LoadAdverseEventTerms(std::string(EXO_SOURCE_DIR) + "/rules").value();
    safety_ = std::make_unique<app::SafetyServices>(
        app::SafetyServices{*store_, *store_, *store_, clock_, ae_terms_});
    measures_ = app::LoadMeasures(std::string(EXO_SOURCE_DIR) + "/rules").value();
    outcomes_ = std::make_unique<app::OutcomeServices>(
        app::OutcomeServices{*store_, *sessions_, *safety_, measures_});
    patients_ = std::make_unique<app::PatientServices>(
        app::PatientServices{*store_, *store_, *store_, clock_, screening_rules_});
    options.port = 0;
    if (options.rules_dir.empty()) {  // a scratch copy: settings tests may write to it
      options.rules_dir = dir_.File("rules");
      std::filesystem::copy(
          std::string(EXO_SOURCE_DIR) + "/rules", options.rules_dir,
          std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing);
    }
    server_ = std::make_unique<server::Server>(
        server::ServerServices{
            *lots_, *accounts_, *store_,
            authenticator_override_ != nullptr ? *authenticator_override_ : *authenticator_,
            *patients_, *plans_, *consents_, *sessions_, *aftercare_, *safety_, *outcomes_},
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
    return app::AddUser(*accounts_, cli_, name, role, clinic, kPassword).value();
  }
  // A session made directly in the store (no Argon2 cost), as a login would make it.
  Login SessionFor(const store::User& user) {
    Login l;
    const std::string token = auth::RandomHex(32);
    l.csrf = auth::RandomHex(32);
    const int64_t now = clock_.Now().unix_seconds;
    EXPECT_TRUE(store_->InsertSession({auth::Sha256Hex(token), user.id, l.csrf, now, now}));
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
  std::vector<store::AuditEntry> Audit() { return store_->ListAudit(0, 1 << 20).value(); }

  static constexpr const char* kPassword = "a long enough password";
  TempDir dir_;
  std::string db_path_ = dir_.File("auth.db");
  std::unique_ptr<store::SqliteStore> store_;
  product::QcRules rules_;
  screening::ScreeningRules screening_rules_;
  std::unique_ptr<app::PatientServices> patients_;
  treatment::ClinicSettings clinic_;
  std::vector<treatment::Alternative> alternatives_;
  std::unique_ptr<app::PlanServices> plans_;
  std::map<Lang, consent::ConsentTemplate> templates_;
  std::unique_ptr<app::ConsentServices> consents_;
  std::unique_ptr<app::SessionServices> sessions_;
  treatment::AftercareRules aftercare_rules_;
  std::unique_ptr<app::AftercareServices> aftercare_;
  std::vector<std::string> ae_terms_;
  std::unique_ptr<app::SafetyServices> safety_;
  std::vector<outcome::Measure> measures_;
  std::unique_ptr<app::OutcomeServices> outcomes_;
  app::FakeClock clock_{*Date::Parse("2026-11-24"), 1795000000};
  std::unique_ptr<app::LotServices> lots_;
  auth::LoginLimiter account_limiter_{5, 900};
  auth::LoginLimiter address_limiter_{20, 900};
  std::unique_ptr<app::AccountServices> accounts_;
  std::unique_ptr<server::AccountAuthenticator> authenticator_;
  // Set before SetUp() to authenticate every request another way (default: accounts).
  const server::Authenticator* authenticator_override_ = nullptr;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  const app::Actor cli_{"cli:test", "admin", 1, 0};
};

}  // namespace exo::testing
