// The transport's limits against a real server on loopback (issue #16's probe findings): bodies
// of every framing, headers, slow clients, crowds of keep-alive clients, connection caps.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "db_dump.h"
#include "raw_http.h"
#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;
using testing::RawResponse;
using testing::RawSocket;
using Clock = std::chrono::steady_clock;

constexpr const char* kHanako =
    R"({"name_kanji": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": "1974-03-02",
        "sex": "female", "phone": "03-1234-5678", "weight_kg": 58.5})";

// The process's peak resident memory in kB (the server runs in this process).
long PeakResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// The 99th percentile of `values` (sorted in place).
double P99(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, values.size() * 99 / 100)];
}

struct ChunkedOutcome {
  size_t body_bytes_sent = 0;
  std::optional<RawResponse> response;
};

// POSTs `prefix` followed by spaces up to `total` bytes (still valid JSON) in 64 KiB chunks,
// stopping as soon as the server answers; then reads the answer.
ChunkedOutcome SendChunked(RawSocket& s, const std::string& path, const std::string& headers,
                           const std::string& prefix, size_t total) {
  ChunkedOutcome out;
  const auto chunk = [](const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
  };
  if (!s.Send("POST " + path +
              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              "Transfer-Encoding: chunked\r\n" +
              headers + "\r\n" + chunk(prefix)))
    return out;
  out.body_bytes_sent = prefix.size();
  const std::string spaces = chunk(std::string(size_t{64} * 1024, ' '));
  while (out.body_bytes_sent < total && !s.Readable(0)) {
    if (!s.Send(spaces)) break;
    out.body_bytes_sent += size_t{64} * 1024;
  }
  if (out.body_bytes_sent >= total) s.Send("0\r\n\r\n");
  out.response = s.ReadResponse(10'000);
  return out;
}

class HttpLimitsTest : public testing::ServerFixture {
 protected:
  void Restart(const server::HttpLimits& limits) {
    Shutdown();
    server::ServerOptions options;
    options.limits = limits;
    Start(options);
  }
  int Patients() { return testing::CountRows(db_path_, "patients"); }
};

TEST_F(HttpLimitsTest, Issue16ChunkedFiveMegabytePatientIsRefusedAndNothingStored) {
  const testing::Login desk = SessionFor(AddUser("desk.abe", "reception"));
  RawSocket s(server_->port());
  const auto out = SendChunked(s, "/api/v1/patients",
                               "Cookie: " + desk.cookie + "\r\nX-CSRF-Token: " + desk.csrf + "\r\n",
                               kHanako, 5 << 20);
  ASSERT_TRUE(out.response) << "no answer after " << out.body_bytes_sent << " bytes";
  EXPECT_EQ(out.response->status, 413);
  EXPECT_EQ(json::parse(out.response->body)["error"]["code"], "too_large");
  EXPECT_EQ(out.response->headers.at("connection"), "close");
  EXPECT_TRUE(s.ClosedWithin(5000));
  EXPECT_EQ(Patients(), 0);
  // The same patient in a small body is stored: the limit, not the content, refused it.
  EXPECT_EQ(Post("/api/v1/patients", kHanako, With(desk))->status, 201);
  EXPECT_EQ(Patients(), 1);
}

TEST_F(HttpLimitsTest, Issue16AnonymousChunkedLoginOf200MegabytesIsRefusedEarly) {
  const long peak_before_kb = PeakResidentKb();
  RawSocket s(server_->port());
  const auto out =
      SendChunked(s, "/api/v1/login", "", R"({"username": "x", "password": ")", size_t{200} << 20);
  ASSERT_TRUE(out.response);
  EXPECT_EQ(out.response->status, 413);
  // Refused once the 1 MiB limit was passed: what was sent beyond it sat in socket buffers.
  EXPECT_LT(out.body_bytes_sent, size_t{24} << 20);
  EXPECT_LT(PeakResidentKb() - peak_before_kb, 64 * 1024) << "kB more at the peak";
  EXPECT_TRUE(s.ClosedWithin(5000));
}

TEST_F(HttpLimitsTest, DeclaredLengthOverTheLimitIsRefusedBeforeTheBody) {
  RawSocket s(server_->port());
  const auto start = Clock::now();
  ASSERT_TRUE(
      s.Send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nAccept-Language: ja\r\n"
             "Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n"));
  const auto r = s.ReadResponse(5000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_LT(Milliseconds(Clock::now() - start), 2000);
  EXPECT_EQ(json::parse(r->body)["error"]["message"],
            Message("err.too_large", Lang::kJa, {std::to_string(1 << 20)}));
}

TEST_F(HttpLimitsTest, TooManyOrTooLargeHeadersAre431AndTheConnectionCloses) {
  std::string many;
  for (int i = 0; i < 150; ++i) many += "X-Filler-" + std::to_string(i) + ": 1\r\n";
  const std::string large = "X-Large: " + std::string(size_t{20} * 1024, 'a') + "\r\n";
  for (const std::string& headers : {many, large}) {
    RawSocket s(server_->port());
    ASSERT_TRUE(s.Send(testing::RawGet("/api/v1/health", headers)));
    const auto r = s.ReadResponse(5000);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "too_large");
    EXPECT_TRUE(s.ClosedWithin(5000));
  }
  RawSocket ok(server_->port());
  ASSERT_TRUE(ok.Send(testing::RawGet("/api/v1/health", "X-A: 1\r\n")));
  EXPECT_EQ(ok.ReadResponse(5000)->status, 200);
}

TEST_F(HttpLimitsTest, MalformedRequestIs400) {
  RawSocket s(server_->port());
  ASSERT_TRUE(s.Send("GET /api/v1/health HTTP/1.1\r\nHost x\r\n\r\n"));
  const auto r = s.ReadResponse(5000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(s.ClosedWithin(5000));
}

// Sends one more header line to every socket every `interval` until `stop`.
void TrickleHeaders(std::vector<std::unique_ptr<RawSocket>>& sockets, std::atomic<bool>& stop,
                    std::chrono::milliseconds interval) {
  for (auto& s : sockets) s->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  while (!stop) {
    for (auto& s : sockets) s->Send("X-Slow: 1\r\n");
    for (auto waited = std::chrono::milliseconds(0); waited < interval && !stop;
         waited += std::chrono::milliseconds(10))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// `count` health probes, each on a new connection; their latencies in ms (a failed probe
// counts as 10 s).
std::vector<double> HealthProbes(int port, int count) {
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    const auto start = Clock::now();
    RawSocket s(port);
    const bool ok = s.Send(testing::RawGet("/api/v1/health")) && [&] {
      const auto r = s.ReadResponse(10'000);
      return r && r->status == 200;
    }();
    ms.push_back(ok ? Milliseconds(Clock::now() - start) : 10'000);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ms;
}

TEST_F(HttpLimitsTest, Issue16SlowHeaderSocketsDoNotStopHealthProbesAndAreClosedAtTheDeadline) {
  server::HttpLimits limits;
  limits.request_timeout = std::chrono::milliseconds(2500);
  Restart(limits);
  std::vector<std::unique_ptr<RawSocket>> slow;
  slow.reserve(64);
  for (int i = 0; i < 64; ++i)
    slow.push_back(
        std::make_unique<RawSocket>(server_->port(), "127.0.1." + std::to_string(1 + i % 8)));
  std::atomic<bool> stop{false};
  const auto start = Clock::now();
  std::thread trickle([&] { TrickleHeaders(slow, stop, std::chrono::milliseconds(500)); });
  std::vector<double> probes = HealthProbes(server_->port(), 60);
  EXPECT_LT(P99(probes), 100.0) << "health probe p99 in ms";
  // Every slow socket is closed by the deadline, though it kept sending.
  for (auto& s : slow) EXPECT_TRUE(s->ClosedWithin(4000));
  EXPECT_GE(Milliseconds(Clock::now() - start), 2400);
  stop = true;
  trickle.join();
}

// `count` keep-alive clients from 127.0.0.2-9, each sending its next request as soon as the
// previous answer arrived, until `stop`. One thread drives them all (as wrk does), so that the
// clients' own CPU use on this shared machine stays small beside the server's.
void KeepAliveCrowd(int port, int count, const std::atomic<bool>& stop, std::atomic<int>& failures,
                    std::atomic<long>& served) {
  std::vector<std::unique_ptr<RawSocket>> crowd;
  const std::string request = testing::RawGet("/api/v1/screening/conditions");
  for (int i = 0; i < count; ++i) {
    crowd.push_back(std::make_unique<RawSocket>(port, "127.0.0." + std::to_string(2 + i % 8)));
    if (!crowd.back()->Send(request)) ++failures;
  }
  std::vector<pollfd> fds(crowd.size());
  while (!stop) {
    for (size_t i = 0; i < crowd.size(); ++i) fds[i] = {crowd[i]->fd(), POLLIN, 0};
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (size_t i = 0; i < crowd.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const auto r = crowd[i]->ReadResponse(10'000);
      if (!r || r->status != 200 || !crowd[i]->Send(request)) {
        ++failures;
        crowd[i]->Close();
        continue;
      }
      ++served;
    }
  }
}

TEST_F(HttpLimitsTest, Issue16KeepAliveCrowdAndSlowClientsLeaveProbesAnswered) {
  constexpr int kCrowd = 256;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<long> served{0};
  std::thread crowd([&] { KeepAliveCrowd(server_->port(), kCrowd, stop, failures, served); });
  std::vector<std::unique_ptr<RawSocket>> slow;
  slow.reserve(64);
  for (int i = 0; i < 64; ++i)
    slow.push_back(
        std::make_unique<RawSocket>(server_->port(), "127.0.1." + std::to_string(1 + i % 8)));
  std::thread trickle([&] { TrickleHeaders(slow, stop, std::chrono::milliseconds(1000)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // 300 probes (about 4 s): a p99 of 100 samples is the second slowest, which one stall of a
  // shared CI machine decides; of 300 it is the third slowest.
  std::vector<double> probes = HealthProbes(server_->port(), 300);
  stop = true;
  crowd.join();
  trickle.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(served, kCrowd * 2);
  const double p99 = P99(probes);
  std::sort(probes.begin(), probes.end());
  std::cout << "health probes: p99 " << p99 << " ms, median " << probes[probes.size() / 2]
            << " ms, slowest " << probes.back() << " ms; crowd answers " << served << "\n";
  EXPECT_LT(p99, 100.0) << "health probe p99 in ms";
}

TEST_F(HttpLimitsTest, ConnectionsPerAddressAreCappedWithA503AndRetryAfter) {
  server::HttpLimits limits;
  limits.max_connections_per_address = 4;
  Restart(limits);
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawSocket>(server_->port(), "127.0.0.5"));
    ASSERT_TRUE(held.back()->Send(testing::RawGet("/api/v1/health")));
    ASSERT_EQ(held.back()->ReadResponse(5000)->status, 200);  // kept alive, still counted
  }
  RawSocket fifth(server_->port(), "127.0.0.5");
  const auto refused = fifth.ReadResponse(5000);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->headers.count("retry-after"), 1u);
  EXPECT_EQ(json::parse(refused->body)["error"]["code"], "unavailable");
  RawSocket other(server_->port(), "127.0.0.6");
  ASSERT_TRUE(other.Send(testing::RawGet("/api/v1/health")));
  EXPECT_EQ(other.ReadResponse(5000)->status, 200);
  held.pop_back();  // a slot frees when a connection closes
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawSocket again(server_->port(), "127.0.0.5");
  ASSERT_TRUE(again.Send(testing::RawGet("/api/v1/health")));
  EXPECT_EQ(again.ReadResponse(5000)->status, 200);
}

TEST_F(HttpLimitsTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  RawSocket s(server_->port());
  ASSERT_TRUE(s.Send(testing::RawGet("/api/v1/health") + testing::RawGet("/api/v1/nothing") +
                     testing::RawGet("/api/v1/health")));
  EXPECT_EQ(s.ReadResponse(5000)->status, 200);
  EXPECT_EQ(s.ReadResponse(5000)->status, 404);
  EXPECT_EQ(s.ReadResponse(5000)->status, 200);
  ASSERT_TRUE(s.Send("POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(s.ReadResponse(5000)->status, 405);
  ASSERT_TRUE(s.Send("HEAD /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const auto head = s.ReadResponse(5000, true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_GT(std::stoul(head->headers.at("content-length")), 0u);  // the GET's length, no body
  EXPECT_TRUE(s.ClosedWithin(5000));
}

TEST_F(HttpLimitsTest, Issue16BusyDatabaseGives503WithRetryAfterInTheReadersLanguage) {
  const testing::Login desk = SessionFor(AddUser("desk.abe", "reception"));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto headers = With(desk);
  headers.emplace("Accept-Language", "ja");
  auto busy = Post("/api/v1/patients", kHanako, headers);  // waits out the 5 s busy timeout
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->get_header_value("Retry-After"), "5");
  EXPECT_EQ(Json(busy)["error"]["message"], Message("err.db_busy", Lang::kJa));
  EXPECT_EQ(busy->body.find("locked"), std::string::npos) << busy->body;
  EXPECT_EQ(busy->body.find("sessions"), std::string::npos) << busy->body;  // no SQL either
  EXPECT_EQ(Patients(), 0);
  EXPECT_EQ(Post("/api/v1/patients", kHanako, With(desk))->status, 201);
}

// A failed login from `source`, claiming `real_ip` in X-Real-IP when not empty; the status.
int RawLogin(int port, const std::string& source, const std::string& real_ip,
             const std::string& username, const std::string& password) {
  RawSocket s(port, source);
  const std::string body = json{{"username", username}, {"password", password}}.dump();
  s.Send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         (real_ip.empty() ? "" : "X-Real-IP: " + real_ip + "\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto r = s.ReadResponse(20'000);
  return r ? r->status : 0;
}

TEST_F(HttpLimitsTest, LoginLimitsPerAddressTrustXRealIpFromTheProxyAlone) {
  Shutdown();
  server::ServerOptions options;
  options.trusted_proxy = "127.0.0.3";
  Start(options);
  AddUser("dr.fresh", "physician");
  const int port = server_->port();
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(RawLogin(port, "127.0.0.3", "10.0.0.9", "u" + std::to_string(i), "wrong"), 401);
  EXPECT_EQ(RawLogin(port, "127.0.0.3", "10.0.0.9", "dr.fresh", kPassword), 429);
  EXPECT_EQ(RawLogin(port, "127.0.0.3", "10.0.0.10", "dr.fresh", kPassword), 200);
  // From anywhere else the header is the client's own claim and is ignored.
  EXPECT_EQ(RawLogin(port, "127.0.0.4", "10.0.0.9", "dr.fresh", kPassword), 200);
}

class LoopbackPublicUrlTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    public_base_url_ = "http://127.0.0.1:8080";  // serve's default without --public-url
    ServerFixture::SetUp();
  }
};

TEST_F(LoopbackPublicUrlTest, Issue16PortalLinkIsRefusedWhenPatientsCouldNotOpenIt) {
  const testing::Login nurse = SessionFor(AddUser("nurse.ito", "nurse"));
  auto patient = Post("/api/v1/patients", kHanako, With(nurse));
  ASSERT_EQ(patient->status, 201) << patient->body;
  auto headers = With(nurse);
  headers.emplace("Host", "clinic.example.jp");  // a Host header changes nothing
  auto r = Post(
      "/api/v1/patients/" + std::to_string(Json(patient)["id"].get<int64_t>()) + "/portal-links",
      R"({"measures": ["phq9"], "days": 3})", headers);
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(Json(r)["error"]["fields"][0]["field"], "public_url");
  EXPECT_EQ(testing::CountRows(db_path_, "portal_links"), 0);
}

}  // namespace
}  // namespace exo
