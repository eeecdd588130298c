#include "server/http_listener.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/url_text.h"

namespace exo::server {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using Tcp = net::ip::tcp;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

// After a refusal or "Connection: close", what the client still sends is read and dropped
// (never stored) for at most this long and this much, so that a client that writes its whole
// body before reading still gets the response instead of a reset connection.
constexpr auto kLingerTime = std::chrono::seconds(3);
constexpr size_t kLingerBytes = 64 << 20;

// Open connections, in total and per client address. Thread-safe.
class ConnectionBook {
 public:
  ConnectionBook(int max_total, int max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // Counts a new connection from `address`; false (nothing counted) when a cap is reached.
  bool Admit(const std::string& address) {
    std::lock_guard lock(mu_);
    const auto it = per_address_.find(address);
    const int from_address = it == per_address_.end() ? 0 : it->second;
    if (total_ >= max_total_ || from_address >= max_per_address_) return false;
    ++per_address_[address];
    ++total_;
    return true;
  }
  void Release(const std::string& address) {
    std::lock_guard lock(mu_);
    const auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    --total_;
  }

 private:
  const int max_total_;
  const int max_per_address_;
  std::mutex mu_;
  int total_ = 0;                                     // guarded by mu_
  std::unordered_map<std::string, int> per_address_;  // guarded by mu_
};

// What every connection refers to; outlives them all.
struct Shared {
  HttpLimits limits;
  HttpHandler handler;
  InlinePredicate inline_request;
  RefusalRenderer refusal;
  ConnectionBook book;
  net::thread_pool* workers = nullptr;
  std::atomic<int> held{0};  // responses whose hold has not released them yet
};

// The request line and headers of `in` (complete or not) into `out`.
void CopyHead(const BeastRequest& in, httplib::Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  out.version = in.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  for (const auto& field : in)
    out.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  const size_t query = out.target.find('?');
  out.path = PercentDecode(std::string_view(out.target).substr(0, query), false);
  if (query != std::string::npos)
    ParseQueryText(std::string_view(out.target).substr(query + 1), out.params);
}

BeastResponse ToBeast(httplib::Response& res, unsigned version, bool keep_alive, bool head) {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(res.status > 0 ? res.status : 200));
  for (const auto& [name, value] : res.headers) {
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Connection") ||
        beast::iequals(name, "Transfer-Encoding"))
      continue;
    out.insert(name, value);
  }
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (head) {  // the GET response's length, without its body
    const size_t length = out.body().size();
    out.body().clear();
    out.content_length(length);
  }
  return out;
}

// The response `shared.refusal` renders for `status`, on a connection that closes after it.
BeastResponse Refusal(const Shared& shared, unsigned status, const httplib::Request& partial) {
  httplib::Response res;
  res.status = static_cast<int>(status);
  shared.refusal(partial, res);
  return ToBeast(res, 11, false, false);
}

template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  // The connection was counted in shared.book; it is released when this object goes.
  Connection(Shared& shared, Stream stream, std::string address, int port)
      : shared_(shared), stream_(std::move(stream)), address_(std::move(address)), port_(port) {}
  ~Connection() { shared_.book.Release(address_); }

  void Start() {
    if constexpr (kTls) {
      Lowest().expires_after(shared_.limits.request_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->ReadHead();
                              });
    } else {
      ReadHead();
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header_bytes));
    parser_->body_limit(shared_.limits.max_body_bytes);
    Lowest().expires_after(shared_.limits.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    const auto& head = parser_->get();
    if (static_cast<size_t>(std::distance(head.begin(), head.end())) >
        shared_.limits.max_header_count)
      return Refuse(431);
    if (parser_->is_done()) return Dispatch();
    if (beast::iequals(head[http::field::expect], "100-continue")) {  // curl, for bodies > 1 KB
      continue_.emplace(http::status::continue_, head.version());
      http::async_write(stream_, *continue_,
                        [self = this->shared_from_this()](beast::error_code ec, size_t) {
                          if (!ec) self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    Dispatch();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) return Refuse(413);
    if (ec == http::error::header_limit) return Refuse(431);
    // A timeout (the stream closed the socket), a client that went away, or a stop.
    const bool bad_syntax =
        ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message;
    if (!bad_syntax) return;
    Refuse(400);
  }

  void Dispatch() {
    Lowest().expires_never();
    request_ = parser_->release();
    parser_.reset();
    keep_alive_ = request_.keep_alive();
    head_ = request_.method() == http::verb::head;
    const auto cookie = request_.find(http::field::cookie);
    if (shared_.inline_request &&
        shared_.inline_request(
            std::string(request_.method_string()), std::string(request_.target()),
            cookie == request_.end() ? std::string() : std::string(cookie->value()))) {
      Handle();
      return;
    }
    net::post(*shared_.workers, [self = this->shared_from_this()] { self->Handle(); });
  }

  // On a worker (or inline): the handler, then the write back on the connection's strand.
  void Handle() {
    auto req = std::make_unique<httplib::Request>();
    CopyHead(request_, *req);
    req->body = std::move(request_.body());
    // An HTML form's fields join the query parameters, as cpp-httplib's server did.
    if (req->get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0)
      ParseQueryText(req->body, req->params);
    req->remote_addr = address_;
    req->remote_port = port_;
    const unsigned version = request_.version();
    request_ = {};
    httplib::Response res;
    ResponseHold hold;
    try {
      hold = shared_.handler(*req, res);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "exoclinic: request handler failed: %s\n", e.what());
      res = httplib::Response();
      res.status = 500;
      shared_.refusal(*req, res);
      hold = nullptr;
    }
    response_ = ToBeast(res, version, keep_alive_, head_);
    keep_alive_ = response_.keep_alive();
    if (!hold) {
      net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Write(); });
      return;
    }
    ++shared_.held;
    hold([self = this->shared_from_this()] {
      net::dispatch(self->stream_.get_executor(), [self] { self->Write(); });
      --self->shared_.held;
    });
  }

  void Write() {
    Lowest().expires_after(shared_.limits.write_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return;
                        if (self->keep_alive_)
                          self->ReadHead();
                        else
                          self->Linger();
                      });
  }

  void Refuse(unsigned status) {
    httplib::Request partial;
    if (parser_) CopyHead(parser_->get(), partial);
    partial.remote_addr = address_;
    response_ = Refusal(shared_, status, partial);
    parser_.reset();
    keep_alive_ = false;
    Write();
  }

  // Stops sending, then drops what the client still sends until it closes (bounded).
  void Linger() {
    beast::error_code ec;
    Lowest().socket().shutdown(Tcp::socket::shutdown_send, ec);
    if constexpr (kTls) return;  // the TLS stream cannot be read after the shutdown
    buffer_.consume(buffer_.size());
    Lowest().expires_after(kLingerTime);
    Drain();
  }
  void Drain() {
    if (lingered_bytes_ > kLingerBytes) return;
    Lowest().async_read_some(buffer_.prepare(size_t{16} * 1024),
                             [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                               if (ec) return;
                               self->lingered_bytes_ += n;
                               self->Drain();
                             });
  }

  Shared& shared_;
  Stream stream_;
  const std::string address_;
  const int port_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  BeastRequest request_;
  BeastResponse response_;
  std::optional<http::response<http::empty_body>> continue_;
  bool keep_alive_ = false;
  bool head_ = false;
  size_t lingered_bytes_ = 0;
};

using PlainConnection = Connection<beast::tcp_stream>;
using TlsConnection = Connection<beast::ssl_stream<beast::tcp_stream>>;

// The whole response as bytes, for the connections refused before a stream exists.
std::string Serialize(const BeastResponse& res) {
  std::string out =
      "HTTP/1.1 " + std::to_string(res.result_int()) + " " + std::string(res.reason()) + "\r\n";
  for (const auto& field : res)
    out += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
  return out + "\r\n" + res.body();
}

}  // namespace

struct HttpListener::Impl {
  Shared shared;
  net::io_context ioc;
  Tcp::acceptor acceptor{ioc};
  net::steady_timer retry{ioc};
  std::optional<ssl::context> tls;
  bool valid = true;
  std::atomic<bool> running{false};
  std::atomic<bool> stop_requested{false};  // lock-free: set from signal handlers
  net::thread_pool workers;

  Impl(HttpLimits limits, HttpHandler handler, InlinePredicate inline_request,
       RefusalRenderer refusal)
      : shared{limits, std::move(handler), std::move(inline_request), std::move(refusal),
               ConnectionBook(limits.max_connections, limits.max_connections_per_address)},
        ioc(limits.io_threads),
        workers(static_cast<size_t>(limits.workers)) {
    shared.workers = &workers;
  }
  ~Impl() {
    workers.stop();
    workers.join();
  }

  void LoadTls(const std::string& cert, const std::string& key) {
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls->use_certificate_chain_file(cert, ec);
    if (!ec) tls->use_private_key_file(key, ssl::context::pem, ec);
    valid = !ec;
  }

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, Tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {  // out of descriptors, for instance: try again shortly
        retry.expires_after(std::chrono::milliseconds(50));
        retry.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      Start(std::move(socket));
      Accept();
    });
  }

  void Start(Tcp::socket socket) {
    beast::error_code ec;
    const Tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;
    socket.set_option(Tcp::no_delay(true), ec);  // PITFALLS.md: delayed ACKs stall small replies
    const std::string address = remote.address().to_string();
    if (!shared.book.Admit(address)) return RefuseConnection(std::move(socket), address);
    if (tls) {
      std::make_shared<TlsConnection>(shared,
                                      beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls),
                                      address, remote.port())
          ->Start();
    } else {
      std::make_shared<PlainConnection>(shared, beast::tcp_stream(std::move(socket)), address,
                                        remote.port())
          ->Start();
    }
  }

  // A 503 written without waiting (the socket's buffer is empty), then the socket closes.
  void RefuseConnection(Tcp::socket socket, const std::string& address) {
    beast::error_code ec;
    if (!tls) {
      httplib::Request none;
      none.remote_addr = address;
      const std::string bytes = Serialize(Refusal(shared, 503, none));
      socket.non_blocking(true, ec);
      socket.write_some(net::buffer(bytes), ec);
      socket.shutdown(Tcp::socket::shutdown_send, ec);
    }
    socket.close(ec);
  }
};

HttpListener::HttpListener(HttpLimits limits, const std::string& tls_cert,
                           const std::string& tls_key, HttpHandler handler,
                           InlinePredicate inline_request, RefusalRenderer refusal)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(inline_request),
                                   std::move(refusal))) {
  if (!tls_cert.empty() && !tls_key.empty()) impl_->LoadTls(tls_cert, tls_key);
}

HttpListener::~HttpListener() { Stop(); }

bool HttpListener::Valid() const { return impl_->valid; }

int HttpListener::Bind(const std::string& host, int port) {
  beast::error_code ec;
  Tcp::resolver resolver(impl_->ioc);
  const auto found = resolver.resolve(host, std::to_string(port),
                                      Tcp::resolver::passive | Tcp::resolver::numeric_service, ec);
  if (ec || found.empty()) return -1;
  const Tcp::endpoint endpoint = found.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor.close(ec);
    return -1;
  }
  return acceptor.local_endpoint(ec).port();
}

void HttpListener::Run() {
  if (impl_->stop_requested) return;
  impl_->Accept();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(impl_->shared.limits.io_threads));
  for (int i = 0; i < impl_->shared.limits.io_threads; ++i)
    threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->running = true;
  // Stop() only sets a flag (it may run in a signal handler); the stop happens here.
  while (!impl_->stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // A held response is released from another thread (the audit writer), through this
  // io_context: it must still run then.
  for (int waited_ms = 0; impl_->shared.held > 0 && waited_ms < 10'000; waited_ms += 2)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  impl_->ioc.stop();
  for (auto& t : threads) t.join();
  impl_->running = false;
}

void HttpListener::Stop() { impl_->stop_requested = true; }

bool HttpListener::Running() const { return impl_->running; }

}  // namespace exo::server
