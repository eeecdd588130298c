// The HTTP/1.1 transport (Boost.Beast on Asio): accepts connections, reads each request within
// hard limits and hands complete requests to one handler on a pool of worker threads.
//
// Why not cpp-httplib's server: Debian 12's cpp-httplib 0.11.4 applies its payload limit only to
// bodies with a Content-Length (a chunked or unknown-length body is read whole), has no deadline
// for a whole request (its read timeout restarts with every received byte), no header count
// limit and no per-address cap, and gives every connection a thread from a pool of 8, so eight
// slow or idle keep-alive clients stop the server (docs/operations.md, issue #16).
//
// Here connections cost no thread while they wait: reading is asynchronous on `io_threads`
// threads, and only complete requests reach the `workers` threads. Every refusal closes the
// connection after its response:
//   - 413 as soon as a body (Content-Length, chunked or unknown length) passes max_body_bytes;
//     a declared Content-Length above it is refused before any body byte is read;
//   - 431 when the request line and headers pass max_header_bytes or max_header_count;
//   - nothing (the socket is closed) when a request is not complete within request_timeout,
//     counted from the moment the server starts waiting for it (so it is also the keep-alive
//     idle limit);
//   - 503 with Retry-After when max_connections or max_connections_per_address are reached;
//   - 400 for anything that is not HTTP/1.x.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace exo::server {

struct HttpLimits {
  size_t max_body_bytes = size_t{1} << 20;
  size_t max_header_bytes = size_t{16} * 1024;  // request line and all header fields
  size_t max_header_count = 100;
  std::chrono::milliseconds request_timeout{20'000};  // idle wait + head + body
  std::chrono::milliseconds write_timeout{30'000};    // sending one response
  int max_connections = 4096;
  int max_connections_per_address = 128;
  int io_threads = 2;
  int workers = 16;  // requests handled at once
};

// A handler's hold on the response it filled in: empty to send it at once; otherwise the
// listener calls the hold once with `send`, and the hold calls `send` exactly once, from any
// thread, when the response may go out (for instance once an audit entry it waited for is
// stored). No thread waits meanwhile; the connection reads nothing more until it is sent.
using ResponseHold = std::function<void(std::function<void()> send)>;
// Fills `res` for a complete request. Runs on a worker thread, or on an I/O thread when
// `inline_request(method, target, cookie)` is true (for cheap answers that must not queue
// behind work or pay for a hand-over: health probes, reads that never wait for anything but
// memory and the database's page cache). `cookie` is the request's Cookie header ("" if none).
// Must not throw.
using HttpHandler = std::function<ResponseHold(httplib::Request& req, httplib::Response& res)>;
using InlinePredicate = std::function<bool(const std::string& method, const std::string& target,
                                           const std::string& cookie)>;
// Renders the body of a refusal: res.status is set (400, 408, 413, 431, 503) and `req` holds
// what was read of the request (its headers may be empty).
using RefusalRenderer = std::function<void(const httplib::Request& req, httplib::Response& res)>;

class HttpListener {
 public:
  // TLS when both PEM files are given.
  HttpListener(HttpLimits limits, const std::string& tls_cert, const std::string& tls_key,
               HttpHandler handler, InlinePredicate inline_request, RefusalRenderer refusal);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // False when the TLS files could not be loaded.
  bool Valid() const;
  // Binds and listens; port 0 picks a free one. The bound port, or -1.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); returns after every thread it started has ended, and after every held
  // response was released (or 10 s passed).
  void Run();
  // Makes Run() return soon. Safe from any thread and from a signal handler, any number of
  // times, before or during Run().
  void Stop();
  bool Running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exo::server
