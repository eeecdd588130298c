// Issue #16, files and concurrency: the database files are their owner's alone whatever the
// umask, and the portal stores one answer per questionnaire per link however many submissions
// race (a unique index; the losers get a 409 in their language).
#include <sys/stat.h>

#include <barrier>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "app/audit.h"
#include "app/database_tools.h"
#include "app/outcomes.h"
#include "app/patients.h"
#include "auth/crypto.h"
#include "server_fixture.h"
#include "store/sqlite/sqlite_stores.h"

namespace exo {
namespace {

using nlohmann::json;

unsigned Mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 01000;  // no such file: never a valid mode
  return st.st_mode & 0777;
}

// Restores the process umask at the end of a test.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

TEST(DataFiles, AreOwnerOnlyUnderAPermissiveUmask) {
  const ScopedUmask umask(022);
  testing::TempDir dir;
  const std::string data = dir.File("state/exoclinic");
  const std::string db = data + "/exoclinic.db";
  auto stores = store::SqliteStores::Open(db);
  ASSERT_TRUE(stores) << stores.error().args.at(0);
  app::FakeClock clock{*Date::Parse("2026-11-24"), 1795000000};
  const app::Actor admin{"cli:test", app::ActorRole::kAdmin, 1, 0};
  auto refs = (*stores)->Refs();
  ASSERT_TRUE(app::AppendAudit(refs.audit_writer, clock, admin, "test.write", "x",
                               store::AuditOutcome::kAllowed));
  EXPECT_EQ(Mode(dir.File("state")), 0700u);
  EXPECT_EQ(Mode(data), 0700u);
  EXPECT_EQ(Mode(db), 0600u);
  EXPECT_EQ(Mode(db + "-wal"), 0600u);  // WAL is on while the database is open
  EXPECT_EQ(Mode(db + "-shm"), 0600u);
  const std::string backup = dir.File("backups/copy.db");
  ASSERT_TRUE(
      app::BackupDatabase((*stores)->maintenance(), refs.audit_writer, clock, admin, backup));
  EXPECT_EQ(Mode(backup), 0600u);
  EXPECT_EQ(Mode(dir.File("backups")), 0700u);
}

TEST(DataFiles, AnExistingWorldReadableDatabaseIsTightened) {
  const ScopedUmask umask(022);
  testing::TempDir dir;
  const std::string db = dir.File("old.db");
  ASSERT_TRUE(store::SqliteStores::Open(db));
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  ASSERT_TRUE(store::SqliteStores::Open(db));
  EXPECT_EQ(Mode(db), 0600u);
}

TEST(DataFiles, ABackupNeverOverwritesAFile) {
  testing::TempDir dir;
  auto stores = store::SqliteStores::Open(dir.File("a.db")).value();
  const std::string taken = dir.File("taken.db");
  { std::ofstream(taken) << "keep me"; }
  const Status st = stores->maintenance().BackupTo(taken);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().message_id, "err.file_exists");
  std::ifstream in(taken);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "keep me");
}

// A database whose engine checks and signed documents the test decides.
class FakeMaintenance final : public store::Maintenance {
 public:
  std::vector<std::string> problems;
  std::vector<store::SignedDocument> documents;
  Result<std::vector<std::string>> IntegrityProblems() const override { return problems; }
  Result<std::vector<store::SignedDocument>> SignedDocuments() const override { return documents; }
  Status BackupTo(const std::string&) const override { return OkStatus(); }
  Status RestoreFrom(const std::string&) override { return OkStatus(); }
};

TEST(VerifyInstallation, NamesAnAlteredConsentPdfAndEveryEngineProblem) {
  testing::TempDir dir;
  auto stores = store::SqliteStores::Open(dir.File("v.db")).value();
  FakeMaintenance db;
  db.documents = {{1, auth::Sha256Hex("signed pdf"), "signed pdf"},
                  {2, auth::Sha256Hex("signed pdf"), "signed pdf, edited later"}};
  auto check = app::VerifyInstallation(db, stores->Refs().audit_reader);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->consents, 2);
  EXPECT_EQ(check->consents_altered, std::vector<int64_t>{2});
  EXPECT_FALSE(check->Ok());

  db.documents.pop_back();
  db.problems = {"integrity_check: row 3 missing from index x"};
  check = app::VerifyInstallation(db, stores->Refs().audit_reader);
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->consents_altered.empty());
  EXPECT_EQ(check->integrity_problems, db.problems);
  EXPECT_FALSE(check->Ok());

  db.problems.clear();
  EXPECT_TRUE(app::VerifyInstallation(db, stores->Refs().audit_reader)->Ok());
}

TEST(VerifyInstallation, TheRealDatabaseOfAFreshInstallationPasses) {
  testing::TempDir dir;
  auto stores = store::SqliteStores::Open(dir.File("fresh.db")).value();
  auto check = app::VerifyInstallation(stores->maintenance(), stores->Refs().audit_reader);
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->Ok());
  EXPECT_EQ(check->consents, 0);
}

class PortalRaceTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    patient_ = app::RegisterPatient(*patients_, cli_,
                                    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ",
                                        "birth_date": "1974-03-02", "sex": "female",
                                        "phone": "090-1111-2222"})")
                   .value()
                   .id;
  }
  int64_t patient_ = 0;
};

// Issue #16: 10 simultaneous submissions stored 5, 4 and 1 answers in three trials.
TEST_F(PortalRaceTest, TwentySimultaneousSubmissionsStoreExactlyOneAnswer) {
  const auto link = app::CreatePortalLink(*outcomes_, cli_, patient_, R"({"measures": ["phq9"]})");
  ASSERT_TRUE(link);
  constexpr int kSubmissions = 20;
  std::barrier start(kSubmissions);
  std::vector<int> status(kSubmissions, 0);
  std::vector<std::string> body(kSubmissions);
  std::vector<std::thread> threads;
  threads.reserve(kSubmissions);
  for (int i = 0; i < kSubmissions; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_read_timeout(30, 0);
      start.arrive_and_wait();
      // A connection the burst overflows (cpp-httplib listens with a backlog of 5) gets no reply
      // at all; the patient's browser sends again, and so does this client, once. What is under
      // test is that the answers stored are exactly one, however the submissions interleave.
      const auto post = [&] {
        return client.Post("/api/v1/portal/" + link->token + "/phq9",
                           {{"Accept-Language", i % 2 == 0 ? "ja" : "en"}},
                           R"({"answers": [1,1,1,1,1,1,1,1,)" + std::to_string(i % 4) + "]}",
                           "application/json");
      };
      auto r = post();
      if (!r) r = post();
      if (r) {
        status[i] = r->status;
        body[i] = r->body;
      }
    });
  }
  for (auto& t : threads) t.join();
  int created = 0;
  for (int i = 0; i < kSubmissions; ++i) {
    if (status[i] == 201) {
      ++created;
      continue;
    }
    ASSERT_EQ(status[i], 409) << i << ": " << body[i];
    const json error = json::parse(body[i], nullptr, false)["error"];
    EXPECT_EQ(error["code"], "conflict");
    EXPECT_EQ(error["message"],
              Message("err.portal_already_answered", i % 2 == 0 ? Lang::kJa : Lang::kEn, {"phq9"}));
  }
  EXPECT_EQ(created, 1);
  const std::string source = "portal_link/" + std::to_string(link->link.id);
  auto stored = stores_->outcomes.ListPatientMeasurements(1, patient_).value();
  int answers = 0;
  for (const auto& m : stored) answers += m.source == source ? 1 : 0;
  EXPECT_EQ(answers, 1);
}

}  // namespace
}  // namespace exo
