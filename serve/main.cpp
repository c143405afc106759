// parasearch-serve: the HTTP JSON API and search page over one index, until SIGTERM or SIGINT.
#include "common/cli.hpp"
#include "parasearch/errors.hpp"
#include "serve/server.hpp"

#include <cxxopts.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <thread>

namespace {

constexpr const char *kTool = "parasearch-serve";

const char *kServeHelp =
    "Endpoints (details in docs/API.md):\n"
    "  GET /                       the search page; /p/PATH#PARAGRAPH is a passage's permalink\n"
    "  GET /api/search?q=QUERY     {\"total\", \"hits\", \"facets\"}; also limit (<= 100), offset (<= 1000),\n"
    "                              per_doc, context (<= 10), facets, lang, filter=FIELD:VALUE (repeatable)\n"
    "  GET /api/passage?path=P&paragraph=N&context=K   one stored paragraph (404 if none)\n"
    "  GET /api/health             {\"status\": \"ok\", \"paragraphs\", \"language\", \"facets\"}\n"
    "Errors are JSON {\"error\": MESSAGE, \"code\": EXIT CODE}: 400 bad request or query, 404 not found,\n"
    "503 index unavailable, 500 internal. It listens on loopback unless --bind says otherwise; there is\n"
    "no authentication, so expose it only through a proxy you trust. SIGTERM or SIGINT stops it\n"
    "after the requests under way are answered.\n\n";

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Serve a paragraph index over HTTP: a JSON API and a search page.\n");
  opts.custom_help("[OPTION...]");
  parasearch::cli::add_db_option(opts);
  // clang-format off
  opts.add_options()
    ("port", "TCP port (0 = any free port, printed at start)", cxxopts::value<std::string>()->default_value("8080"), "N")
    ("bind", "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface)",
     cxxopts::value<std::string>()->default_value("127.0.0.1"), "ADDR")
    ("threads", "Searches at once, one index reader each (0 = one per core)",
     cxxopts::value<std::string>()->default_value("0"), "N")
    ("connections", "Connections served at once; more wait in a queue of 256",
     cxxopts::value<std::string>()->default_value("64"), "N")
    ("timeout", "Seconds a client may take to send a request or read the answer, and an idle "
                "connection stays open", cxxopts::value<std::string>()->default_value("5"), "S")
    ("facets", "Facets the page shows, comma-separated (FIELD, FIELD/N for numbers in buckets of N, lang); "
               "default: every path field and lang", cxxopts::value<std::string>(), "LIST")
    ("h,help", "Show this help");
  // clang-format on
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n" << kServeHelp << parasearch::cli::exit_codes_help("(not used)");
    return 0;
  }
  parasearch::serve::ServerOptions options;
  options.db = parasearch::cli::db_option(args);
  options.bind = args["bind"].as<std::string>();
  options.port = static_cast<int>(parasearch::cli::whole_number(args, "port", 0, 65535));
  options.threads = static_cast<unsigned>(parasearch::cli::whole_number(args, "threads", 0, 256));
  options.connections = static_cast<unsigned>(parasearch::cli::whole_number(args, "connections", 1, 1024));
  options.timeout_seconds = static_cast<unsigned>(parasearch::cli::whole_number(args, "timeout", 1, 3600));
  if (args.count("facets")) options.facets = parasearch::cli::comma_list(args["facets"].as<std::string>());

  // SIGTERM and SIGINT are taken by one thread (sigwait), which stops the server; every thread
  // started from here on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  parasearch::serve::Server server(options);
  std::cout << kTool << ": serving " << options.db.string() << " on http://" << options.bind << ":" << server.port()
            << "/" << std::endl;
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  server.run();
  kill(getpid(), SIGTERM); // if run() ended by itself, end the waiter too (blocked: only sigwait takes it)
  waiter.join();
  std::cout << kTool << ": stopped" << std::endl;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
