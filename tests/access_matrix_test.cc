// Every endpoint called by every role and by an anonymous client. The expected table is
// written out here, independently of auth/roles.cc and of the server's route table
// (server/routes.cc), and matches docs/security.md; a route without its row here, or a row
// without its route, fails.
#include <algorithm>
#include <regex>

#include "app/rule_files.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

// Letters: a admin, p physician, n nurse, r reception, y analyst, t patient, - anonymous.
struct Endpoint {
  std::string name;     // method, then a short name
  std::string path;     // a path the endpoint serves, matched against the route table
  std::string allowed;  // who gets 2xx; everyone else 401 (anonymous) or 403
  // Makes a fresh, valid request for `user` and returns the response.
  std::function<httplib::Result(const store::User& user, const httplib::Headers& h)> call;
  // Allowed callers may get a data error (e.g. too little data to fit a model): any status
  // but 401/403 counts as allowed.
  bool data_dependent = false;
};

class AccessMatrixTest : public testing::ServerFixture {
 protected:
  std::vector<Endpoint> Endpoints() {
    auto fresh = [this](const std::string& prefix) { return prefix + std::to_string(++counter_); };
    const auto lot = [this, fresh] { return std::to_string(ImportLot(fresh("M-"))); };
    const auto released_lot = [this, lot] {
      std::string id = lot();
      app::ReleaseLot(*lots_, cli_, std::stoll(id), RouteSet::All(), {}).value();
      return id;
    };
    return {
        {"GET health", "/api/v1/health", "apnryt-",
         [this](auto&, auto& h) { return Get("/api/v1/health", h); }},
        {"GET qc/criteria", "/api/v1/qc/criteria", "apnryt-",
         [this](auto&, auto& h) { return Get("/api/v1/qc/criteria", h); }},
        {"POST login", "/api/v1/login", "apnryt-",
         [this](const store::User& u, auto&) {
           return Post("/api/v1/login",
                       json{{"username", u.username.empty() ? "dr.login" : u.username},
                            {"password", kPassword}}
                           .dump());
         }},
        // Without a setup token (this server has none) every caller gets 409 err.setup_done.
        {"POST setup", "/api/v1/setup", "apnryt-",
         [this](auto&, auto& h) {
           return Post(
               "/api/v1/setup",
               json{{"setup_token", "t"}, {"username", "admin"}, {"password", kPassword}}.dump(),
               h);
         },
         true},
        {"POST screening/evaluate", "/api/v1/screening/evaluate", "apnryt-",
         [this](auto&, auto& h) {
           return Post("/api/v1/screening/evaluate",
                       R"({"schema": "exoclinic.intake/1", "age": 40})", h);
         }},
        {"POST qc/evaluate", "/api/v1/qc/evaluate", "apny",
         [this](auto&, auto& h) { return Post("/api/v1/qc/evaluate", CertificateText("E"), h); }},
        {"GET lots", "/api/v1/lots", "apn",
         [this](auto&, auto& h) { return Get("/api/v1/lots", h); }},
        {"POST lots", "/api/v1/lots", "pn",
         [this, fresh](auto&, auto& h) {
           return Post("/api/v1/lots", CertificateText(fresh("N-")), h);
         }},
        {"GET lots/ID", "/api/v1/lots/7", "apn",
         [this, lot](auto&, auto& h) { return Get("/api/v1/lots/" + lot(), h); }},
        {"POST lots/ID/release", "/api/v1/lots/7/release", "p",
         [this, lot](auto&, auto& h) {
           return Post("/api/v1/lots/" + lot() + "/release", R"({"routes": ["topical"]})", h);
         }},
        {"POST lots/ID/quarantine", "/api/v1/lots/7/quarantine", "p",
         [this, released_lot](auto&, auto& h) {
           return Post("/api/v1/lots/" + released_lot() + "/quarantine", "", h);
         }},
        {"POST lots/ID/recall", "/api/v1/lots/7/recall", "p",
         [this, lot](auto&, auto& h) {
           return Post("/api/v1/lots/" + lot() + "/recall", R"({"reason": "test"})", h);
         }},
        {"POST lots/ID/destroy", "/api/v1/lots/7/destroy", "p",
         [this, lot](auto&, auto& h) {
           return Post("/api/v1/lots/" + lot() + "/destroy", R"({"reason": "test"})", h);
         }},
        {"GET me", "/api/v1/me", "apnry", [this](auto&, auto& h) { return Get("/api/v1/me", h); }},
        {"GET users", "/api/v1/users", "a",
         [this](auto&, auto& h) { return Get("/api/v1/users", h); }},
        {"POST users", "/api/v1/users", "a",
         [this, fresh](auto&, auto& h) {
           return Post("/api/v1/users",
                       json{{"username", fresh("new.user")},
                            {"role", "nurse"},
                            {"password", kPassword},
                            {"display_name", "伊藤 看護師"}}
                           .dump(),
                       h);
         }},
        {"POST users/NAME/disable", "/api/v1/users/someone/disable", "a",
         [this, fresh](auto&, auto& h) {
           const std::string name = fresh("victim");
           AddUser(name, "nurse");
           return Post("/api/v1/users/" + name + "/disable", "", h);
         }},
        {"POST users/NAME/enable", "/api/v1/users/someone/enable", "a",
         [this, fresh](auto&, auto& h) {
           const std::string name = fresh("sleeper");
           AddUser(name, "nurse");
           app::SetUserDisabled(*accounts_, cli_, name, true).value();
           return Post("/api/v1/users/" + name + "/enable", "", h);
         }},
        {"POST users/SELF/password", "/api/v1/users/someone/password", "apnry",
         [this](const store::User& u, auto& h) {
           const std::string name = u.username.empty() ? "nobody" : u.username;
           return Post("/api/v1/users/" + name + "/password", json{{"password", kPassword}}.dump(),
                       h);
         }},
        {"POST users/SELF/profile", "/api/v1/users/someone/profile", "apnry",
         [this](const store::User& u, auto& h) {
           const std::string name = u.username.empty() ? "nobody" : u.username;
           const json body = {{"display_name", "新しい 氏名"},
                              {"registration_number", u.role == auth::Role::kPhysician ? "7" : ""}};
           return Post("/api/v1/users/" + name + "/profile", body.dump(), h);
         }},
        {"GET tokens", "/api/v1/tokens", "apnry",
         [this](auto&, auto& h) { return Get("/api/v1/tokens", h); }},
        {"POST tokens", "/api/v1/tokens", "apnry",
         [this](auto&, auto& h) { return Post("/api/v1/tokens", R"({"name": "t"})", h); }},
        {"POST tokens/ID/revoke", "/api/v1/tokens/7/revoke", "apnry",
         [this](const store::User& u, auto& h) {
           std::string id = "1";
           if (!u.username.empty() && u.role != auth::Role::kPatient) {
             id =
                 std::to_string(app::CreateApiToken(*accounts_, cli_, u.username, "r", std::nullopt)
                                    .value()
                                    .token.id);
           }
           return Post("/api/v1/tokens/" + id + "/revoke", "", h);
         }},
        {"POST logout", "/api/v1/logout", "apnry",
         [this](auto&, auto& h) { return Post("/api/v1/logout", "", h); }},
        {"GET patients", "/api/v1/patients", "pnr",
         [this](auto&, auto& h) { return Get("/api/v1/patients?q=%E3%83%A4", h); }},
        {"POST patients", "/api/v1/patients", "pnr",
         [this](auto&, auto& h) { return Post("/api/v1/patients", PatientJson(), h); }},
        {"GET patients/ID", "/api/v1/patients/7", "pnr",
         [this](auto&, auto& h) { return Get("/api/v1/patients/" + NewPatient(), h); }},
        {"POST patients/ID/check-ins", "/api/v1/patients/7/check-ins", "pnr",
         [this](auto&, auto& h) {
           return Post("/api/v1/patients/" + NewPatient() + "/check-ins", "", h);
         }},
        {"POST check-ins/ID/undo", "/api/v1/check-ins/7/undo", "pnr",
         [this](auto&, auto& h) {
           const int64_t patient = std::stoll(NewPatient());
           const auto made = app::CheckInPatient(services_->front_desk, cli_, patient).value();
           return Post("/api/v1/check-ins/" + std::to_string(made.id) + "/undo", "", h);
         }},
        {"GET check-ins", "/api/v1/check-ins", "pnr",
         [this](auto&, auto& h) { return Get("/api/v1/check-ins", h); }},
        {"POST patients/ID/screenings", "/api/v1/patients/7/screenings", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/patients/" + NewPatient() + "/screenings",
                       R"({"schema": "exoclinic.intake/1", "age": 50})", h);
         }},
        {"GET patients/ID/screenings", "/api/v1/patients/7/screenings", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/screenings", h);
         }},
        {"POST screenings/ID/sign-off", "/api/v1/screenings/7/sign-off", "p",
         [this](auto&, auto& h) {
           const int64_t pid = std::stoll(NewPatient());
           const auto r = app::RecordScreening(*patients_, cli_, pid,
                                               R"({"schema": "exoclinic.intake/1", "age": 50})")
                              .value();
           return Post("/api/v1/screenings/" + std::to_string(r.id) + "/sign-off",
                       R"({"note": "reviewed"})", h);
         }},
        {"POST patients/ID/plans", "/api/v1/patients/7/plans", "p",
         [this](auto&, auto& h) {
           return Post("/api/v1/patients/" + NewPatient() + "/plans", PlanJson(ReleasedLot()), h);
         }},
        {"GET patients/ID/plans", "/api/v1/patients/7/plans", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/patients/" + NewPatient() + "/plans", h); }},
        {"GET plans/ID", "/api/v1/plans/7", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/plans/" + NewPlan(false), h); }},
        {"POST plans/ID/activate", "/api/v1/plans/7/activate", "p",
         [this](auto&, auto& h) {
           return Post("/api/v1/plans/" + NewPlan(true) + "/activate", "", h);
         }},
        {"GET plans/ID/schedule.ics", "/api/v1/plans/7/schedule.ics", "pnr",
         [this](auto&, auto& h) {
           return Get("/api/v1/plans/" + NewPlan(false) + "/schedule.ics", h);
         }},
        {"GET plans/ID/consent.pdf", "/api/v1/plans/7/consent.pdf", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/plans/" + NewPlan(false) + "/consent.pdf", h);
         }},
        {"POST plans/ID/consents", "/api/v1/plans/7/consents", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/plans/" + NewPlan(false) + "/consents",
                       R"({"typed_name": "山田 花子", "lang": "ja"})", h);
         }},
        {"GET plans/ID/consents", "/api/v1/plans/7/consents", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/plans/" + NewPlan(false) + "/consents", h);
         }},
        {"GET consents/ID/document.pdf", "/api/v1/consents/7/document.pdf", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/consents/" + NewConsent() + "/document.pdf", h);
         }},
        {"POST consents/ID/withdraw", "/api/v1/consents/7/withdraw", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/consents/" + NewConsent() + "/withdraw", "", h);
         }},
        {"POST sessions", "/api/v1/sessions", "pn",
         [this](auto&, auto& h) {
           const std::string plan = ActivePlanWithConsent();
           return Post("/api/v1/sessions",
                       R"({"plan_id": )" + plan +
                           R"(, "operator": "n", "performed_at": "2026-11-18T10:00:00Z"})",
                       h);
         }},
        {"GET patients/ID/sessions", "/api/v1/patients/7/sessions", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/sessions", h);
         }},
        {"GET followups", "/api/v1/followups", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/followups", h); }},
        {"GET schedule", "/api/v1/schedule", "pnr",
         [this](auto&, auto& h) { return Get("/api/v1/schedule", h); }},
        {"GET patients/ID/adverse-events", "/api/v1/patients/7/adverse-events", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/adverse-events", h);
         }},
        {"GET adverse-event-terms", "/api/v1/adverse-event-terms", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/adverse-event-terms", h); }},
        {"GET lots/ID/trace", "/api/v1/lots/7/trace", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/lots/" + std::to_string(ReleasedLot()) + "/trace", h);
         }},
        {"GET sessions/ID/aftercare.pdf", "/api/v1/sessions/7/aftercare.pdf", "pn",
         [this](auto&, auto& h) {
           const std::string plan = ActivePlanWithConsent();
           const auto s = app::RecordSession(
                              *sessions_, cli_,
                              R"({"plan_id": )" + plan +
                                  R"(, "operator": "n", "performed_at": "2026-11-18T10:00:00Z"})")
                              .value();
           return Get("/api/v1/sessions/" + std::to_string(s.id) + "/aftercare.pdf", h);
         }},
        {"POST followups/ID/done", "/api/v1/followups/7/done", "pn",
         [this](auto&, auto& h) {
           const std::string plan = ActivePlanWithConsent();
           app::RecordSession(*sessions_, cli_,
                              R"({"plan_id": )" + plan +
                                  R"(, "operator": "n", "performed_at": "2026-11-18T10:00:00Z"})")
               .value();
           const auto open = stores_->treatment_sessions.ListOpenFollowUps(1, std::nullopt).value();
           return Post("/api/v1/followups/" + std::to_string(open.back().id) + "/done", "{}", h);
         }},
        {"GET screening/conditions", "/api/v1/screening/conditions", "apnryt-",
         [this](auto&, auto& h) { return Get("/api/v1/screening/conditions", h); }},
        {"GET lots/public/TOKEN", "/lots/public/0a1b", "apnryt-",
         [this](auto&, auto& h) {
           return Get("/lots/public/" + stores_->lot_reader.FindLot(1, ReleasedLot())->public_token,
                      h);
         }},
        {"GET public/lots/TOKEN", "/api/v1/public/lots/0a1b", "apnryt-",
         [this](auto&, auto& h) {
           return Get(
               "/api/v1/public/lots/" + stores_->lot_reader.FindLot(1, ReleasedLot())->public_token,
               h);
         }},
        {"POST adverse-events", "/api/v1/adverse-events", "pn",
         [this](auto&, auto& h) {
           return Post(
               "/api/v1/adverse-events",
               R"({"patient_id": )" + NewPatient() +
                   R"(, "onset_date": "2026-11-20", "description": "redness", "term": "Erythema",
                           "ctcae_grade": 1, "serious": false, "causality": "possible", "outcome": "recovered"})",
               h);
         }},
        {"GET patients/ID/timeline", "/api/v1/patients/7/timeline", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/timeline", h);
         }},
        // Reception reads the patient, never the clinical record the overview carries.
        {"GET patients/ID/overview", "/api/v1/patients/7/overview", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/overview", h);
         }},
        // Everyone who keeps the day's list; what it holds depends on the role (DashboardTest).
        {"GET dashboard", "/api/v1/dashboard", "pnr",
         [this](auto&, auto& h) { return Get("/api/v1/dashboard", h); }},
        {"GET alerts", "/api/v1/alerts", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/alerts", h); }},
        {"GET signals", "/api/v1/signals", "pn",
         [this](auto&, auto& h) { return Get("/api/v1/signals", h); }},
        {"GET measures", "/api/v1/measures", "apnryt-",
         [this](auto&, auto& h) { return Get("/api/v1/measures", h); }},
        {"POST measurements", "/api/v1/measurements", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/measurements",
                       R"({"patient_id": )" + NewPatient() +
                           R"(, "measure": "tewl", "measured_on": "2026-11-20", "value": 12})",
                       h);
         }},
        {"POST measurements/ID/corrections", "/api/v1/measurements/7/corrections", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/measurements/" + NewMeasurement() + "/corrections",
                       R"({"value": 13, "reason": "typo"})", h);
         }},
        {"GET patients/ID/measurements", "/api/v1/patients/7/measurements", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/measurements", h);
         }},
        {"GET patients/ID/charts/M.svg", "/api/v1/patients/7/charts/tewl.svg", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/charts/tewl.svg", h);
         }},
        {"GET patients/ID/outcome-report.pdf", "/api/v1/patients/7/outcome-report.pdf", "pn",
         [this](auto&, auto& h) {
           return Get("/api/v1/patients/" + NewPatient() + "/outcome-report.pdf", h);
         }},
        {"POST patients/ID/portal-links", "/api/v1/patients/7/portal-links", "pn",
         [this](auto&, auto& h) {
           return Post("/api/v1/patients/" + NewPatient() + "/portal-links",
                       R"({"measures": ["k6"]})", h);
         }},
        {"POST portal-links/ID/revoke", "/api/v1/portal-links/7/revoke", "pn",
         [this](auto&, auto& h) {
           return Post(
               "/api/v1/portal-links/" + std::to_string(NewPortalLink().link.id) + "/revoke", "",
               h);
         }},
        {"POST analyses", "/api/v1/analyses", "py",
         [this](auto&, auto& h) {
           return Post("/api/v1/analyses", R"({"measure": "corneometer", "factors": ["route"]})",
                       h);
         },
         true},
        {"GET exports/outcomes.csv", "/api/v1/exports/outcomes.csv", "py",
         [this](auto&, auto& h) { return Get("/api/v1/exports/outcomes.csv", h); }},
        {"GET api/portal/TOKEN", "/api/v1/portal/0a1b", "apnryt-",
         [this](auto&, auto& h) { return Get("/api/v1/portal/" + NewPortalLink().token, h); }},
        {"POST api/portal/TOKEN/k6", "/api/v1/portal/0a1b/k6", "apnryt-",
         [this](auto&, auto& h) {
           return Post("/api/v1/portal/" + NewPortalLink().token + "/k6",
                       R"({"answers": [0, 1, 2, 1, 0, 0]})", h);
         }},
        {"GET portal/style.css", "/portal/style.css", "apnryt-",
         [this](auto&, auto& h) { return Get("/portal/style.css", h); }},
        {"GET portal/TOKEN (page)", "/portal/0a1b", "apnryt-",
         [this](auto&, auto& h) { return Get("/portal/" + NewPortalLink().token, h); }},
        {"POST portal/TOKEN/k6 (form)", "/portal/0a1b/k6", "apnryt-",
         [this](auto&, auto& h) {
           return client_->Post("/portal/" + NewPortalLink().token + "/k6", h,
                                "a1=0&a2=1&a3=2&a4=1&a5=0&a6=0",
                                "application/x-www-form-urlencoded");
         }},
        {"GET settings/clinic", "/api/v1/settings/clinic", "a",
         [this](auto&, auto& h) { return Get("/api/v1/settings/clinic", h); }},
        {"POST settings/clinic (unchanged values)", "/api/v1/settings/clinic", "a",
         [this](auto&, auto& h) {
           auto form = app::ReadClinicSettingsJson(dir_.File("rules")).value();
           return Post("/api/v1/settings/clinic", form.dump(), h);
         }},
        {"GET settings/rules", "/api/v1/settings/rules", "a",
         [this](auto&, auto& h) { return Get("/api/v1/settings/rules", h); }},
        {"GET settings/rules/clinic", "/api/v1/settings/rules/clinic", "a",
         [this](auto&, auto& h) { return Get("/api/v1/settings/rules/clinic", h); }},
        {"POST settings/rules/ae_terms (unchanged text)", "/api/v1/settings/rules/ae_terms", "a",
         [this](auto&, auto& h) {
           const std::string text =
               app::ReadTextFile(std::string(EXO_SOURCE_DIR) + "/rules/ae_terms.toml").value();
           return Post("/api/v1/settings/rules/ae_terms", nlohmann::json{{"text", text}}.dump(), h);
         }},
        {"GET audit/verify", "/api/v1/audit/verify", "a",
         [this](auto&, auto& h) { return Get("/api/v1/audit/verify", h); }},
        {"GET audit/export", "/api/v1/audit/export", "a",
         [this](auto&, auto& h) { return Get("/api/v1/audit/export?from=2026-01-01", h); }},
    };
  }
  int counter_ = 0;
  // A new person each time (another birth date): the same name and birth date again would be a
  // likely duplicate, refused until confirmed (tests/patients_test.cc).
  int patients_made_ = 0;
  std::string PatientJson() {
    const std::string birth = Date::Parse("1950-01-01")->AddDays(++patients_made_).ToString();
    return R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": ")" + birth +
           R"(", "sex": "female"})";
  }
  int64_t ReleasedLot() {
    const int64_t id = ImportLot("PL-" + std::to_string(++counter_));
    app::ReleaseLot(*lots_, cli_, id, RouteSet::All(), {}).value();
    return id;
  }
  static std::string PlanJson(int64_t lot) {
    return R"({"goals": ["skin"], "route": "topical", "sites": ["face"], "lot_id": )" +
           std::to_string(lot) +
           R"(, "dose_particles": 1e9, "interval_days": 14, "sessions": 2, "start_date": "2026-12-01"})";
  }
  // A plan for a new patient; `ready`: screened and signed off, so it can be activated.
  std::string NewPlan(bool ready) {
    const int64_t patient = std::stoll(NewPatient());
    if (ready) {
      const auto r = app::RecordScreening(*patients_, cli_, patient,
                                          R"({"schema": "exoclinic.intake/1", "age": 50})")
                         .value();
      app::SignOffScreening(*patients_, cli_, r.id, "ok").value();
    }
    return std::to_string(
        app::CreatePlan(*plans_, Doctor(), patient, PlanJson(ReleasedLot())).value().plan.id);
  }
  // An active plan that started the day before the clock's time (2026-11-17), its consent
  // signed then; a session at 2026-11-18 10:00 may follow. (Moving the clock forward instead
  // would end the test users' log-ins.)
  std::string ActivePlanWithConsent() {
    const int64_t patient = std::stoll(NewPatient());
    const auto r = app::RecordScreening(*patients_, cli_, patient,
                                        R"({"schema": "exoclinic.intake/1", "age": 50})")
                       .value();
    app::SignOffScreening(*patients_, cli_, r.id, "ok").value();
    MoveClock("2026-11-17T09:00:00Z");
    std::string json = PlanJson(ReleasedLot());
    json.replace(json.find("2026-12-01"), 10, "2026-11-17");
    const int64_t plan = app::CreatePlan(*plans_, Doctor(), patient, json).value().plan.id;
    app::ActivatePlan(*plans_, Doctor(), plan).value();
    app::SignConsent(*consents_, cli_, plan, Lang::kEn, "山田 花子", "").value();
    ResetClock();
    return std::to_string(plan);
  }
  std::string NewConsent() {
    return std::to_string(
        app::SignConsent(*consents_, cli_, std::stoll(NewPlan(false)), Lang::kEn, "山田 花子", "")
            .value()
            .id);
  }
  std::string NewMeasurement() {
    return std::to_string(
        app::RecordMeasurement(
            *outcomes_, cli_,
            R"({"patient_id": )" + NewPatient() +
                R"(, "measure": "tewl", "measured_on": "2026-11-20", "value": 12})")
            .value()
            .id);
  }
  app::CreatedPortalLink NewPortalLink() {
    return app::CreatePortalLink(*outcomes_, cli_, std::stoll(NewPatient()),
                                 R"({"measures": ["k6"]})")
        .value();
  }
  std::string NewPatient() {
    return std::to_string(app::RegisterPatient(*patients_, cli_, PatientJson()).value().id);
  }
};

TEST_F(AccessMatrixTest, EveryRoleGetsExactlyItsAllowedSet) {
  const std::vector<std::pair<char, std::string>> roles = {
      {'a', "admin"},   {'p', "physician"}, {'n', "nurse"}, {'r', "reception"},
      {'y', "analyst"}, {'t', "patient"},   {'-', ""}};
  int checked = 0;
  std::map<char, store::User> users;
  AddUser("dr.login", "physician");  // the account an anonymous client logs in to
  for (const auto& [letter, role] : roles)
    if (!role.empty()) users[letter] = AddUser("u." + role, role);
  for (const auto& e : Endpoints()) {
    for (const auto& [letter, role] : roles) {
      store::User user;
      httplib::Headers headers;
      if (!role.empty()) {
        user = users[letter];
        // A fresh session per call: some calls (password, logout) end the session.
        testing::Login l = SessionFor(user);
        headers = With(l);
      }
      const size_t audit_before = Audit().size();
      auto r = e.call(user, headers);
      ASSERT_TRUE(r) << e.name << " as " << letter;
      const bool allowed = e.allowed.find(letter) != std::string::npos;
      if (allowed && e.data_dependent) {
        EXPECT_TRUE(r->status != 401 && r->status != 403)
            << e.name << " as " << (role.empty() ? "anonymous" : role) << ": " << r->status;
      } else if (allowed) {
        EXPECT_TRUE(r->status == 200 || r->status == 201)
            << e.name << " as " << (role.empty() ? "anonymous" : role) << ": " << r->status << " "
            << r->body;
      } else {
        EXPECT_EQ(r->status, role.empty() ? 401 : 403)
            << e.name << " as " << (role.empty() ? "anonymous" : role) << ": " << r->body;
        if (!role.empty()) {  // denials are audited
          const auto audit = Audit();
          ASSERT_GT(audit.size(), audit_before) << e.name << " as " << role;
          EXPECT_EQ(audit.back().outcome, store::AuditOutcome::kDenied);
          EXPECT_EQ(audit.back().actor, user.username);
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 83 * 7);
}

// The table above and the server's route table name the same endpoints: every route matches
// the sample path of exactly one row of its method, every row exactly one route, and a route
// is public exactly when its row lets an anonymous client in.
TEST_F(AccessMatrixTest, EveryRouteHasItsRowAndEveryRowItsRoute) {
  const std::vector<server::RouteInfo> routes = server_->Routes();
  const std::vector<Endpoint> endpoints = Endpoints();
  const auto serves = [](const server::RouteInfo& r, const Endpoint& e) {
    return e.name.substr(0, e.name.find(' ')) == r.method &&
           std::regex_match(e.path, std::regex(r.pattern));
  };
  for (const auto& r : routes) {
    const auto rows = std::count_if(endpoints.begin(), endpoints.end(),
                                    [&](const Endpoint& e) { return serves(r, e); });
    EXPECT_EQ(rows, 1) << r.method << " " << r.pattern << " (" << r.action << ")";
  }
  for (const auto& e : endpoints) {
    std::vector<const server::RouteInfo*> found;
    for (const auto& r : routes)
      if (serves(r, e)) found.push_back(&r);
    ASSERT_EQ(found.size(), 1u) << e.name << " " << e.path;
    EXPECT_EQ(found[0]->permission == auth::Permission::kPublic,
              e.allowed.find('-') != std::string::npos)
        << e.name;
  }
  EXPECT_EQ(routes.size(), endpoints.size());
}

}  // namespace
}  // namespace exo
