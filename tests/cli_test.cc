// The built exoclinic binary, run as a user would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "db_dump.h"
#include "temp_dir.h"

namespace exo {
namespace {

using nlohmann::json;

struct CmdResult {
  int code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  // Escapes single quotes for a bash -c '...' argument.
  static std::string Quote(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out;
  }
  CmdResult Exo(const std::string& args) {
    const std::string err_file = dir_.File("stderr.txt");
    const std::string token = token_.empty() ? "" : "EXOCLINIC_TOKEN=" + token_ + " ";
    const std::string inner =
        std::string("LANG=C ") + token + EXO_BINARY_DIR + "/exoclinic " + args + " 2>" + err_file;
    const std::string cmd = "bash -c '" + Quote(inner) + "'";
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err_file);
    std::stringstream ss;
    ss << in.rdbuf();
    r.err = ss.str();
    return r;
  }
  std::string Db() { return "--db " + db_; }
  // The commands after it act as physician dr.cli (an API token of theirs in EXOCLINIC_TOKEN).
  void SignIn() {
    token_.clear();
    CmdResult add = Exo(Db() + " user add dr.cli --role physician --display-name '佐藤 一郎' " +
                        "--registration-number 123456 <<< 'a long enough password'");
    ASSERT_EQ(add.code, 0) << add.err;
    CmdResult token = Exo(Db() + " token create dr.cli --name tests");
    ASSERT_EQ(token.code, 0) << token.err;
    token_ = token.out.substr(token.out.rfind('\n', token.out.size() - 2) + 1);
    while (!token_.empty() && token_.back() == '\n') token_.pop_back();
    ASSERT_EQ(token_.size(), 64u) << token.out;
  }
  // Registers 山田 花子 (born 1974-03-02, female) as patient 1.
  void AddPatient() {
    const std::string patient = WriteCert("patient.json", json{{"name_kanji", "山田 花子"},
                                                               {"name_kana", "ヤマダ ハナコ"},
                                                               {"birth_date", "1974-03-02"},
                                                               {"sex", "female"}});
    ASSERT_EQ(Exo(Db() + " patient add " + patient).code, 0);
  }
  std::string WriteCert(const std::string& name, const json& doc) {
    std::string path = dir_.File(name);
    std::ofstream(path) << doc.dump(2);
    return path;
  }
  std::string ReadIntakeFile() {
    std::ifstream in(std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  json Example() {
    std::ifstream in(std::string(EXO_SOURCE_DIR) + "/tests/data/certificate_adipose.json");
    return json::parse(in);
  }

  testing::TempDir dir_;
  std::string db_ = dir_.File("cli.db");
  std::string token_;
};

// A usage error says so in the run's language, with the hint to --help; it exits 2 (CLI11's own
// words stay inside the sentence). Both programs: analyze runs in exoclinic, lot in exoclinic-main.
TEST_F(CliTest, UsageErrorsAreIntroducedInTheRunsLanguage) {
  for (const std::string& args : {std::string("analyze --lang ja"), Db() + " --lang ja lot",
                                  Db() + " lot list --lang ja --no-such-option"}) {
    const CmdResult ja = Exo(args);
    EXPECT_EQ(ja.code, 2) << args;
    EXPECT_NE(ja.err.find("コマンドラインの指定が正しくありません"), std::string::npos) << ja.err;
    EXPECT_NE(ja.err.find("使い方は --help で表示できます"), std::string::npos) << ja.err;
    EXPECT_EQ(ja.err.find("Run with"), std::string::npos) << ja.err;
  }
  const CmdResult en = Exo("analyze --lang en");
  EXPECT_EQ(en.code, 2);
  EXPECT_NE(en.err.find("data is required"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find("Run with --help for more information"), std::string::npos) << en.err;
}

TEST_F(CliTest, EvaluateTextNeedsNoDatabase) {
  const std::string cert = WriteCert("c.json", Example());
  CmdResult r = Exo("qc evaluate " + cert + " --as-of 2026-11-24");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Injection: releasable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[FAIL] tests.purity"), std::string::npos);
  EXPECT_NE(r.out.find("The physician decides."), std::string::npos);
}

TEST_F(CliTest, EvaluateJsonIsStableAndJapaneseOnRequest) {
  json doc = Example();
  doc["tests"].erase("endotoxin_eu_per_ml");
  const std::string cert = WriteCert("c.json", doc);
  CmdResult r = Exo("qc evaluate " + cert +
                    " --format json --lang ja --route microneedle --as-of 2026-11-24");
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_EQ(report["verdict"], json({{"microneedle", "not_releasable"}}));
  EXPECT_EQ(report["verdict_detail"]["microneedle"]["blocking"], json({"tests.endotoxin"}));
  EXPECT_EQ(report["not_disclosed"],
            json({"/manufacturing/viral_inactivation", "/tests/endotoxin_eu_per_ml"}));
  EXPECT_EQ(report["disclosure"]["manufacturing_qc"]["disclosed"], 5);
  EXPECT_EQ(report["lang"], "ja");
  bool found = false;
  for (const auto& c : report["criteria"]) {
    EXPECT_TRUE(c.contains("id") && c.contains("status") && c.contains("detail"));
    if (c["id"] == "tests.endotoxin") {
      found = true;
      EXPECT_EQ(c["status"], "not_disclosed");
      EXPECT_EQ(c["title"], "エンドトキシン（/mL）");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(report["derived"].contains("particles_per_ug_protein"));
  EXPECT_TRUE(report["derived"].contains("particles_per_vial"));
}

TEST_F(CliTest, EvaluateBadInputNamesTheField) {
  json doc = Example();
  doc["tests"]["endotoxin_eu_per_ml"] = "abc";
  CmdResult r = Exo("qc evaluate " + WriteCert("c.json", doc));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/tests/endotoxin_eu_per_ml: expected a number >= 0, got \"abc\""),
            std::string::npos)
      << r.err;
  CmdResult missing = Exo("qc evaluate " + dir_.File("nope.json"));
  EXPECT_EQ(missing.code, 3);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos);
  CmdResult route = Exo("qc evaluate " + WriteCert("d.json", Example()) + " --route oral");
  EXPECT_EQ(route.code, 2);  // usage error from the argument parser
  EXPECT_NE(route.err.find("oral"), std::string::npos);
}

TEST_F(CliTest, ScreenAnIntakeWithoutADatabase) {
  const std::string intake = std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json";
  CmdResult text = Exo("screen " + intake);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("[PHYSICIAN REVIEW] autoimmune"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("[CAUTION] antiplatelet (injection,microneedle)"), std::string::npos);
  EXPECT_NE(text.out.find("The physician decides."), std::string::npos);
  CmdResult ja = Exo("screen " + intake + " --format json --lang ja");
  json out = json::parse(ja.out);
  ASSERT_FALSE(out["flags"].empty());
  for (const auto& f : out["flags"]) {
    EXPECT_TRUE(f.contains("rule") && f.contains("severity") && f.contains("routes") &&
                f.contains("reason") && f.contains("source"));
    EXPECT_FALSE(f["reason"]["ja"].get<std::string>().empty());
  }
  json bad = json::parse(ReadIntakeFile());
  bad["lifestyle"]["sleep_hours"] = 30;
  CmdResult err = Exo("screen " + WriteCert("i.json", bad));
  EXPECT_EQ(err.code, 1);
  EXPECT_NE(err.err.find("/lifestyle/sleep_hours: out of range: expected 0 to 24, got 30"),
            std::string::npos)
      << err.err;
}

TEST_F(CliTest, LotLifecycle) {
  SignIn();
  const std::string cert = WriteCert("c.json", Example());
  CmdResult imp = Exo(Db() + " lot import " + cert + " --vials 8 --format json");
  ASSERT_EQ(imp.code, 0) << imp.err;
  const int64_t id = json::parse(imp.out)["id"];
  CmdResult list = Exo(Db() + " lot list");
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("EB-ADSC-2026-031"), std::string::npos);
  EXPECT_NE(list.out.find("quarantined"), std::string::npos);

  CmdResult rel = Exo(Db() + " lot release " + std::to_string(id) + " --routes injection,topical");
  ASSERT_EQ(rel.code, 0) << rel.err;
  EXPECT_NE(rel.out.find("state: released for Injection, Topical / scalp"), std::string::npos)
      << rel.out;

  CmdResult q =
      Exo(Db() + " lot quarantine " + std::to_string(id) + " --reason 'cold chain check'");
  ASSERT_EQ(q.code, 0) << q.err;
  CmdResult recall =
      Exo(Db() + " lot recall " + std::to_string(id) + " --reason 'supplier notice'");
  ASSERT_EQ(recall.code, 0) << recall.err;
  // What the recall prints is the recalled lot's verdict, not the one from before (#13).
  EXPECT_EQ(recall.out.find(": releasable"), std::string::npos) << recall.out;
  EXPECT_NE(recall.out.find("IV drip: not releasable"), std::string::npos) << recall.out;
  CmdResult show = Exo(Db() + " lot show " + std::to_string(id) + " --format json");
  json lot = json::parse(show.out);
  EXPECT_EQ(lot["state"], "recalled");
  ASSERT_EQ(lot["events"].size(), 4u);
  EXPECT_EQ(lot["events"][2]["reason"], "cold chain check");
  EXPECT_EQ(lot["events"][3]["reason"], "supplier notice");
  // Issue #13: the recall is recorded in the named physician's name, not the operator's login.
  EXPECT_EQ(lot["events"][3]["actor"].get<std::string>().rfind("dr.cli", 0), 0u);
  // Issue #13: a recalled lot is usable by no route, whatever its certificate says, and the
  // reason is the lot's state, in the reader's language.
  for (const auto& [route, verdict] : lot["qc"]["verdict"].items()) {
    EXPECT_EQ(verdict, "not_releasable") << route;
    EXPECT_EQ(lot["qc"]["verdict_detail"][route]["blocking"][0], "lot.state") << route;
    EXPECT_FALSE(lot["qc"]["verdict_detail"][route]["overridable"].get<bool>()) << route;
  }
  const CmdResult ja = Exo(Db() + " --lang ja lot show " + std::to_string(id));
  EXPECT_NE(ja.out.find("点滴静注: 使用不可 — 阻害要因: ロットの状態（回収）"), std::string::npos)
      << ja.out;

  const std::string before = testing::DumpData(db_);
  CmdResult destroy =
      Exo(Db() + " lot destroy " + std::to_string(id) + " --reason 'freezer failure'");
  EXPECT_EQ(destroy.code, 4);
  EXPECT_NE(destroy.err.find("final"), std::string::npos) << destroy.err;
  EXPECT_EQ(testing::DumpData(db_), before);
}

TEST_F(CliTest, RejectedCommandsChangeNothing) {
  SignIn();
  json doc = Example();
  doc["tests"]["sterility"] = "positive";
  const std::string cert = WriteCert("c.json", doc);
  ASSERT_EQ(Exo(Db() + " lot import " + cert).code, 0);
  const std::string before = testing::DumpData(db_);
  struct Case {
    std::string args;
    int code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {" lot release 1 --routes topical --override tests.sterility='I insist'", 4,
       "tests.sterility"},
      {" lot release 1 --routes topical --override-reason 'I insist'", 1,
       "--override-reason: --override-reason is no longer accepted: give --override"},
      {" lot release 1 --routes topical --override 'I insist'", 1,
       "--override: expected CRITERION=REASON, got I insist"},
      {" lot release 1 --routes oral", 1, "--routes: unknown route oral"},
      {" lot release 99 --routes topical", 3, "lot 99 was not found"},
      {" lot recall 1", 2, "--reason"},
      {" lot destroy 1", 2, "--reason"},  // a reason a person gives, never one the program makes up
      {" lot quarantine 1", 4, "cannot go from quarantined"},
      {" lot import " + cert, 4, "already exists"},
      {" lot import " + WriteCert("bad.json", json{{"schema", 3}}), 1, "/schema"},
  };
  for (const auto& c : cases) {
    CmdResult r = Exo(Db() + c.args);
    EXPECT_EQ(r.code, c.code) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_EQ(testing::DumpData(db_), before) << c.args;
  }
}

// Issue #13: one --override per blocking criterion, each reason shown with its criterion in the
// history and under the QC report.
TEST_F(CliTest, ReleaseAcknowledgesEachBlockingCriterion) {
  SignIn();
  json doc = Example();
  doc["tests"].erase("endotoxin_eu_per_ml");
  for (const char* t : {"HTLV-1", "parvovirus_B19", "syphilis"}) doc["donor"]["screening"].erase(t);
  ASSERT_EQ(Exo(Db() + " lot import " + WriteCert("c.json", doc)).code, 0);
  const std::string before = testing::DumpData(db_);
  const CmdResult one = Exo(Db() +
                            " lot release 1 --routes injection --override "
                            "tests.endotoxin='LAL report on file'");
  EXPECT_EQ(one.code, 4);
  EXPECT_NE(one.err.find("/overrides/donor.screening: blocks Injection"), std::string::npos)
      << one.err;
  const CmdResult ja = Exo(Db() +
                           " --lang ja lot release 1 --routes injection --override "
                           "endotoxin=LAL --override donor.screening=panel");
  EXPECT_EQ(ja.code, 1);
  EXPECT_NE(ja.err.find("endotoxin という品質基準はありません。tests.endotoxin のことですか"),
            std::string::npos)
      << ja.err;
  EXPECT_EQ(testing::DumpData(db_), before);

  const CmdResult ok = Exo(Db() +
                           " lot release 1 --routes injection --override "
                           "tests.endotoxin='LAL report on file' --override "
                           "donor.screening='donor panel faxed, negative'");
  ASSERT_EQ(ok.code, 0) << ok.err;
  const CmdResult show = Exo(Db() + " lot show 1");
  for (const char* line :
       {"      Donor infection screening (donor.screening) [Injection] — donor panel faxed, "
        "negative\n",
        "      Endotoxin per mL (tests.endotoxin) [Injection] — LAL report on file\n",
        "Criteria released against the verdict, with the physician's reasons:\n"})
    EXPECT_NE(show.out.find(line), std::string::npos) << line << "\n" << show.out;
  const json lot = json::parse(Exo(Db() + " lot show 1 --format json").out);
  EXPECT_EQ(lot["events"][1]["overridden"][1]["reason"], "LAL report on file");
}

TEST_F(CliTest, DemoLoadsFourTellingLots) {
  CmdResult demo = Exo(Db() + " demo");
  ASSERT_EQ(demo.code, 0) << demo.err;
  EXPECT_NE(demo.out.find("4 lot(s) added"), std::string::npos);
  EXPECT_NE(Exo(Db() + " demo").out.find("0 lot(s) added"), std::string::npos);  // idempotent
  json lots = json::parse(Exo(Db() + " lot list --format json").out)["lots"];
  ASSERT_EQ(lots.size(), 4u);
  std::map<std::string, std::string> state_by_product;
  for (const auto& l : lots) state_by_product[l["product_name"]] = l["state"];
  EXPECT_EQ(state_by_product["UC-MSC small EV 10B (demo)"], "released");
  EXPECT_EQ(state_by_product["SHED-EV 5B (demo)"], "expired");
  EXPECT_EQ(state_by_product["ADSC exosome serum (demo)"], "quarantined");
  // The plant product shows why it can never go IV.
  for (const auto& l : lots) {
    json full = json::parse(
        Exo(Db() + " lot show " + std::to_string(l["id"].get<int>()) + " --format json").out);
    if (l["product_name"] == "Rose callus vesicle essence (demo)") {
      EXPECT_EQ(full["qc"]["verdict"]["iv"], "not_releasable");
      EXPECT_FALSE(full["qc"]["verdict_detail"]["iv"]["overridable"].get<bool>());
    }
    if (l["product_name"] == "ADSC exosome serum (demo)") {
      EXPECT_EQ(full["qc"]["verdict"]["injection"], "not_releasable");
      EXPECT_NE(full["qc"]["not_disclosed"].dump().find("/tests/endotoxin_eu_per_ml"),
                std::string::npos);
    }
  }
}

TEST_F(CliTest, DemoClinicAddsPatientsWithAHistoryThroughTheUseCases) {
  SignIn();
  CmdResult demo = Exo(Db() + " demo --patients 6");
  ASSERT_EQ(demo.code, 0) << demo.err;
  EXPECT_NE(demo.out.find("added 6 demo patient(s)"), std::string::npos) << demo.out;
  EXPECT_NE(Exo(Db() + " demo --patients 6").out.find("added 0 demo"), std::string::npos);
  EXPECT_EQ(Exo(Db() + " demo --patients 5000").code, 2);  // out of range
  // Each patient was screened, signed off, planned, consented and treated; the audit chain holds.
  EXPECT_EQ(testing::CountRows(db_, "patients"), 6);
  EXPECT_EQ(testing::CountRows(db_, "screenings WHERE signed_off_at IS NOT NULL"), 6);
  EXPECT_EQ(testing::CountRows(db_, "plans WHERE status = 'active'"), 6);
  EXPECT_EQ(testing::CountRows(db_, "consents"), 6);
  EXPECT_GE(testing::CountRows(db_, "treatment_sessions"), 6);
  EXPECT_GE(testing::CountRows(db_, "measurements"), 6 * 3 * 2);
  // Four lots of the product, released for every route; every plan uses one of them, and the
  // patients' plans spread over more than one (the lot is a random effect worth fitting).
  EXPECT_EQ(testing::CountRows(
                db_, "lots WHERE lot_number LIKE 'UC-DEMO-CLINIC-0_' AND state = 'released'"),
            4);
  EXPECT_EQ(testing::CountRows(db_,
                               "plans WHERE lot_id NOT IN (SELECT id FROM lots WHERE lot_number "
                               "LIKE 'UC-DEMO-CLINIC-0_')"),
            0);
  EXPECT_GE(testing::CountRows(db_, "(SELECT DISTINCT lot_id FROM plans)"), 2);
  // Only follow-ups due today or later are still open.
  EXPECT_EQ(testing::CountRows(
                db_, "followups WHERE done_at IS NULL AND due_on < date('now', 'localtime')"),
            0);
  EXPECT_EQ(Exo(Db() + " audit verify").code, 0);
  // Patient D0004 comes back today: on the day's list, planned (the clinic is open today unless
  // today is a closed day, when the schedule moved it).
  const json today = json::parse(Exo(Db() + " schedule --format json").out);
  bool d0004 = false;
  for (const auto& e : today["entries"]) d0004 = d0004 || e["patient_number"] == "D0004";
  // The clinic's day as the schedule states it (the clinic's zone, Asia/Tokyo, not this
  // process's: on Saturday evening UTC it is already Sunday there).
  const std::string day = today["date"].get<std::string>();
  namespace chr = std::chrono;
  const unsigned month = std::stoul(day.substr(5, 2)), mday = std::stoul(day.substr(8, 2));
  const chr::year_month_day ymd{chr::year{std::stoi(day.substr(0, 4))}, chr::month{month},
                                chr::day{mday}};
  const unsigned md = month * 100 + mday;  // rules/clinic.toml: Sundays, 12/29-1/3
  const bool closed_today =
      chr::weekday{chr::sys_days{ymd}} == chr::Sunday || md >= 1229 || md <= 103;
  EXPECT_TRUE(d0004 || closed_today) << today.dump();
  // A follow-up marked done leaves the open list, once.
  const std::string open = Exo(Db() + " followups").out;
  ASSERT_EQ(open.rfind('#', 0), 0u) << open;
  const std::string first = open.substr(1, open.find(' ') - 1);
  EXPECT_EQ(Exo(Db() + " followups --done " + first).code, 0);
  EXPECT_EQ(Exo(Db() + " followups").out.find("#" + first + " "), std::string::npos);
  EXPECT_NE(Exo(Db() + " followups --done " + first).code, 0);
  // The de-identified export reads the history: a baseline and follow-ups for every patient.
  const std::string csv = Exo(Db() + " export outcomes --format csv").out;
  EXPECT_GE(std::count(csv.begin(), csv.end(), '\n'), 6 * 3 * 2 + 1);
  EXPECT_NE(csv.find(",baseline,"), std::string::npos);
  EXPECT_NE(csv.find(",follow_up,"), std::string::npos);
  // Issue #14: the demo's patients say that they are fictitious, in text and in JSON.
  EXPECT_NE(Exo(Db() + " patient list --search D0001 --lang ja").out.find("デモ・架空の患者"),
            std::string::npos);
  EXPECT_EQ(json::parse(Exo(Db() + " patient show 1 --format json").out)["synthetic"], true);
}

TEST_F(CliTest, CriteriaTableListsEverySource) {
  CmdResult r = Exo("qc criteria");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("| `tests.sterility` |"), std::string::npos);
  EXPECT_NE(r.out.find("USP <85>"), std::string::npos);
}

// PITFALLS: people type `exoclinic lot list --db x.db` as often as `exoclinic --db x.db lot list`.
TEST_F(CliTest, GlobalOptionsGoBeforeOrAfterTheCommand) {
  SignIn();
  ASSERT_EQ(Exo("demo " + Db()).code, 0);
  // --db, --lang and --format before the command, after it, or mixed: the same answer.
  const CmdResult before = Exo(Db() + " --lang ja --format json lot list");
  ASSERT_EQ(before.code, 0) << before.err;
  EXPECT_EQ(json::parse(before.out)["lots"].size(), 4u);
  for (const std::string& args : {"lot list --format json --lang ja " + Db(),
                                  "lot --db " + db_ + " list --lang ja --format json",
                                  "--format json lot list --lang ja " + Db()}) {
    const CmdResult r = Exo(args);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    EXPECT_EQ(r.out, before.out) << args;
  }
  // --lang works after a command that never listed it.
  const CmdResult ja = Exo("--lang ja " + Db() + " lot show 1");
  EXPECT_NE(ja.out.find("ロット"), std::string::npos) << ja.out;
  EXPECT_EQ(Exo(Db() + " lot show 1 --lang ja").out, ja.out);
  EXPECT_EQ(Exo("user list --lang ja " + Db()).code, 0);
  // A --format before the command takes that command's choices.
  const CmdResult csv = Exo(Db() + " --format csv trace lot 1");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("session_id,performed_at_local,patient_id", 0), 0u) << csv.out;
  EXPECT_EQ(Exo(Db() + " trace lot 1 --format csv").out, csv.out);
  const CmdResult wrong_choice = Exo(Db() + " --format csv lot list");
  EXPECT_EQ(wrong_choice.code, 2);
  EXPECT_NE(wrong_choice.err.find("csv not in {text,json}"), std::string::npos) << wrong_choice.err;
  // A command without --format refuses it in either place, as a usage error.
  for (const std::string& args :
       {Db() + " --format json audit export", Db() + " audit export --format json"}) {
    const CmdResult r = Exo(args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_NE(r.err.find("not expected"), std::string::npos) << args << "\n" << r.err;
  }
  // --rules after the command.
  const std::string rules_dir = dir_.File("broken-rules");
  std::filesystem::create_directories(rules_dir);
  std::ofstream(rules_dir + "/qc.toml") << "[[criterion]]\nid = 'x'\ncheck = 'sterility'\n";
  const std::string cert = WriteCert("c.json", Example());
  const std::vector<std::string> commands = {"--rules " + rules_dir + " qc evaluate " + cert,
                                             "qc evaluate " + cert + " --rules " + rules_dir,
                                             "lot list --rules " + rules_dir + " " + Db()};
  for (const std::string& args : commands) {
    const CmdResult r = Exo(args);
    EXPECT_EQ(r.code, 1) << args;
    EXPECT_NE(r.err.find(rules_dir + "/qc.toml: x.area"), std::string::npos) << args << r.err;
  }
}

// Issue #14: help in the chosen language (--lang, else the locale), --version, and text output
// fully in that language.
TEST_F(CliTest, HelpFollowsTheLanguageAndVersionPrints) {
  const CmdResult ja = Exo("--lang ja --help");
  EXPECT_EQ(ja.code, 0);
  EXPECT_NE(ja.out.find("使い方"), std::string::npos) << ja.out;
  EXPECT_NE(ja.out.find("ロット台帳"), std::string::npos) << ja.out;
  EXPECT_EQ(ja.out.find("the lot register"), std::string::npos) << ja.out;
  const CmdResult from_locale =
      Exo("lot list --help 2>&1; LANG=ja_JP.UTF-8 " EXO_BINARY_DIR "/exoclinic lot list --help");
  EXPECT_NE(from_locale.out.find("この状態のロットだけ"), std::string::npos) << from_locale.out;
  EXPECT_NE(from_locale.out.find("only lots in this state"), std::string::npos) << from_locale.out;
  const CmdResult version = Exo("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out.rfind("exoclinic 0.", 0), 0u) << version.out;
  ASSERT_EQ(Exo(Db() + " demo").code, 0);
  const CmdResult lots = Exo(Db() + " --lang ja lot show 1");
  EXPECT_EQ(lots.code, 0);
  for (const char* raw : {"release ", "quarantined", "released"})
    EXPECT_EQ(lots.out.find(raw), std::string::npos) << raw << "\n" << lots.out;
  EXPECT_FALSE(std::regex_search(lots.out, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:)"))) << lots.out;
  const CmdResult users = Exo(Db() + " user list --format json");
  EXPECT_EQ(users.code, 0);
  EXPECT_TRUE(json::parse(users.out)["users"].is_array()) << users.out;
}

TEST_F(CliTest, BrokenRulesFileIsReportedWithItsPath) {
  const std::string rules_dir = dir_.File("rules");
  std::filesystem::create_directories(rules_dir);
  std::ofstream(rules_dir + "/qc.toml") << "[[criterion]]\nid = 'x'\ncheck = 'sterility'\n";
  CmdResult r = Exo("--rules " + rules_dir + " qc evaluate " + WriteCert("c.json", Example()));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(rules_dir + "/qc.toml: x.area"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

// Runs SQL on the database file directly, as an attacker with file access would.
void Tamper(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(h);
}

class CliAuditTest : public CliTest {
 protected:
  void SetUp() override {
    // Eleven entries: the demo's fictitious physician (who imports and releases the demo lots),
    // four imports, a release, the expiry of the old lot; the signed-in physician's account and
    // token; a recall and its trace.
    ASSERT_EQ(Exo(Db() + " demo").code, 0);
    SignIn();
    ASSERT_EQ(Exo(Db() + " lot recall 2 --reason test").code, 0);
    CmdResult ok = Exo(Db() + " audit verify");
    ASSERT_EQ(ok.code, 0) << ok.out << ok.err;
    ASSERT_NE(ok.out.find("audit log intact: 11 entries"), std::string::npos) << ok.out;
  }
};

TEST_F(CliAuditTest, EditedEntryIsNamed) {
  Tamper(db_, "UPDATE audit_log SET actor = 'someone else' WHERE id = 3");
  CmdResult r = Exo(Db() + " audit verify");
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.out.find("first bad entry 3 (content changed)"), std::string::npos) << r.out;
}

TEST_F(CliAuditTest, DeletedEntryIsNamedByTheNextOne) {
  Tamper(db_, "DELETE FROM audit_log WHERE id = 4");
  CmdResult r = Exo(Db() + " audit verify");
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.out.find("first bad entry 5"), std::string::npos) << r.out;
}

TEST_F(CliAuditTest, DeletedFirstEntryIsDetected) {
  Tamper(db_, "DELETE FROM audit_log WHERE id = 1");
  CmdResult r = Exo(Db() + " audit verify");
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.out.find("first bad entry 2"), std::string::npos) << r.out;
}

TEST_F(CliAuditTest, ReorderedEntriesAreDetected) {
  // Swap the contents (hashes included) of entries 2 and 5.
  Tamper(db_,
         "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE id IN (2, 5);"
         "UPDATE audit_log SET (at, actor, role, clinic_id, action, object, outcome, detail, "
         "prev_hash, hash) = (SELECT at, actor, role, clinic_id, action, object, outcome, detail, "
         "prev_hash, hash FROM t WHERE t.id = 7 - audit_log.id) WHERE id IN (2, 5);");
  CmdResult r = Exo(Db() + " audit verify");
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.out.find("first bad entry 2"), std::string::npos) << r.out;
}

TEST_F(CliAuditTest, ExportWritesCsvForTheDays) {
  CmdResult all = Exo(Db() + " audit export");
  ASSERT_EQ(all.code, 0);
  EXPECT_EQ(all.out.rfind("id,at,actor,role,clinic_id,action,object,outcome,detail", 0), 0u);
  EXPECT_NE(all.out.find(",lot.recall,lot/2,allowed,"), std::string::npos) << all.out;
  int lines = 0;
  for (char c : all.out) lines += c == '\n';
  EXPECT_EQ(lines, 12);
  CmdResult none = Exo(Db() + " audit export --from 2001-01-01 --to 2001-01-02");
  EXPECT_EQ(none.out.find("lot.recall"), std::string::npos);
  EXPECT_EQ(Exo(Db() + " audit export --from yesterday").code, 1);
}

// Every decision and clinical record is made by a named user whose role allows it; the
// machine's operator alone is refused and nothing changes.
TEST_F(CliTest, ClinicalCommandsNeedANamedUserWithTheRole) {
  ASSERT_EQ(Exo(Db() + " demo").code, 0);
  const std::string before = testing::DumpTable(db_, "lots");
  CmdResult unnamed = Exo(Db() + " lot release 2 --routes topical");
  EXPECT_EQ(unnamed.code, 5);  // not identified, as "not allowed"
  // One sentence saying how to name oneself, not an input error about a field called "user".
  EXPECT_EQ(unnamed.err.rfind("exoclinic: this is recorded in a person's name: run it with "
                              "--user NAME",
                              0),
            0)
      << unnamed.err;
  EXPECT_EQ(unnamed.err.find("user:"), std::string::npos) << unnamed.err;
  EXPECT_NE(Exo(Db() + " patient add /dev/null").err.find("EXOCLINIC_TOKEN"), std::string::npos);
  ASSERT_EQ(Exo(Db() + " user add nurse.cli --role nurse --display-name '伊藤 看護師'" +
                " <<< 'a long enough password'")
                .code,
            0);
  CmdResult wrong = Exo(Db() + " --user nurse.cli lot release 2 --routes topical <<< 'wrong pw'");
  EXPECT_NE(wrong.code, 0);
  CmdResult nurse =
      Exo(Db() + " --user nurse.cli lot release 2 --routes topical <<< 'a long enough password'");
  EXPECT_EQ(nurse.code, 5) << nurse.out << nurse.err;
  EXPECT_EQ(testing::DumpTable(db_, "lots"), before);
  // The audit log names the person, not the operator's login.
  const std::string audit = testing::DumpTable(db_, "audit_log");
  EXPECT_NE(audit.find("cli.login"), std::string::npos);
}

TEST_F(CliTest, UsersAndTokensFromTheCommandLine) {
  // A physician needs a display name and a registration number; each missing one is named.
  CmdResult unnamed =
      Exo("--db " + db_ + " user add dr.cli --role physician --display-name 'Sato' " +
          "<<< 'a long enough password'");
  EXPECT_EQ(unnamed.code, 1);
  EXPECT_NE(unnamed.err.find("registration_number: is required"), std::string::npos) << unnamed.err;
  CmdResult add =
      Exo("--db " + db_ + " user add dr.cli --role physician --display-name '佐藤 一郎'" +
          " --registration-number 123456 <<< 'a long enough password'");
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_NE(add.out.find("added user dr.cli (physician)"), std::string::npos);
  CmdResult set = Exo("--db " + db_ + " user set dr.cli --display-name '佐藤 一郎（内科）'" +
                      " --registration-number 654321");
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_NE(Exo("--db " + db_ + " user list").out.find("佐藤 一郎（内科）"), std::string::npos);
  CmdResult weak =
      Exo("--db " + db_ + " user add dr.weak --role nurse --display-name N <<< 'short'");
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.err.find("password: a password needs at least 12 characters"), std::string::npos);
  CmdResult dup =
      Exo("--db " + db_ +
          " user add dr.cli --role nurse --display-name N <<< 'a long enough password'");
  EXPECT_EQ(dup.code, 4);
  CmdResult role = Exo(
      "--db " + db_ + " user add dr.x --role wizard --display-name N <<< 'a long enough password'");
  EXPECT_EQ(role.code, 1);
  EXPECT_NE(role.err.find("role: unknown role wizard"), std::string::npos);
  CmdResult token = Exo("--db " + db_ + " token create dr.cli --name sync --role analyst");
  ASSERT_EQ(token.code, 0) << token.err;
  EXPECT_EQ(token.out.substr(token.out.find('\n') + 1).size(), 65u);  // 64 hex digits and newline
  CmdResult list = Exo("--db " + db_ + " token list dr.cli");
  EXPECT_NE(list.out.find("sync"), std::string::npos);
  EXPECT_EQ(Exo("--db " + db_ + " token revoke 1").code, 0);
  EXPECT_NE(Exo("--db " + db_ + " token list dr.cli").out.find("revoked"), std::string::npos);
  EXPECT_EQ(Exo("--db " + db_ + " user disable dr.cli").code, 0);
  EXPECT_NE(Exo("--db " + db_ + " user list").out.find("disabled"), std::string::npos);
  // Passwords never reach the audit log.
  EXPECT_EQ(testing::DumpTable(db_, "audit_log").find("long enough"), std::string::npos);
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

// The whole clinical path from the command line, in Japanese, on one database.
TEST_F(CliTest, TheClinicalPathWorksFromTheCommandLine) {
  SignIn();
  ASSERT_EQ(Exo(Db() + " demo").code, 0);  // lot 1 is released for every route
  const std::string patient = WriteCert("patient.json", json{{"name_kanji", "山田 花子"},
                                                             {"name_kana", "ヤマダ ハナコ"},
                                                             {"birth_date", "1974-03-02"},
                                                             {"sex", "female"},
                                                             {"weight_kg", 58.5},
                                                             {"phone", "090-1111-2222"}});
  ASSERT_EQ(Exo(Db() + " patient add " + patient).code, 0);
  const std::string intake = std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json";
  CmdResult screened = Exo(Db() + " --lang ja screening record 1 " + intake);
  ASSERT_EQ(screened.code, 0) << screened.err;
  EXPECT_NE(screened.out.find("医師の署名はまだありません"), std::string::npos) << screened.out;
  ASSERT_EQ(Exo(Db() + " screening sign-off 1 --note 'aspirin: bruising explained'").code, 0);
  const std::string plan = WriteCert("plan.json", json{{"goals", {"skin"}},
                                                       {"route", "microneedle"},
                                                       {"sites", {"face"}},
                                                       {"lot_id", 1},
                                                       {"dose_particles", 2e9},
                                                       {"interval_days", 28},
                                                       {"sessions", 2},
                                                       {"start_date", "2099-01-05"}});
  CmdResult created = Exo(Db() + " plan create 1 " + plan + " --format json");
  ASSERT_EQ(created.code, 0) << created.err;
  json p = json::parse(created.out);
  // The demo lot expires long before 2099: an error that blocks activation.
  bool expiry = false;
  for (const auto& c : p["checks"]) expiry = expiry || c["id"] == "lot_expires_before_last_session";
  EXPECT_TRUE(expiry);
  EXPECT_EQ(Exo(Db() + " plan activate 1").code, 4);
  CmdResult ics = Exo(Db() + " plan ical 1");
  EXPECT_NE(ics.out.find("BEGIN:VEVENT"), std::string::npos);
  CmdResult pdf = Exo(Db() + " --lang ja consent pdf 1 -o " + dir_.File("c.pdf"));
  ASSERT_EQ(pdf.code, 0) << pdf.err;
  EXPECT_TRUE(std::filesystem::file_size(dir_.File("c.pdf")) > 1000);
  // Patient data: owner-only, whatever the umask, also over a file that was world-readable.
  EXPECT_EQ(std::filesystem::status(dir_.File("c.pdf")).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::permissions(dir_.File("c.pdf"), std::filesystem::perms::all);
  ASSERT_EQ(Exo(Db() + " --lang ja consent pdf 1 -o " + dir_.File("c.pdf")).code, 0);
  EXPECT_EQ(std::filesystem::status(dir_.File("c.pdf")).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // The preview's content hash, printed to confirm at signing: an English signing does not match
  // the Japanese document read, and is refused; the Japanese one is recorded.
  const size_t at = pdf.out.find("SHA-256: ");
  ASSERT_NE(at, std::string::npos) << pdf.out;
  const std::string preview = pdf.out.substr(at + 9, 64);
  ASSERT_EQ(preview.find_first_not_of("0123456789abcdef"), std::string::npos) << pdf.out;
  CmdResult other_lang =
      Exo(Db() + " --lang en consent sign 1 --name '山田 花子' --preview-sha256 " + preview);
  EXPECT_EQ(other_lang.code, 4) << other_lang.err;
  EXPECT_NE(other_lang.err.find("differs from the one previewed"), std::string::npos)
      << other_lang.err;
  EXPECT_EQ(testing::CountRows(db_, "consents"), 0);
  // Without --lang the machine's locale does not choose the document the patient signs.
  CmdResult no_lang = Exo(Db() + " consent sign 1 --name '山田 花子'");  // LANG=C
  EXPECT_EQ(no_lang.code, 1) << no_lang.err;
  EXPECT_NE(no_lang.err.find("--lang ja or --lang en"), std::string::npos) << no_lang.err;
  EXPECT_EQ(testing::CountRows(db_, "consents"), 0);
  CmdResult signed_consent =
      Exo(Db() + " --lang ja consent sign 1 --name '山田 花子' --preview-sha256 " + preview);
  ASSERT_EQ(signed_consent.code, 0) << signed_consent.err;
  EXPECT_NE(signed_consent.out.find("SHA-256"), std::string::npos);
  EXPECT_NE(signed_consent.out.find("日本語の同意書で記録しました"), std::string::npos)
      << signed_consent.out;
  // Not active: no session.
  const std::string session =
      WriteCert("session.json", json{{"plan_id", 1}, {"operator", "nurse.ito"}});
  CmdResult refused = Exo(Db() + " session record " + session);
  EXPECT_EQ(refused.code, 4);
  EXPECT_NE(refused.err.find("not active"), std::string::npos) << refused.err;
  CmdResult trace = Exo(Db() + " trace lot 1 --format csv");
  ASSERT_EQ(trace.code, 0);
  EXPECT_EQ(trace.out.rfind("session_id,performed_at_local,patient_id", 0), 0u);
  CmdResult recall = Exo(Db() + " lot recall 1 --reason 'supplier notice'");
  ASSERT_EQ(recall.code, 0) << recall.err;
  EXPECT_NE(recall.out.find("0 session(s)"), std::string::npos) << recall.out;
}

TEST_F(CliTest, MeasurementsPortalExportAndReportFromTheCommandLine) {
  SignIn();
  AddPatient();
  const std::string m = WriteCert(
      "m.json",
      json{{"patient_id", 1},
           {"measure", "psqi"},
           {"measured_on", "2026-11-01"},
           {"answers", {1380, 20, 390, 360, 2, 1, 1, 0, 2, 0, 0, 1, 0, nullptr, 2, 0, 1, 1}}});
  CmdResult recorded = Exo(Db() + " measure record " + m);
  ASSERT_EQ(recorded.code, 0) << recorded.err;
  EXPECT_NE(recorded.out.find("PSQI (sleep quality)"), std::string::npos) << recorded.out;
  EXPECT_NE(recorded.out.find("baseline"), std::string::npos);
  const std::string bad = WriteCert(
      "bad.json",
      json{{"patient_id", 1}, {"measure", "tewl"}, {"measured_on", "2026-11-01"}, {"value", -3}});
  CmdResult refused = Exo(Db() + " measure record " + bad);
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("/value"), std::string::npos) << refused.err;
  const std::string fix = WriteCert(
      "fix.json",
      json{{"answers", {1380, 20, 390, 420, 2, 1, 1, 0, 2, 0, 0, 1, 0, nullptr, 2, 0, 1, 1}},
           {"reason", "sleep hours misread"}});
  CmdResult corrected = Exo(Db() + " measure correct 1 " + fix);
  ASSERT_EQ(corrected.code, 0) << corrected.err;
  EXPECT_NE(corrected.out.find("corrects #1"), std::string::npos);
  CmdResult list = Exo(Db() + " measure list 1");
  EXPECT_NE(list.out.find("superseded by #2"), std::string::npos) << list.out;
  // In Japanese: the measure's name, the date and the correction in Japanese, no English label.
  const std::string ja = Exo(Db() + " --lang ja measure list 1").out;
  EXPECT_NE(ja.find("PSQI（睡眠の質）"), std::string::npos) << ja;
  EXPECT_NE(ja.find("2026年11月1日"), std::string::npos) << ja;
  EXPECT_NE(ja.find("（#2 で訂正済み）"), std::string::npos) << ja;
  EXPECT_NE(ja.find("#1 の訂正"), std::string::npos) << ja;
  for (const char* english : {"superseded", "corrects", "baseline", "day ", "psqi"})
    EXPECT_EQ(ja.find(english), std::string::npos) << english << "\n" << ja;
  CmdResult svg = Exo(Db() + " measure chart 1 psqi -o " + dir_.File("psqi.svg"));
  ASSERT_EQ(svg.code, 0) << svg.err;
  EXPECT_TRUE(std::filesystem::file_size(dir_.File("psqi.svg")) > 500);
  CmdResult link = Exo(Db() + " portal-link create 1 --measures phq9,k6 --days 2");
  ASSERT_EQ(link.code, 0) << link.err;
  EXPECT_NE(link.out.find("/portal/"), std::string::npos);
  EXPECT_EQ(Exo(Db() + " portal-link create 1 --measures tewl").code, 1);
  CmdResult csv = Exo(Db() + " export outcomes --format csv --age-bands");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("patient_key,measure,", 0), 0u);
  EXPECT_NE(csv.out.find(",psqi,systemic,7,baseline,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",50-59,female,"), std::string::npos);
  EXPECT_EQ(csv.out.find("山田"), std::string::npos);
  CmdResult report = Exo(Db() + " --lang en report outcomes 1 -o " + dir_.File("r.pdf"));
  ASSERT_EQ(report.code, 0) << report.err;
  CmdResult timeline = Exo(Db() + " timeline 1");
  EXPECT_NE(timeline.out.find("measurement"), std::string::npos);
  EXPECT_NE(timeline.out.find("sleep hours misread"), std::string::npos);
}

TEST_F(CliTest, AnalyzeFitsAMixedModelAndWritesReports) {
  // 30 patients, 5 visits: y = 10 + patient effect + (1 + patient slope) * time + noise.
  std::string csv = "patient,time,y,route\n";
  unsigned state = 12345;
  const auto noise = [&state] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 16) % 1000) / 1000.0 - 0.5;
  };
  for (int i = 0; i < 30; ++i) {
    const double b0 = 4 * noise(), b1 = noise();
    for (int t = 0; t < 5; ++t)
      csv += "p" + std::to_string(i) + "," + std::to_string(t) + "," +
             std::to_string(10 + b0 + (1 + b1) * t + noise()) + "," + (i % 2 ? "iv" : "topical") +
             "\n";
  }
  const std::string data = dir_.File("long.csv");
  std::ofstream(data) << csv;
  CmdResult text = Exo("analyze " + data + " --formula 'y ~ time + route + (1 + time | patient)'");
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("REML criterion at convergence"), std::string::npos);
  EXPECT_NE(text.out.find("routetopical"), std::string::npos);
  CmdResult j = Exo("analyze " + data +
                    " --formula 'y ~ time + route + (1 + time | patient)' --ref route=topical "
                    "--format json --ml");
  ASSERT_EQ(j.code, 0) << j.err;
  const json fit = json::parse(j.out);
  EXPECT_EQ(fit["fixed_effects"][2]["term"], "routeiv");
  EXPECT_TRUE(fit.contains("loglik"));
  EXPECT_FALSE(fit.contains("reml_criterion"));
  EXPECT_NEAR(fit["fixed_effects"][1]["estimate"].get<double>(), 1.0, 0.3);
  CmdResult pdf =
      Exo("--lang ja analyze " + data + " --formula 'y ~ time + (1 + time | patient)' --report " +
          dir_.File("fit.pdf"));
  ASSERT_EQ(pdf.code, 0) << pdf.err;
  ASSERT_EQ(std::system(("pdftotext " + dir_.File("fit.pdf") + " " + dir_.File("fit.txt")).c_str()),
            0);
  std::stringstream pdf_buf;
  pdf_buf << std::ifstream(dir_.File("fit.txt")).rdbuf();
  const std::string pdf_text = pdf_buf.str();
  EXPECT_NE(pdf_text.find("混合効果モデルの解析"), std::string::npos);
  EXPECT_NE(pdf_text.find("証明するものではありません"), std::string::npos);
  CmdResult html = Exo("analyze " + data + " --formula 'y ~ time + (1 | patient)' --report " +
                       dir_.File("fit.html"));
  ASSERT_EQ(html.code, 0) << html.err;
  std::stringstream page_buf;
  page_buf << std::ifstream(dir_.File("fit.html")).rdbuf();
  const std::string page = page_buf.str();
  EXPECT_NE(page.find("<svg"), std::string::npos);
  // Errors: a bad formula, a missing column.
  CmdResult bad = Exo("analyze " + data + " --formula 'y ~ time + (1 + time | patient'");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("formula"), std::string::npos) << bad.err;
  CmdResult missing = Exo("analyze " + data + " --formula 'y ~ dose + (1 | patient)'");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("dose"), std::string::npos) << missing.err;
  // Responders with exact intervals.
  CmdResult resp = Exo("responders " + data + " --by route --threshold 3 --format json");
  ASSERT_EQ(resp.code, 0) << resp.err;
  const json r = json::parse(resp.out)["responders"];
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["patients"], 15);
  EXPECT_LE(r[0]["ci_low"].get<double>(), r[0]["share"].get<double>());
}

TEST_F(CliTest, AnalyzeWithLotsAndClinicsShowsTheirVarianceModesAndNote) {
  // 60 patients in 3 clinics, each visit from one of 8 lots used one after another.
  std::string csv = "patient,clinic,lot,weeks,y\n";
  unsigned state = 777;
  const auto noise = [&state] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 16) % 1000) / 1000.0 - 0.5;
  };
  const double lot_effect[8] = {1.2, -0.8, 0.4, -1.5, 0.9, 0.0, -0.3, 1.6};
  for (int i = 0; i < 60; ++i) {
    const double b0 = 4 * noise();
    for (int v = 0; v < 5; ++v) {
      const int lot = (i / 8 + v / 2) % 8;
      csv += "p" + std::to_string(i) + ",c" + std::to_string(i % 3) + ",L" + std::to_string(lot) +
             "," + std::to_string(4 * v) + "," +
             std::to_string(30 + b0 + lot_effect[lot] + 0.2 * 4 * v + noise()) + "\n";
    }
  }
  const std::string data = dir_.File("registry.csv");
  std::ofstream(data) << csv;
  const std::string formula = " --formula 'y ~ weeks + (1 | patient) + (1 | lot) + (1 | clinic)'";
  CmdResult text = Exo("analyze " + data + formula);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("groups:  patient, 60; lot, 8; clinic, 3"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Share of variance"), std::string::npos);
  CmdResult j = Exo("analyze " + data + formula + " --format json --groups");
  ASSERT_EQ(j.code, 0) << j.err;
  const json fit = json::parse(j.out);
  EXPECT_EQ(fit["random_effects"][1]["group"], "lot");
  EXPECT_EQ(fit["random_effect_modes"][1]["levels"].size(), 8u);
  CmdResult html =
      Exo("--lang en analyze " + data + formula + " --report " + dir_.File("lots.html"));
  ASSERT_EQ(html.code, 0) << html.err;
  std::stringstream page_buf;
  page_buf << std::ifstream(dir_.File("lots.html")).rdbuf();
  const std::string page = page_buf.str();
  EXPECT_NE(page.find("Conditional modes of lot"), std::string::npos);
  EXPECT_NE(page.find("confounded with time"), std::string::npos);
  EXPECT_NE(page.find("clinic has only 3 levels"), std::string::npos);
  // A term naming no column is named, in Japanese too.
  CmdResult missing =
      Exo("--lang ja analyze " + data + " --formula 'y ~ weeks + (1 | patient) + (1 | batch)'");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("(1 | batch)"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("列 batch"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

// Lots past their date expire when the expiry job runs (`lots expire`, or `serve`), never when
// they are listed or shown (issue #12).
TEST_F(CliTest, LotsExpireMarksLotsPastTheirDateAndReadsLeaveThemAlone) {
  SignIn();
  json cert = Example();
  cert["lot"]["manufactured_on"] = "2019-01-10";
  cert["lot"]["expires_on"] = "2020-01-10";
  ASSERT_EQ(Exo(Db() + " lot import " + WriteCert("old.json", cert)).code, 0);
  const std::string before = testing::DumpData(db_);
  EXPECT_EQ(json::parse(Exo(Db() + " lot list --format json").out)["lots"][0]["state"],
            "quarantined");
  EXPECT_EQ(Exo(Db() + " lot show 1").code, 0);
  EXPECT_EQ(testing::DumpData(db_), before);  // reads changed nothing

  CmdResult r = Exo(Db() + " lots expire");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1 lot(s) past their expiry date marked expired"), std::string::npos)
      << r.out;
  EXPECT_EQ(json::parse(Exo(Db() + " lot list --format json").out)["lots"][0]["state"], "expired");
  EXPECT_EQ(json::parse(Exo(Db() + " lots expire --format json").out)["expired"], 0);
  CmdResult ja = Exo(Db() + " --lang ja lot expire");
  EXPECT_NE(ja.out.find("0 ロットを期限切れにしました"), std::string::npos) << ja.out;
  EXPECT_NE(Exo("lot expire --help").out.find("mark lots past their expiry date as expired"),
            std::string::npos);
  EXPECT_NE(Exo("lot --help").out.find("expire"), std::string::npos);
}

}  // namespace
}  // namespace exo

namespace exo {
namespace {

// Issue #14: a patient's birth date as people write it and their sex by its label, in the
// reader's language; JSON keeps the ids.
TEST_F(CliTest, PatientListAndShowSpeakTheReadersLanguage) {
  SignIn();
  AddPatient();
  for (const char* args : {" --lang ja patient list", " --lang ja patient show 1"}) {
    const CmdResult ja = Exo(Db() + std::string(args));
    ASSERT_EQ(ja.code, 0) << args << "\n" << ja.err;
    EXPECT_NE(ja.out.find("1974年3月2日"), std::string::npos) << args << "\n" << ja.out;
    EXPECT_NE(ja.out.find("女性"), std::string::npos) << args << "\n" << ja.out;
    EXPECT_EQ(ja.out.find("1974-03-02"), std::string::npos) << args << "\n" << ja.out;
    EXPECT_EQ(ja.out.find("female"), std::string::npos) << args << "\n" << ja.out;
  }
  const CmdResult en = Exo(Db() + " --lang en patient list");
  EXPECT_NE(en.out.find("Mar 2, 1974"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("female"), std::string::npos) << en.out;
  const json listed = json::parse(Exo(Db() + " --lang ja patient list --format json").out);
  EXPECT_EQ(listed["birth_date"], "1974-03-02");
  EXPECT_EQ(listed["sex"], "female");
}

// Issue #14: `lot show --lang ja` names derived values, undisclosed certificate values and the
// origin from the catalogue, and a reason the expiry job gave in Japanese, by the system's name.
TEST_F(CliTest, LotShowInJapaneseNamesEveryValueAndTheSystemsReason) {
  SignIn();
  json cert = Example();
  cert["lot"]["manufactured_on"] = "2019-01-10";
  cert["lot"]["expires_on"] = "2020-01-10";
  cert["tests"].erase("endotoxin_eu_per_ml");
  ASSERT_EQ(Exo(Db() + " lot import " + WriteCert("old.json", cert)).code, 0);
  ASSERT_EQ(Exo(Db() + " lot expire").code, 0);
  const CmdResult ja = Exo(Db() + " --lang ja lot show 1");
  ASSERT_EQ(ja.code, 0) << ja.err;
  for (const char* word :
       {"タンパク質 1 µg あたりの粒子数", "純度の区分", "有効期限までの日数",
        "未開示: エンドトキシン（EU/mL）", "動物種 ヒト、組織 脂肪",
        "有効期限（2020年1月10日）を過ぎたため自動で期限切れ", "システム（自動処理）"})
    EXPECT_NE(ja.out.find(word), std::string::npos) << word << "\n" << ja.out;
  for (const char* raw : {"particles_per_ug_protein", "purity_grade", "days_to_expiry",
                          "/tests/endotoxin_eu_per_ml", "expired on", "species human", " system "})
    EXPECT_EQ(ja.out.find(raw), std::string::npos) << raw << "\n" << ja.out;
  const CmdResult en = Exo(Db() + " --lang en lot show 1");
  EXPECT_NE(en.out.find("particles per µg protein"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("expired automatically: past its expiry date (Jan 10, 2020)"),
            std::string::npos)
      << en.out;
  const json lot = json::parse(Exo(Db() + " --lang ja lot show 1 --format json").out);
  EXPECT_EQ(lot["events"][1]["actor"], "system");
  EXPECT_EQ(lot["events"][1]["reason"], "expired on 2020-01-10");  // as stored, unchanged
  EXPECT_EQ(lot["events"][1]["reason_text"], "有効期限（2020年1月10日）を過ぎたため自動で期限切れ");
}

// Issue #14: the lot history and the patient timeline name the staff member (display name),
// not their login; the JSON keeps the login in `actor` and adds `actor_name`.
TEST_F(CliTest, HistoryAndTimelineNameTheStaffMember) {
  SignIn();  // dr.cli, display name 佐藤 一郎
  ASSERT_EQ(Exo(Db() + " lot import " + WriteCert("c.json", Example())).code, 0);
  const CmdResult history = Exo(Db() + " --lang ja lot show 1");
  ASSERT_EQ(history.code, 0) << history.err;
  EXPECT_NE(history.out.find("佐藤 一郎"), std::string::npos) << history.out;
  EXPECT_EQ(history.out.find("dr.cli"), std::string::npos) << history.out;
  const json lot = json::parse(Exo(Db() + " lot show 1 --format json").out);
  EXPECT_EQ(lot["events"][0]["actor"].get<std::string>().rfind("dr.cli", 0), 0u);
  EXPECT_EQ(lot["events"][0]["actor_name"], "佐藤 一郎");

  AddPatient();
  const std::string intake = std::string(EXO_SOURCE_DIR) + "/tests/data/intake.json";
  ASSERT_EQ(Exo(Db() + " screening record 1 " + intake).code, 0);
  ASSERT_EQ(Exo(Db() + " screening sign-off 1 --note 'bruising explained'").code, 0);
  const CmdResult shown = Exo(Db() + " --lang ja patient show 1");
  EXPECT_NE(shown.out.find("医師の署名: 佐藤 一郎"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("dr.cli"), std::string::npos) << shown.out;
  const CmdResult timeline = Exo(Db() + " --lang ja timeline 1");
  ASSERT_EQ(timeline.code, 0) << timeline.err;
  EXPECT_NE(timeline.out.find("佐藤 一郎: bruising explained"), std::string::npos) << timeline.out;
  EXPECT_EQ(timeline.out.find("dr.cli"), std::string::npos) << timeline.out;
  const json entries = json::parse(Exo(Db() + " timeline 1 --format json").out)["timeline"];
  bool signed_off = false;
  for (const auto& e : entries) {
    if (e["kind"] != "sign_off") continue;
    signed_off = true;
    EXPECT_EQ(e["actor"].get<std::string>().rfind("dr.cli", 0), 0u);
    EXPECT_EQ(e["actor_name"], "佐藤 一郎");
  }
  EXPECT_TRUE(signed_off) << entries.dump();
}

}  // namespace
}  // namespace exo
