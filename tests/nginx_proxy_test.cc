// The shipped reverse-proxy configuration (deploy/nginx/exoclinic.conf) in front of a real
// server: Debian's nginx on loopback with TLS (a throwaway self-signed certificate made here),
// started and stopped by the test. Skipped when nginx or openssl is not installed.
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_fixture.h"

namespace exo {
namespace {

using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// A port nothing listens on now (the kernel's choice; free again once closed).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t n = sizeof a;
  const bool named = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0;
  ::close(fd);
  return named ? ntohs(a.sin_port) : 0;  // 0: no port
}

class NginxProxyTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/sbin/nginx") || std::system("openssl version >/dev/null"))
      GTEST_SKIP() << "nginx or openssl is not installed (scripts/setup.sh installs both)";
    ServerFixture::SetUp();
    Shutdown();
    server::ServerOptions options;
    options.trusted_proxy = "127.0.0.1";
    options.limits.max_connections_per_address = 1024;
    Start(options);
    dir_path_ = dir_.File("nginx");
    std::filesystem::create_directories(dir_path_);
    cert_ = dir_path_ + "/cert.pem";
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                           " -addext subjectAltName=IP:127.0.0.1 -keyout " +
                           dir_path_ + "/key.pem -out " + cert_ + " 2>/dev/null")
                              .c_str()),
              0);
    StartNginx();
  }
  void TearDown() override {
    StopNginx();
    ServerFixture::TearDown();
  }

  void StartNginx() {
    std::string site = ReadFile(std::string(EXO_SOURCE_DIR) + "/deploy/nginx/exoclinic.conf");
    port_ = FreePort();
    ASSERT_NE(port_, 0) << "no free port on loopback";
    Replace(site, "listen 443 ssl", "listen 127.0.0.1:" + std::to_string(port_) + " ssl");
    Replace(site, "/etc/ssl/exoclinic/fullchain.pem", cert_);
    Replace(site, "/etc/ssl/exoclinic/privkey.pem", dir_path_ + "/key.pem");
    Replace(site, "server 127.0.0.1:8080;",
            "server 127.0.0.1:" + std::to_string(server_->port()) + ";");
    std::ofstream(dir_path_ + "/exoclinic.conf") << site;
    const std::string d = dir_path_;
    std::ofstream(d + "/nginx.conf")
        << (geteuid() == 0 ? "user root;\n" : "") << "worker_processes 1;\npid " << d
        << "/nginx.pid;\nerror_log " << d << "/error.log;\nevents { worker_connections 256; }\n"
        << "http {\n  access_log off;\n  client_body_temp_path " << d << "/body;\n"
        << "  proxy_temp_path " << d << "/proxy;\n  fastcgi_temp_path " << d << "/fastcgi;\n"
        << "  uwsgi_temp_path " << d << "/uwsgi;\n  scgi_temp_path " << d << "/scgi;\n"
        << "  include " << d << "/exoclinic.conf;\n}\n";
    ASSERT_EQ(std::system(("/usr/sbin/nginx -p " + d + " -c " + d + "/nginx.conf").c_str()), 0)
        << ReadFile(d + "/error.log");
    started_ = true;
    for (int i = 0; i < 100 && !std::filesystem::exists(d + "/nginx.pid"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    client_ = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    client_->set_ca_cert_path(cert_.c_str());
    client_->enable_server_certificate_verification(true);
    client_->set_read_timeout(20, 0);
  }
  void StopNginx() {
    if (!started_) return;
    const std::string pid_text = ReadFile(dir_path_ + "/nginx.pid");
    const pid_t pid = static_cast<pid_t>(std::atol(pid_text.c_str()));
    if (pid > 0) {
      ::kill(pid, SIGQUIT);
      for (int i = 0; i < 250 && ::kill(pid, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    started_ = false;
  }

  std::string dir_path_, cert_;
  int port_ = 0;
  bool started_ = false;
  std::unique_ptr<httplib::SSLClient> client_;
};

TEST_F(NginxProxyTest, ServesTheApiOverVerifiedTlsWithTheServersHeaders) {
  auto r = client_->Get("/api/v1/health");
  ASSERT_TRUE(r) << httplib::to_string(r.error()) << ReadFile(dir_path_ + "/error.log");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["status"], "ok");
  EXPECT_EQ(r->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(r->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(r->get_header_value("Server"), "nginx");  // server_tokens off: no version
}

TEST_F(NginxProxyTest, Issue16BodiesOverTheLimitStopAtTheProxyWhateverTheirFraming) {
  const testing::Login desk = SessionFor(AddUser("desk.abe", "reception"));
  httplib::Headers h{{"Cookie", desk.cookie}, {"X-CSRF-Token", desk.csrf}};
  auto sized = client_->Post("/api/v1/patients", h, std::string(2 << 20, ' '), "application/json");
  ASSERT_TRUE(sized) << httplib::to_string(sized.error());
  EXPECT_EQ(sized->status, 413);
  size_t sent = 0;
  auto chunked = client_->Post(
      "/api/v1/patients", h,
      [&sent](size_t, httplib::DataSink& sink) {
        const std::string piece(size_t{64} * 1024, ' ');
        if (sent >= (5u << 20)) {
          sink.done();
          return true;
        }
        sent += piece.size();
        return sink.write(piece.data(), piece.size());
      },
      "application/json");
  if (chunked) {  // else nginx closed the connection first
    EXPECT_EQ(chunked->status, 413);
  }
  EXPECT_EQ(testing::CountRows(db_path_, "patients"), 0);
}

TEST_F(NginxProxyTest, RapidLoginsAreRateLimitedAtTheProxyWithA429) {
  int refused_by_proxy = 0, refused_by_server = 0;
  for (int i = 0; i < 16; ++i) {
    auto r = client_->Post(
        "/api/v1/login", json{{"username", "u" + std::to_string(i)}, {"password", "wrong"}}.dump(),
        "application/json");
    ASSERT_TRUE(r);
    if (r->status == 429) ++refused_by_proxy;
    if (r->status == 401) ++refused_by_server;
  }
  EXPECT_GE(refused_by_server, 10);  // the burst passes through
  EXPECT_GE(refused_by_proxy, 1);
  EXPECT_EQ(refused_by_proxy + refused_by_server, 16);
}

}  // namespace
}  // namespace exo
