// parasearch-serve's HTTP server: the JSON API (serve/api.hpp), the search page and its permalinks,
// on cpp-httplib with every limit set explicitly (threads, queue, timeouts, payload).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace parasearch::serve {

/// How the server runs. The defaults are safe: loopback only, bounded everything.
struct ServerOptions {
  std::filesystem::path db;        ///< The index to search.
  std::string bind = "127.0.0.1";  ///< Address to listen on.
  int port = 8080;                 ///< Port; 0 = any free one (see Server::port()).
  unsigned threads = 0;            ///< Searches at once (one Searcher each); 0 = one per core.
  unsigned connections = 64;       ///< Connections served at once (HTTP threads).
  std::size_t queue = 256;         ///< Accepted connections waiting for a thread; beyond, accepting waits.
  unsigned timeout_seconds = 5;    ///< Read, write and keep-alive timeouts.
  std::vector<std::string> facets; ///< Facets the page asks for; empty = every one of the index.
};

/// A running-or-ready HTTP server over one index.
class Server {
public:
  /// Opens the index's Searchers and binds the address; throws DatabaseError if the index cannot be
  /// read and UsageError naming the address if it cannot be bound.
  explicit Server(const ServerOptions &options);
  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  /// The port it listens on.
  int port() const;
  /// Serves until stop(); returns once the requests under way are answered.
  void run();
  /// Stops run() (safe from any thread, e.g. one waiting for SIGTERM).
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch::serve
