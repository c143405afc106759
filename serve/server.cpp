#include "serve/server.hpp"

#include "parasearch/errors.hpp"
#include "serve/api.hpp"
#include "serve/assets.hpp"
#include "serve/searcher_pool.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace parasearch::serve {
namespace {

/// Largest request body accepted (the API reads none: GET only).
constexpr std::size_t kMaxPayload = std::size_t{64} * 1024;
/// Requests one connection may make before it is closed (so waiting connections get a thread).
constexpr std::size_t kKeepAliveRequests = 20;

/// cpp-httplib's task queue with a bound: `threads` workers, and at most `capacity` accepted
/// connections waiting; when full, the accepting thread waits (the kernel's backlog then fills).
/// (cpp-httplib 0.11's own ThreadPool queues without limit.)
class BoundedPool : public httplib::TaskQueue {
public:
  BoundedPool(std::size_t threads, std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
      workers_.emplace_back([this] { work(); });
  }
  ~BoundedPool() override { shutdown(); }
  BoundedPool(const BoundedPool &) = delete;
  BoundedPool &operator=(const BoundedPool &) = delete;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return jobs_.size() < capacity_ || stopping_; });
    jobs_.push_back(std::move(fn)); // even when stopping: the job owns a socket, and closes it
    lock.unlock();
    ready_.notify_one();
  }

  void shutdown() override {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_ && workers_.empty()) return;
      stopping_ = true;
    }
    ready_.notify_all();
    space_.notify_all();
    for (std::thread &t : workers_)
      t.join();
    workers_.clear();
  }

private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return; // stopping, and nothing left to answer
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      space_.notify_one();
      fn();
    }
  }

  const std::size_t capacity_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> jobs_; // guarded by mutex_
  bool stopping_ = false;                  // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable ready_, space_;
};

/// Answers `res` with `r`.
void reply(httplib::Response &res, const Response &r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type);
}

} // namespace

struct Server::Impl {
  ServerOptions options;
  SearcherPool searchers;
  ApiDefaults defaults;
  httplib::Server http;
  int port = 0;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> running{false}; // run() was entered and has not returned

  explicit Impl(const ServerOptions &o)
      : options(o), searchers(o.db, o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency())) {
    defaults.facets = o.facets;
    if (!o.facets.empty()) { // refuse unknown facets now, not on every request
      SearchOptions check;
      check.facets = o.facets;
      check.limit = 0;
      try {
        (*searchers.checkout()).search("parasearch", check);
      } catch (const QueryError &) { // "parasearch" a stop word of the index's language: the facets were fine
      }
    }
    configure();
  }

  void configure() {
    const std::size_t threads = std::max(1u, options.connections);
    const std::size_t queue = options.queue;
    http.new_task_queue = [threads, queue] { return new BoundedPool(threads, queue); };
    const auto timeout = static_cast<time_t>(std::max(1u, options.timeout_seconds));
    http.set_read_timeout(timeout, 0);
    http.set_write_timeout(timeout, 0);
    http.set_keep_alive_timeout(timeout);
    http.set_keep_alive_max_count(kKeepAliveRequests);
    http.set_payload_max_length(kMaxPayload);
    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second server (or another
    // program of the same user) binds the same port and silently takes half the connections.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"}});

    auto api = [this](const std::function<Response(Searcher &, const Params &)> &endpoint) {
      return [this, endpoint](const httplib::Request &req, httplib::Response &res) {
        auto lease = searchers.checkout();
        reply(res, endpoint(*lease, req.params));
      };
    };
    http.Get("/api/search", api([](Searcher &s, const Params &p) { return search(s, p); }));
    http.Get("/api/passage", api([](Searcher &s, const Params &p) { return passage(s, p); }));
    http.Get("/api/health", api([this](Searcher &s, const Params &) { return health(s, defaults); }));
    auto page = [](const httplib::Request &, httplib::Response &res) {
      res.set_header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                                                "connect-src 'self'; img-src 'self'; base-uri 'none'; "
                                                "form-action 'self'; frame-ancestors 'none'");
      res.set_content(std::string(kPageHtml), "text/html; charset=utf-8");
    };
    http.Get("/", page);
    http.Get("/p/.+", page); // a permalink: the page shows the passage its path and #paragraph name
    http.Get("/static/page.js", [](const httplib::Request &, httplib::Response &res) {
      res.set_content(std::string(kPageJs), "text/javascript; charset=utf-8");
    });
    http.Get("/favicon.ico", [](const httplib::Request &, httplib::Response &res) { res.status = 204; });
    http.Get("/static/page.css", [](const httplib::Request &, httplib::Response &res) {
      res.set_content(std::string(kPageCss), "text/css; charset=utf-8");
    });

    // Every error is JSON; cpp-httplib's own (no route 404, request line over 8 KB 414, body over
    // the limit 413) get a body here too. An over-long request line is a malformed request: 400.
    http.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request &req, httplib::Response &res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled; // ours, already JSON
          std::string message = "no such resource '" + req.path + "'";
          if (res.status == 414) {
            res.status = 400;
            message = "request line too long (the limit is 8192 bytes; a query may have 4096)";
          } else if (res.status == 413) {
            message = "request body too large (the limit is " + std::to_string(kMaxPayload) + " bytes)";
          } else if (res.status != 404) {
            message = "bad request";
          }
          const ExitCode code = res.status == 404   ? ExitCode::kPartial
                                : res.status >= 500 ? ExitCode::kInternal
                                                    : ExitCode::kUsage;
          reply(res, error_response(res.status, message, code));
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler([](const httplib::Request &, httplib::Response &res, const std::exception_ptr &) {
      reply(res, error_response(500, "internal error", ExitCode::kInternal));
    });
  }
};

Server::Server(const ServerOptions &options) : impl_(std::make_unique<Impl>(options)) {
  if (options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(options.bind);
    if (impl_->port < 0) impl_->port = 0;
  } else if (impl_->http.bind_to_port(options.bind, options.port)) {
    impl_->port = options.port;
  }
  if (impl_->port <= 0)
    throw UsageError("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                     " (address in use, not an address of this machine, or a privileged port)");
}

Server::~Server() { stop(); }

int Server::port() const { return impl_->port; }

void Server::run() {
  impl_->running = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->running = false;
}

void Server::stop() {
  impl_->stop_requested = true;
  // run() may be about to listen: wait (a moment at most) for that, so the stop is not lost.
  for (int i = 0; i < 200 && impl_->running && !impl_->http.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  impl_->http.stop();
}

} // namespace parasearch::serve
