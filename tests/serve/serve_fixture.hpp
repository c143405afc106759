// Test support: parasearch-serve's server running in-process on a free loopback port, over an index
// the test built, and an HTTP client talking to it.
#pragma once

#include "serve/server.hpp"

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

namespace parasearch::test {

/// A Server on 127.0.0.1 (any free port) in a thread of its own, stopped when this ends.
class RunningServer {
public:
  /// Starts serving `options` (its port is replaced by a free one) and waits until it answers.
  explicit RunningServer(serve::ServerOptions options) {
    options.bind = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<serve::Server>(options);
    thread_ = std::thread([this] { server_->run(); });
    httplib::Client probe = client();
    for (int i = 0; i < 500 && !probe.Get("/api/health"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  RunningServer(const RunningServer &) = delete;
  RunningServer &operator=(const RunningServer &) = delete;

  /// Its port.
  int port() const { return server_->port(); }
  /// A client of it (10 s timeouts).
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(10, 0);
    c.set_connection_timeout(10, 0);
    return c;
  }

private:
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
};

} // namespace parasearch::test
