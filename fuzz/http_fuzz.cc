// Fuzz target: the HTTP request path. Each input is sent as raw bytes over loopback to a real
// server (cpp-httplib's request parser, the dispatcher's limits, authentication, CSRF and role
// checks, every route's handler and use case, the SQLite store) and the answer is read to the
// end. Bearer tokens "admin" and "nurse" act as those roles of clinic 1; anything else is
// anonymous. The server runs for the whole process on a scratch database with demo lots.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "app/demo.h"
#include "app/services.h"
#include "cli/server_services.h"
#include "fuzz/fuzz_target.h"
#include "server/server.h"
#include "store/sqlite/sqlite_stores.h"

namespace {

using exo::app::Authenticated;

class FuzzAuthenticator final : public exo::server::Authenticator {
 public:
  exo::Result<std::optional<Authenticated>> Authenticate(
      const exo::server::RequestInfo& request) const override {
    if (request.bearer_token == "admin" || request.bearer_token == "nurse")
      return std::optional<Authenticated>(Authenticated{
          exo::app::Actor{"fuzz:" + request.bearer_token,
                          request.bearer_token == "admin" ? exo::app::ActorRole::kAdmin
                                                          : exo::app::ActorRole::kNurse,
                          1, 0},
          false, "", ""});
    return std::optional<Authenticated>();
  }
};

// Everything the server needs, alive for the whole process.
struct Harness {
  std::string dir;
  std::unique_ptr<exo::store::SqliteStores> stores;
  exo::app::RuleSet rules;
  exo::app::FakeClock clock{exo::fuzz::Today(), exo::fuzz::Now().unix_seconds};
  std::unique_ptr<exo::app::Services> services;
  FuzzAuthenticator authenticator;
  std::unique_ptr<exo::server::Server> server;
  std::thread thread;

  Harness() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "exo-fuzz-http-XXXXXX").string();
    dir = mkdtemp(tmpl.data());
    stores = exo::store::SqliteStores::Open(dir + "/fuzz.db").value();
    rules = exo::app::LoadRuleSet(exo::fuzz::RulesDir()).value();
    services = exo::app::BuildServices(stores->Refs(), rules, clock, {});
    (void)exo::app::LoadDemo(services->lots,
                             exo::app::Actor{"fuzz:admin", exo::app::ActorRole::kAdmin, 1, 0});
    exo::server::ServerOptions options;
    options.port = 0;
    server = std::make_unique<exo::server::Server>(
        exo::cli::ServerServicesOf(*services, authenticator), options);
    if (!server->Bind()) std::abort();
    thread = std::thread([this] { server->Run(); });
    server->WaitUntilReady();
  }
};

Harness& TheHarness() {
  static Harness* harness = new Harness();  // never destroyed: the server thread runs to exit
  return *harness;
}

// Sends `bytes`, ends the sending side and reads until the server closes (5 s at most).
void Exchange(int port, const uint8_t* bytes, size_t size) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < size) {
      const ssize_t n = ::send(fd, bytes + sent, size - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    char buffer[16384];
    while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Exchange(TheHarness().server->port(), data, size);
  return 0;
}
