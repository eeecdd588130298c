// The HTTP server: the JSON API under /api/v1/ (docs/api.md) and the web pages, on one port.
// Every request passes through one dispatcher: limits, authentication, authorisation,
// audit of denials, error rendering, security headers.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "app/lots.h"
#include "server/access.h"

namespace exo::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  size_t max_body_bytes = 1 << 20;
  std::string web_dir;  // static files; empty: built-in landing page only
};

class Server {
 public:
  Server(const app::LotServices& services, const Authenticator& auth, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket; false if the address is taken. Then Run() blocks until Stop().
  bool Bind();
  int port() const;
  void Run();
  void Stop();
  // Blocks until Run() is accepting connections.
  void WaitUntilReady() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exo::server
