// parasearch-serve's JSON API through a real HTTP client (cpp-httplib) against the server running
// in-process: status codes, the JSON shape (the hits and facets parasearch-query --json prints for
// the same query), escaping, path traversal, over-long queries, limits, and searches during a rebuild.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "serve/serve_fixture.hpp"
#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::RunningServer;
using parasearch::test::TempDir;

const std::vector<std::pair<std::string, std::string>> kFiles = {
    {"FRA_1995.txt", "Nuclear testing in the Pacific must stop.\n\nDisarmament is the goal of all nations.\n"},
    {"NOR_1987.txt", "Whaling quotas were debated.\n\nNuclear waste in the Barents Sea.\n"},
    {"JPN_1992.txt", "Nuclear disarmament and the victims of Hiroshima.\n"},
    {"XSS_2000.txt", "The minutes record <script>alert('pwned')</script> as typed by a delegate.\n\n"
                     "A second paragraph about <b>bold</b> nuclear claims & \"quotes\".\n"},
    {"sub/dir/GBR_1990.txt", "Fisheries and nuclear submarines.\n\nThe third paragraph.\n\nThe fourth one.\n"}};

// The archive above indexed with path fields country and year.
struct Archive {
  TempDir dir;
  fs::path src = dir / "src";
  fs::path db = dir / "db";
  Archive() {
    for (const auto &[name, text] : kFiles)
      parasearch::test::write_file(src / name, text);
    parasearch::IndexOptions options;
    options.db = db;
    options.path_fields = "{country}_{year}.txt";
    parasearch::Indexer(options).index_paths({src});
  }
  parasearch::serve::ServerOptions serve() const {
    parasearch::serve::ServerOptions o;
    o.db = db;
    o.threads = 2;
    o.connections = 4;
    return o;
  }
};

// GET `target`; the test fails if there is no answer.
httplib::Result get(httplib::Client &c, const std::string &target) {
  auto r = c.Get(target);
  INFO("GET " << target.substr(0, 200));
  REQUIRE(r);
  return r;
}

std::string encode(const std::string &s) { return httplib::detail::encode_query_param(s); }

// The body of an error answer: JSON {"error": non-empty text, "code": exit code}.
nlohmann::json error_body(const httplib::Result &r) {
  INFO(r->body.substr(0, 300));
  CHECK(r->get_header_value("Content-Type") == "application/json");
  auto j = nlohmann::json::parse(r->body);
  CHECK(j["error"].is_string());
  CHECK_FALSE(j["error"].get<std::string>().empty());
  CHECK(j["code"].is_number_integer());
  return j;
}

// The lines parasearch-query --json prints for `q` with `extra` options.
std::vector<std::string> cli_lines(const Archive &a, const std::vector<std::string> &extra, const std::string &q) {
  std::vector<std::string> args = {"--db", a.db.string(), "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(q);
  const auto run = parasearch::test::run(PARASEARCH_QUERY_EXE, args);
  INFO(run.err);
  REQUIRE(run.status == 0);
  std::vector<std::string> lines;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// Those lines, parsed.
std::vector<nlohmann::json> cli_json(const Archive &a, const std::vector<std::string> &extra, const std::string &q) {
  std::vector<nlohmann::json> out;
  for (const std::string &line : cli_lines(a, extra, q))
    out.push_back(nlohmann::json::parse(line));
  return out;
}

} // namespace

TEST_CASE("serve: /api/search hits are parasearch-query --json's hits for the same query", "[serve][api]") {
  const Archive a;
  const RunningServer server(a.serve());
  auto c = server.client();
  for (const std::string q : {"nuclear", "\"nuclear disarmament\"", "nuclear -waste"}) {
    INFO("query: " << q);
    for (const bool per_doc : {false, true}) {
      auto r = get(c, "/api/search?q=" + encode(q) + "&limit=10" + (per_doc ? "&per_doc=1&context=1" : ""));
      REQUIRE(r->status == 200);
      CHECK(r->get_header_value("Content-Type") == "application/json");
      const auto j = nlohmann::json::parse(r->body);
      REQUIRE(j["hits"].is_array());
      REQUIRE(j["total"].is_number_unsigned());
      CHECK_FALSE(j.contains("facets"));
      const auto cli = per_doc ? cli_json(a, {"--per-doc", "--context", "1"}, q) : cli_json(a, {}, q);
      REQUIRE(j["hits"].size() == cli.size());
      for (std::size_t i = 0; i < cli.size(); ++i)
        CHECK(j["hits"][i] == cli[i]);
    }
  }
}

TEST_CASE("serve: facets are the CLI's, most frequent first, and filters narrow the search", "[serve][api][facets]") {
  const Archive a;
  const RunningServer server(a.serve());
  auto c = server.client();
  auto r = get(c, "/api/search?q=nuclear&facets=" + encode("country,year/10,lang"));
  REQUIRE(r->status == 200);
  const auto j = nlohmann::ordered_json::parse(r->body);
  const auto cli = cli_lines(a, {"--facets", "country,year/10,lang"}, "nuclear");
  CHECK(R"({"facets":)" + j["facets"].dump() + "}" == cli.back()); // the same values, in the same order
  CHECK(j["facets"]["country"]["XSS"] == 1);
  CHECK(j["facets"]["year/10"]["1990..1999"] == 3); // FRA 1995, JPN 1992, GBR 1990
  // Clicking a facet value: a filter; the total and the facets shrink to it.
  r = get(c, "/api/search?q=nuclear&facets=country&filter=" + encode("year:1990..1999"));
  REQUIRE(r->status == 200);
  auto f = nlohmann::json::parse(r->body);
  CHECK(f["total"] == 3);
  CHECK(f["facets"]["country"] == nlohmann::json({{"FRA", 1}, {"JPN", 1}, {"GBR", 1}}));
  r = get(c, "/api/search?q=nuclear&filter=" + encode("year:1990..1999") + "&filter=country:jpn");
  f = nlohmann::json::parse(r->body);
  REQUIRE(f["hits"].size() == 1);
  CHECK(f["hits"][0]["path"] == "JPN_1992.txt");
  // "More from this document": the path filter.
  r = get(c, "/api/search?q=" + encode("paragraph OR fisheries OR fourth") +
                 "&filter=" + encode("path:sub/dir/GBR_1990.txt"));
  f = nlohmann::json::parse(r->body);
  REQUIRE(f["hits"].size() == 3);
  for (const auto &h : f["hits"])
    CHECK(h["path"] == "sub/dir/GBR_1990.txt");
  // A filter cannot be undone by the query text: an unclosed quote stays inside the query.
  r = get(c, "/api/search?q=" + encode("\"nuclear") + "&filter=country:fra");
  f = nlohmann::json::parse(r->body);
  REQUIRE(f["hits"].size() == 1);
  CHECK(f["hits"][0]["country"] == "FRA");
  // Unknown facets and filter fields are 400s naming them.
  r = get(c, "/api/search?q=nuclear&facets=nation");
  CHECK(r->status == 400);
  CHECK_THAT(error_body(r)["error"].get<std::string>(), Catch::Contains("unknown facet 'nation'"));
  r = get(c, "/api/search?q=nuclear&filter=nation:fra");
  CHECK(r->status == 400);
  CHECK_THAT(error_body(r)["error"].get<std::string>(), Catch::Contains("nation:fra"));
}

TEST_CASE("serve: <script> in queries and in indexed text comes back as JSON data", "[serve][api][escaping]") {
  const Archive a;
  const RunningServer server(a.serve());
  auto c = server.client();
  auto r = get(c, "/api/search?q=" + encode("<script>alert('pwned')</script>"));
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  const auto j = nlohmann::json::parse(r->body);
  REQUIRE_FALSE(j["hits"].empty());
  CHECK(j["hits"][0]["path"] == "XSS_2000.txt");
  CHECK(j["hits"][0]["text"] == std::get<1>(kFiles[3]).substr(0, std::get<1>(kFiles[3]).find('\n')));
  // A query the parser refuses is echoed in the error message: still JSON data.
  r = get(c, "/api/search?q=" + encode("<the> <of>")); // only stop words: refused, the query quoted
  REQUIRE(r->status == 400);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK_THAT(error_body(r)["error"].get<std::string>(), Catch::Contains("'<the> <of>'"));
}

TEST_CASE("serve: /api/passage looks paths up in the index only: ../ and absolute paths are 404",
          "[serve][api][passage]") {
  const Archive a;
  const RunningServer server(a.serve());
  auto c = server.client();
  auto r = get(c, "/api/passage?path=" + encode("sub/dir/GBR_1990.txt") + "&paragraph=2&context=1");
  REQUIRE(r->status == 200);
  const auto j = nlohmann::json::parse(r->body);
  CHECK(j["text"] == "The third paragraph.");
  CHECK(j["paragraph"] == 2);
  CHECK(j["before"][0]["text"] == "Fisheries and nuclear submarines.");
  CHECK(j["after"][0]["text"] == "The fourth one.");
  CHECK(j["country"] == "GBR");
  const std::string secret = (a.dir / "secret.txt").string();
  parasearch::test::write_file(secret, "top secret\n");
  const std::vector<std::string> paths = {"../secret.txt",
                                          "sub/../FRA_1995.txt",
                                          "./FRA_1995.txt",
                                          "/etc/passwd",
                                          secret,
                                          "../../../../../../etc/passwd",
                                          (a.src / "FRA_1995.txt").string()};
  for (const std::string &path : paths) {
    INFO("path: " << path);
    r = get(c, "/api/passage?path=" + encode(path) + "&paragraph=1");
    CHECK(r->status == 404);
    CHECK(error_body(r)["code"] == 1);
  }
  r = get(c, "/api/passage?path=FRA_1995.txt&paragraph=3");
  CHECK(r->status == 404); // it has two
  for (const std::string bad :
       {"paragraph=0", "paragraph=x", "", "paragraph=1&paragraph=2", "paragraph=1&context=99"}) {
    INFO("parameters: " << bad);
    r = get(c, "/api/passage?path=FRA_1995.txt&" + bad);
    CHECK(r->status == 400);
    error_body(r);
  }
  // No file is served from the disk at all.
  for (const std::string target :
       {"/static/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../secret.txt", "/nothing-here"}) {
    INFO("target: " << target);
    r = get(c, target);
    CHECK(r->status == 404);
    CHECK(r->body.find("top secret") == std::string::npos);
    CHECK(r->body.find("root:") == std::string::npos);
  }
}

TEST_CASE("serve: over-long queries and out-of-range parameters are 400 with a JSON error", "[serve][api][limits]") {
  const Archive a;
  const RunningServer server(a.serve());
  auto c = server.client();
  // 1 MB: over the request line limit; refused before any search.
  auto r = get(c, "/api/search?q=" + std::string(1 << 20, 'a'));
  CHECK(r->status == 400);
  CHECK_THAT(error_body(r)["error"].get<std::string>(), Catch::Contains("too long"));
  // Over the library's query limit (4096 bytes) but a short enough request line: the library's error.
  r = get(c, "/api/search?q=" + std::string(5000, 'a'));
  CHECK(r->status == 400);
  CHECK_THAT(error_body(r)["error"].get<std::string>(), Catch::Contains("query is too long (5000 bytes"));
  for (const std::string bad :
       {"q=", "limit=5", "q=nuclear&limit=101", "q=nuclear&limit=-1", "q=nuclear&offset=1001", "q=nuclear&context=11",
        "q=nuclear&per_doc=maybe", "q=nuclear&q=waste", "q=nuclear&lang=klingon"}) {
    INFO("parameters: " << bad);
    r = get(c, "/api/search?" + bad);
    CHECK(r->status == 400);
    CHECK(error_body(r)["code"] == 2);
  }
  r = get(c, "/api/search?q=nuclear&limit=100&offset=1000");
  CHECK(r->status == 200);
  // A body is never read: an oversized POST is refused.
  r = c.Post("/api/search", std::string(std::size_t{100} * 1024, 'x'), "text/plain");
  REQUIRE(r);
  CHECK(r->status >= 400);
  CHECK(r->status < 500);
}

TEST_CASE("serve: health, the page, permalinks, and 503 when the index is gone", "[serve][api]") {
  const Archive a;
  auto options = a.serve();
  options.facets = {"country", "year/10"};
  const RunningServer server(options);
  auto c = server.client();
  auto r = get(c, "/api/health");
  REQUIRE(r->status == 200);
  const auto h = nlohmann::json::parse(r->body);
  CHECK(h["status"] == "ok");
  CHECK(h["paragraphs"] == 10);
  CHECK(h["facets"] == nlohmann::json({"country", "year/10"}));
  for (const std::string page : {"/", "/p/sub/dir/GBR_1990.txt", "/p/%3Cscript%3E"}) {
    r = get(c, page);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK_THAT(r->get_header_value("Content-Security-Policy"), Catch::Contains("script-src 'self'"));
    CHECK_THAT(r->body, Catch::Contains("<script src=\"/static/page.js\" defer></script>"));
    CHECK(r->body.find("%3Cscript") == std::string::npos); // the path is not put into the page
  }
  r = get(c, "/static/page.js");
  CHECK(r->status == 200);
  CHECK(r->body.find("innerHTML") == std::string::npos);
  // The index disappears: searches answer 503 with a JSON error (and the server keeps running).
  fs::rename(a.db, a.dir / "moved");
  r = get(c, "/api/search?q=nuclear");
  CHECK(r->status == 503);
  CHECK(error_body(r)["code"] == 4);
  fs::rename(a.dir / "moved", a.db);
  r = get(c, "/api/search?q=nuclear");
  CHECK(r->status == 200);
}

TEST_CASE("serve: searches keep answering while the index is rebuilt and updated", "[serve][api][reopen]") {
  Archive a;
  const RunningServer server(a.serve());
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  clients.reserve(4);
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      auto c = server.client();
      while (!done) {
        auto r = c.Get("/api/search?q=nuclear&facets=country");
        if (r && r->status == 200 && nlohmann::json::parse(r->body)["total"] >= 4)
          ++ok;
        else
          ++failed;
      }
    });
  for (int round = 0; round < 6; ++round) {
    parasearch::test::write_file(a.src / ("NEW_" + std::to_string(2000 + round) + ".txt"), "More nuclear news.\n");
    parasearch::IndexOptions options;
    options.db = a.db;
    options.full = round % 3 == 2;
    options.path_fields = "{country}_{year}.txt";
    parasearch::Indexer(options).index_paths({a.src});
  }
  done = true;
  for (auto &t : clients)
    t.join();
  CHECK(failed == 0);
  CHECK(ok > 0);
  auto c = server.client();
  const auto j = nlohmann::json::parse(get(c, "/api/search?q=nuclear&facets=country")->body);
  CHECK(j["facets"]["country"]["NEW"] == 6);
}

TEST_CASE("serve: parasearch-serve stops on SIGTERM and on SIGINT, exit 0, after answering", "[serve][signals]") {
  const Archive a;
  for (const std::string signal : {"TERM", "INT"}) {
    INFO("signal: " << signal);
    const fs::path log = a.dir / ("serve-" + signal + ".log");
    // Start it on a free port, wait for its "serving" line, search once, signal it, report its exit code.
    const std::string script =
        parasearch::test::shell_quote(PARASEARCH_SERVE_EXE) + " --db " + parasearch::test::shell_quote(a.db.string()) +
        " --port 0 --threads 1 >" + parasearch::test::shell_quote(log.string()) +
        " 2>&1 & pid=$!; for i in $(seq 100); do grep -q serving " + parasearch::test::shell_quote(log.string()) +
        " && break; sleep 0.1; done; kill -" + signal + " $pid; wait $pid; echo \"exit $?\" >>" +
        parasearch::test::shell_quote(log.string());
    REQUIRE(std::system(("bash -c " + parasearch::test::shell_quote(script)).c_str()) == 0);
    const std::string out = parasearch::test::read_file(log);
    INFO(out);
    CHECK_THAT(out, Catch::Contains("parasearch-serve: serving") && Catch::Contains("parasearch-serve: stopped") &&
                        Catch::Contains("exit 0"));
  }
}

TEST_CASE("serve: an unknown --facets name or a busy port is refused at start", "[serve][options]") {
  const Archive a;
  auto options = a.serve();
  options.facets = {"nation"};
  CHECK_THROWS_WITH(parasearch::serve::Server(options), Catch::Contains("unknown facet 'nation'"));
  const RunningServer first(a.serve());
  options = a.serve();
  options.bind = "127.0.0.1";
  options.port = first.port();
  CHECK_THROWS_AS(parasearch::serve::Server(options), parasearch::UsageError);
}
