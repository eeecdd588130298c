// Every change commits together with its audit entry: when the audit append fails, the use
// case returns the error and no table changes (the SQLite store, the real use cases, an audit
// writer that fails on demand).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/consents.h"
#include "app/lots.h"
#include "app/patients.h"
#include "app/plans.h"
#include "app/rules.h"
#include "app/sessions.h"
#include "db_dump.h"
#include "store/sqlite/sqlite_stores.h"
#include "temp_dir.h"

namespace exo {
namespace {

// The real audit log, failing every append while `failing` is set.
class FailingAuditWriter final : public store::AuditWriter {
 public:
  explicit FailingAuditWriter(store::AuditWriter& real) : real_(real) {}
  Status Append(const store::AuditEntry& entry) override {
    if (failing) return Internal("audit append failed (test)");
    return real_.Append(entry);
  }
  bool failing = false;

 private:
  store::AuditWriter& real_;
};

std::string RulesDir() { return std::string(EXO_SOURCE_DIR) + "/rules"; }

class AuditedChangesTest : public ::testing::Test {
 protected:
  std::string Certificate(const std::string& lot_number) {
    auto doc = nlohmann::json::parse(
        app::ReadTextFile(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json")
            .value());
    doc["lot"]["number"] = lot_number;
    return doc.dump();
  }
  int64_t Patient() {
    return app::RegisterPatient(patients_, cli_,
                                R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                    "birth_date": "1974-03-02", "sex": "female", "weight_kg": 58.5})")
        .value()
        .id;
  }
  // Expects `failed` to be the audit writer's error and every table as `before`.
  void ExpectNothingChanged(const Error& failed, const std::string& before) {
    EXPECT_EQ(failed.code, ErrorCode::kInternal);
    EXPECT_EQ(failed.args, std::vector<std::string>{"audit append failed (test)"});
    EXPECT_EQ(testing::DumpAllTables(path_), before);
  }

  testing::TempDir dir_;
  std::string path_ = dir_.File("exo.db");
  std::unique_ptr<store::SqliteStores> sqlite_ = store::SqliteStores::Open(path_).value();
  store::Stores db_ = sqlite_->Refs();
  FailingAuditWriter audit_{db_.audit_writer};
  app::FakeClock clock_{*Date::Parse("2026-11-24"), 1795000000};
  product::QcRules qc_ = app::LoadQcRules(RulesDir()).value();
  screening::ScreeningRules screening_ = app::LoadScreeningRules(RulesDir()).value();
  treatment::ClinicSettings clinic_ = app::LoadClinicSettings(RulesDir()).value();
  std::vector<treatment::Alternative> alternatives_ = app::LoadAlternatives(RulesDir()).value();
  std::map<Lang, consent::ConsentTemplate> templates_ =
      app::LoadConsentTemplates(RulesDir()).value();
  app::LotServices lots_{db_.lot_reader, db_.lot_writer, audit_, db_.unit_of_work, clock_, qc_,
                         db_.users,      nullptr};
  app::PatientServices patients_{db_.patients,     db_.screenings, audit_,
                                 db_.unit_of_work, clock_,         screening_};
  app::PlanServices plans_{db_.plans,
                           db_.patients,
                           db_.screenings,
                           db_.lot_reader,
                           db_.treatment_sessions,
                           audit_,
                           db_.unit_of_work,
                           clock_,
                           qc_,
                           clinic_,
                           alternatives_,
                           screening_};
  app::ConsentServices consents_{plans_, db_.consents, db_.users, templates_};
  app::SessionServices sessions_{db_.treatment_sessions,
                                 db_.plans,
                                 db_.patients,
                                 db_.screenings,
                                 db_.lot_reader,
                                 db_.consents,
                                 audit_,
                                 db_.unit_of_work,
                                 clock_,
                                 clinic_,
                                 db_.users,
                                 db_.outcomes};
  const app::Actor cli_{"cli:test", app::ActorRole::kAdmin, 1, 0};
};

TEST_F(AuditedChangesTest, ALotReleaseWithoutItsAuditEntryChangesNothing) {
  const int64_t lot = app::ImportLot(lots_, cli_, Certificate("L1"), 5).value().lot.id;
  const std::string before = testing::DumpAllTables(path_);
  audit_.failing = true;
  auto released = app::ReleaseLot(lots_, cli_, lot, RouteSet::All(), {});
  ASSERT_FALSE(released.has_value());
  ExpectNothingChanged(released.error(), before);
  audit_.failing = false;
  EXPECT_EQ(app::ReleaseLot(lots_, cli_, lot, RouteSet::All(), {})->lot.state,
            product::LotState::kReleased);
}

TEST_F(AuditedChangesTest, APatientRegistrationWithoutItsAuditEntryChangesNothing) {
  const std::string before = testing::DumpAllTables(path_);
  audit_.failing = true;
  auto patient = app::RegisterPatient(patients_, cli_,
                                      R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                          "birth_date": "1974-03-02", "sex": "female"})");
  ASSERT_FALSE(patient.has_value());
  ExpectNothingChanged(patient.error(), before);
  audit_.failing = false;
  EXPECT_EQ(Patient(), 1);  // the number and the id were not taken
}

TEST_F(AuditedChangesTest, ATreatmentSessionWithoutItsAuditEntryChangesNothing) {
  const int64_t patient = Patient();
  const int64_t lot = app::ImportLot(lots_, cli_, Certificate("L1"), 5).value().lot.id;
  app::ReleaseLot(lots_, cli_, lot, RouteSet::All(), {}).value();
  const auto screening = app::RecordScreening(patients_, cli_, patient,
                                              R"({"schema": "exoclinic.intake/1", "age": 52})")
                             .value();
  app::SignOffScreening(patients_, cli_, screening.id, "fine").value();
  clock_.Set(*Date::Parse("2026-11-18"));  // the plan starts on the session's day
  store::User physician;  // the consent names the physician who planned and activated
  physician.username = "dr.audit";
  physician.role = auth::Role::kPhysician;
  physician.password_hash = "!";
  physician.display_name = "監査 医師";
  const app::Actor doctor{"dr.audit", app::ActorRole::kPhysician, 1,
                          db_.users.InsertUser(physician).value()};
  const int64_t plan =
      app::CreatePlan(plans_, doctor, patient,
                      R"({"goals": ["skin"], "route": "iv", "sites": ["whole_body"], "lot_id": )" +
                          std::to_string(lot) +
                          R"(, "dose_particles": 1.6e10, "interval_days": 28, "sessions": 2,
                              "start_date": "2026-11-18", "infusion_minutes": 30})")
          .value()
          .plan.id;
  app::ActivatePlan(plans_, doctor, plan).value();
  app::SignConsent(consents_, cli_, plan, Lang::kJa, "山田 花子", "").value();  // at 11:06
  clock_.AdvanceSeconds(3600);
  const std::string session =
      nlohmann::json{
          {"plan_id", plan},
          {"operator", "nurse.ito"},
          {"performed_at", "2026-11-18T11:30:00Z"},
          {"vitals",
           {{"bp_systolic", 118}, {"bp_diastolic", 74}, {"pulse", 68}, {"temperature_c", 36.5}}}}
          .dump();
  const std::string before = testing::DumpAllTables(path_);
  audit_.failing = true;
  auto recorded = app::RecordSession(sessions_, cli_, session);
  ASSERT_FALSE(recorded.has_value());
  ExpectNothingChanged(recorded.error(), before);  // no session, no follow-ups, stock untouched
  audit_.failing = false;
  ASSERT_TRUE(app::RecordSession(sessions_, cli_, session).has_value());
  EXPECT_EQ(db_.lot_reader.FindLot(1, lot)->vials_in_stock, 4);
}

}  // namespace
}  // namespace exo
