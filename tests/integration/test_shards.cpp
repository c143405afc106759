// Shards: parasearch-index --shard I/N splits a corpus by path hash, and a shard set (a stub of
// `remote HOST:PORT` lines served by Debian's stock xapian-tcpsrv, or of `auto PATH` lines) searches
// like the one index of the same files: same passages, same scores to 1e-9, same facets and counts.
// Then a server is killed (SIGKILL) and another stopped (SIGSTOP): the error names the shard within
// the timeouts, and allow_partial gives the live shards' results, flagged.
#include "common/hash.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using parasearch::test::TempDir;

namespace {

constexpr const char *kFields = "{country}_{session}_{year}.txt";
constexpr const char *kTcpsrv = "/usr/bin/xapian-tcpsrv";

/// A free TCP port on the loopback interface (bound once by us, then released), or 0.
unsigned free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  unsigned port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

/// True if something accepts TCP connections on loopback `port`.
bool listening(unsigned port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

/// One xapian-tcpsrv in its own process group (its per-connection children join it), so that the
/// whole server can be stopped or killed; killed on destruction, even when a test fails.
class Server {
public:
  /// Starts xapian-tcpsrv on loopback `port` over index folder `db`; waits until it listens.
  Server(const fs::path &db, unsigned port) : port_(port) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
      const std::string p = std::to_string(port);
      ::execl(kTcpsrv, kTcpsrv, "--interface", "127.0.0.1", "--port", p.c_str(), db.c_str(),
              static_cast<char *>(nullptr));
      ::_exit(127);
    }
    if (pid_ > 0) ::setpgid(pid_, pid_); // also here: no race with the first signal
    for (int i = 0; i < 200 && pid_ > 0 && !listening(port); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~Server() { kill(); }
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  /// True if it started and listens.
  bool ok() const { return pid_ > 0 && listening(port_); }
  /// Its port.
  unsigned port() const { return port_; }
  /// `remote 127.0.0.1:PORT`, its stub line.
  std::string line() const { return "remote 127.0.0.1:" + std::to_string(port_); }
  /// Stops the server and its connections (SIGSTOP to the group): it hangs, sockets stay open.
  void stop() const {
    if (pid_ > 0) ::kill(-pid_, SIGSTOP);
  }
  /// Kills the server and its connections and reaps it.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::kill(-pid_, SIGCONT);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

private:
  pid_t pid_ = -1;
  unsigned port_ = 0;
};

/// The corpus of these tests: two sessions of the UN General Debate Corpus, indexed once as one index
/// and once as three shards, shared by the test cases (building them is most of the time).
struct Corpus {
  TempDir dir;
  fs::path src;       // the speeches
  fs::path local;     // one index of every file
  fs::path shards[3]; // --shard i/3 of the same files
  std::vector<std::string> words, countries;
  std::vector<std::pair<std::string, std::string>> pairs; // adjacent words
};

/// Builds the corpus on first use; nullptr (the test then skips) if ../shared is not there.
Corpus *corpus() {
  static std::optional<Corpus> c;
  static bool tried = false;
  if (tried) return c ? &*c : nullptr;
  tried = true;
  c.emplace();
  c->src = parasearch::test::extract_session(c->dir.path(), "49");
  if (!c->src.empty()) c->src = parasearch::test::extract_session(c->dir.path(), "50");
  if (c->src.empty()) {
    c.reset();
    return nullptr;
  }
  auto build = [&](const fs::path &db, unsigned shard, unsigned shards) {
    parasearch::IndexOptions o;
    o.db = db;
    o.path_fields = kFields;
    o.shard = shard;
    o.shards = shards;
    o.jobs = 2;
    parasearch::Indexer(o).index_paths({c->src});
  };
  c->local = c->dir / "local";
  build(c->local, 0, 0);
  for (unsigned i = 0; i < 3; ++i)
    build(c->shards[i] = c->dir / ("shard-" + std::to_string(i)), i, 3);
  // Query words from the speeches themselves: every 7th word of 4+ letters, and neighbouring pairs.
  std::set<std::string> countries;
  for (const auto &e : fs::recursive_directory_iterator(c->src)) {
    if (!e.is_regular_file()) continue;
    countries.insert(e.path().filename().string().substr(0, 3));
    if (countries.size() % 9 != 1) continue; // a sample of the files is enough
    std::ifstream in(e.path());
    std::string prev;
    std::size_t n = 0;
    for (std::string w; in >> w;) {
      std::string clean;
      for (const char ch : w)
        if (std::isalpha(static_cast<unsigned char>(ch))) clean += static_cast<char>(std::tolower(ch));
      if (clean.size() < 4 || clean.size() != w.size()) {
        prev.clear();
        continue;
      }
      if (++n % 7 == 0) c->words.push_back(clean);
      if (!prev.empty() && n % 11 == 0) c->pairs.emplace_back(prev, clean);
      prev = clean;
    }
  }
  c->countries.assign(countries.begin(), countries.end());
  return &*c;
}

/// A query and its options.
struct Case {
  std::string query;
  parasearch::SearchOptions options;
  bool wildcard = false; ///< Its wildcard is weighed with Xapian's estimate of its words' frequency.
};

/// `n` generated queries of every kind: words, several words, AND, phrases, NEAR, wildcards, NOT,
/// fields, filters, facets, per-document, explain.
std::vector<Case> cases(const Corpus &c, std::size_t n) {
  std::mt19937 rng(20261130);
  auto pick = [&](const auto &v) -> const auto & {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  std::vector<Case> out;
  for (std::size_t i = 0; i < n; ++i) {
    Case k;
    k.options.limit = 30;
    const auto &[a, b] = pick(c.pairs);
    const std::string &w = pick(c.words), &v = pick(c.words);
    switch (i % 12) {
    case 0: k.query = w; break;
    case 1: k.query = w + " " + v + " " + a; break;
    case 2: k.query = "\"" + a + " " + b + "\""; break;
    case 3: k.query = a + " NEAR " + b; break;
    case 4:
      k.query = w.substr(0, 4) + "* " + v;
      k.wildcard = true;
      break;
    case 5: k.query = w + " AND " + v; break;
    case 6: k.query = a + " " + b + " NOT " + w; break;
    case 7: k.query = w + " " + v + " country:" + pick(c.countries); break;
    case 8:
      k.query = a + " " + b;
      k.options.filters = {"year:1994..1994"};
      break;
    case 9:
      k.query = w + " " + a;
      k.options.facets = {"country", "year/10", "lang"};
      break;
    case 10:
      k.query = a + " " + b + " " + v;
      k.options.per_doc = true;
      break;
    default:
      k.query = a + " " + b;
      k.options.explain = true;
      k.options.limit = 5;
    }
    out.push_back(std::move(k));
  }
  return out;
}

/// The search of `k`, or the error message it gave (a query of stop words only, say).
std::variant<parasearch::SearchResults, std::string> run(parasearch::Searcher &s, const Case &k) {
  try {
    return s.search(k.query, k.options);
  } catch (const parasearch::QueryError &e) {
    return std::string(e.what());
  }
}

/// How two layouts of the same passages may differ.
enum class Layout {
  kSame,      ///< The same bucket databases (local, or served by xapian-tcpsrv): everything equal.
  kRebucketed ///< Other buckets: a wildcard's weight, which Xapian computes from its estimate of the
              ///< words' combined frequency in each bucket (docs/QUERY.md), may differ slightly.
};

/// Checks that `remote` has the hits of `local`: the same scores rank by rank (1e-9), the same
/// passages in each group of equal scores (docids, which break ties, differ between the two), the
/// same texts, snippets, explanations and facets. Counts: exact where few match, else estimates.
void same_results(const parasearch::SearchResults &local, const parasearch::SearchResults &remote, const Case &k,
                  Layout layout) {
  INFO("query: " << k.query);
  REQUIRE(remote.hits.size() == local.hits.size());
  const bool loose = layout == Layout::kRebucketed && k.wildcard;
  const double tolerance = loose ? 1e-2 : 1e-9;
  if (!k.options.per_doc && local.estimated_total <= 100) CHECK(remote.estimated_total == local.estimated_total);
  for (std::size_t i = 0; i < local.hits.size();) {
    std::size_t j = i + 1;
    while (j < local.hits.size() && std::abs(local.hits[j].score - local.hits[i].score) <= 1e-9)
      ++j;
    std::multiset<std::pair<std::string, unsigned>> want, got;
    for (std::size_t r = i; r < j; ++r) {
      CHECK(std::abs(remote.hits[r].score - local.hits[r].score) <= tolerance * std::max(1.0, local.hits[r].score));
      want.emplace(local.hits[r].path, local.hits[r].paragraph);
      got.emplace(remote.hits[r].path, remote.hits[r].paragraph);
    }
    // The last group may be cut off at the limit differently: it holds the same number of passages.
    if (!loose && (j < local.hits.size() || local.hits.size() < k.options.limit)) CHECK(got == want);
    i = j;
  }
  for (std::size_t r = 0; r < local.hits.size(); ++r)
    if (local.hits[r].path == remote.hits[r].path && local.hits[r].paragraph == remote.hits[r].paragraph) {
      CHECK(remote.hits[r].text == local.hits[r].text);
      CHECK(remote.hits[r].title == local.hits[r].title);
      CHECK(remote.hits[r].fields == local.hits[r].fields);
      CHECK(remote.hits[r].snippet == local.hits[r].snippet);
      if (!loose) CHECK(remote.hits[r].explanation == local.hits[r].explanation);
      // per_doc: a shard set counts the other passages exactly; one index gives its collapse count,
      // a lower bound (SearchOptions::per_doc).
      if (layout == Layout::kSame) CHECK(remote.hits[r].others == local.hits[r].others);
      if (layout == Layout::kRebucketed) CHECK(remote.hits[r].others >= local.hits[r].others);
    }
  REQUIRE(remote.facets.size() == local.facets.size());
  for (std::size_t f = 0; f < local.facets.size(); ++f)
    CHECK(remote.facets[f].counts == local.facets[f].counts);
  CHECK_FALSE(remote.partial);
}

/// True if, on `s`, passages of equal BM25 score stand either side of the proximity bonus's re-rank
/// depth: which of them get the bonus then depends on Xapian's tie order, the docids, which differ
/// between layouts (so the results may too, legitimately).
bool ties_at_depth(parasearch::Searcher &s, const Case &k) {
  parasearch::SearchOptions o = k.options;
  const std::size_t depth = o.ranking.rerank_depth;
  o.ranking.rerank_depth = 0; // BM25 alone
  o.offset = 0;
  o.limit = depth + 1;
  o.snippets = false, o.explain = false, o.facets.clear();
  const parasearch::SearchResults r = s.search(k.query, o);
  return r.hits.size() > depth && std::abs(r.hits[depth - 1].score - r.hits[depth].score) <= 1e-9;
}

/// Runs every case on both searchers and compares them; returns how many cases had hits.
std::size_t compare(parasearch::Searcher &local, parasearch::Searcher &remote, const std::vector<Case> &all,
                    Layout layout) {
  std::size_t with_hits = 0, tied = 0;
  for (const Case &k : all) {
    const auto l = run(local, k);
    const auto r = run(remote, k);
    REQUIRE(l.index() == r.index());
    if (l.index() == 1) {
      CHECK(std::get<1>(l) == std::get<1>(r));
      continue;
    }
    if (ties_at_depth(local, k)) { // compare what does not depend on the tie order
      ++tied;
      CHECK(std::get<0>(r).hits.size() == std::get<0>(l).hits.size());
      continue;
    }
    same_results(std::get<0>(l), std::get<0>(r), k, layout);
    with_hits += std::get<0>(l).hits.empty() ? 0 : 1;
  }
  WARN(all.size() - tied << " queries compared passage by passage, " << tied << " with BM25 ties at the re-rank depth");
  CHECK(tied < all.size() / 4); // the comparison above is the rule, not the exception
  return with_hits;
}

/// Writes a shard-set stub listing `lines`, with the index settings and short timeouts.
fs::path write_stub(const fs::path &file, const std::vector<std::string> &lines, unsigned timeout_ms = 1500) {
  std::string text = "# parasearch language=english\n# parasearch path-fields=" + std::string(kFields) +
                     "\n# parasearch remote-timeout-ms=" + std::to_string(timeout_ms) +
                     "\n# parasearch connect-timeout-ms=1000\n# parasearch retry-seconds=0\n";
  for (const std::string &l : lines)
    text += l + "\n";
  parasearch::test::write_file(file, text);
  return file;
}

// A stub at `file` listing the corpus's three shard folders as local (`auto`) shards.
fs::path local_stub(const Corpus &c, const fs::path &file) {
  return write_stub(file,
                    {"auto " + c.shards[0].string(), "auto " + c.shards[1].string(), "auto " + c.shards[2].string()});
}

} // namespace

TEST_CASE("shards: --shard I/N splits the files by path hash, and is kept by later runs", "[shards]") {
  Corpus *c = corpus();
  if (c == nullptr) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return;
  }
  parasearch::Searcher all(c->local, 1);
  std::size_t sum = 0;
  std::set<std::string> seen;
  for (unsigned i = 0; i < 3; ++i) {
    parasearch::Searcher one(c->shards[i], 1);
    sum += one.paragraph_count();
    CHECK(one.paragraph_count() > 0);
    // Every file of shard i hashes to i: look at its passages of a common word.
    parasearch::SearchOptions o;
    o.limit = 200;
    o.snippets = false;
    for (const parasearch::Hit &h : one.search("nations", o).hits) {
      CHECK(parasearch::detail::shard_of(h.path, 3) == i);
      seen.insert(h.path);
    }
  }
  CHECK(sum == all.paragraph_count());
  CHECK(seen.size() > 100);
  // A later run without --shard keeps the shard's files only; another --shard is refused.
  {
    parasearch::IndexOptions o;
    o.db = c->shards[1];
    const parasearch::IndexSummary s = parasearch::Indexer(o).index_paths({c->src});
    CHECK(s.added == 0);
    CHECK(s.removed == 0);
  }
  parasearch::IndexOptions other;
  other.db = c->shards[1];
  other.shard = 2;
  other.shards = 3;
  CHECK_THROWS_AS(parasearch::Indexer(other), parasearch::UsageError);
  CHECK(parasearch::Searcher(c->shards[1], 1).paragraph_count() < all.paragraph_count() / 2);
}

TEST_CASE("shards: a set of local shards (auto lines) searches like one index", "[shards]") {
  Corpus *c = corpus();
  if (c == nullptr) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return;
  }
  TempDir d;
  const fs::path stub = local_stub(*c, d / "local.stub");
  parasearch::Searcher local(c->local, 1), set(stub, 2);
  CHECK(set.paragraph_count() == local.paragraph_count());
  CHECK(set.facet_names() == local.facet_names());
  CHECK(compare(local, set, cases(*c, 120), Layout::kRebucketed) > 60);
}

TEST_CASE("shards: the proximity bonus of a shard set (one match) equals the one from positions, compounds too",
          "[shards][proximity]") {
  Corpus *c = corpus();
  if (c == nullptr) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return;
  }
  TempDir d;
  const fs::path stub = local_stub(*c, d / "local.stub");
  parasearch::Searcher local(c->local, 1), set(stub, 1);
  // "geo-political realities" (1994, 1995): the joined "geopolit" has two positions and wdf 1.
  for (const std::string q : {"geopolitical realities", "peacekeeping operations", "nuclear disarmament"}) {
    INFO("query: " << q);
    parasearch::SearchOptions o;
    o.limit = 20;
    const parasearch::SearchResults a = local.search(q, o), b = set.search(q, o);
    REQUIRE(a.hits.size() == b.hits.size());
    REQUIRE(a.hits.size() >= 5);
    for (std::size_t r = 0; r < a.hits.size(); ++r)
      CHECK(b.hits[r].score == Approx(a.hits[r].score).epsilon(1e-9));
  }
}

TEST_CASE("shards: three xapian-tcpsrv shards rank like the local index, and a dead or hung shard is named",
          "[shards][remote]") {
  Corpus *c = corpus();
  if (c == nullptr) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return;
  }
  if (!fs::exists(kTcpsrv)) {
    parasearch::test::skip("xapian-tcpsrv (Debian package xapian-tools) is not installed");
    return;
  }
  std::vector<std::unique_ptr<Server>> servers;
  for (const fs::path &shard : c->shards) {
    servers.push_back(std::make_unique<Server>(shard, free_port()));
    REQUIRE(servers.back()->ok());
  }
  TempDir d;
  const fs::path stub = write_stub(d / "remote.stub", {servers[0]->line(), servers[1]->line(), servers[2]->line()});
  const fs::path same = write_stub(d / "same.stub", {"auto " + c->shards[0].string(), "auto " + c->shards[1].string(),
                                                     "auto " + c->shards[2].string()});
  parasearch::Searcher local(c->local, 2), shards(same, 1), remote(stub, 2);
  CHECK(remote.paragraph_count() == local.paragraph_count());
  CHECK(remote.facet_names() == local.facet_names());
  const std::vector<Case> all = cases(*c, 300);
  CHECK(compare(shards, remote, all, Layout::kSame) > 150);      // the same shards, local and remote
  CHECK(compare(local, remote, all, Layout::kRebucketed) > 150); // one index of the same files
  // passage() (the page's "show in context") reads the same paragraphs.
  const auto hit = local.search("disarmament").hits.at(0);
  const auto there = remote.passage(hit.path, hit.paragraph, 2);
  REQUIRE(there.has_value());
  CHECK(there->text == hit.text);
  CHECK(there->before.size() == local.passage(hit.path, hit.paragraph, 2)->before.size());

  // What the two live shards answer: the reference for the partial results below.
  const fs::path live_stub = write_stub(d / "live.stub", {servers[0]->line(), servers[1]->line()});
  parasearch::Searcher live(live_stub, 1);
  parasearch::SearchOptions partial;
  partial.allow_partial = true;
  const parasearch::SearchResults want = live.search("nuclear disarmament", partial);
  REQUIRE_FALSE(want.hits.empty());

  // Shard 2 killed: the long-lived searcher's connection breaks; the error names the shard at once.
  servers[2]->kill();
  auto start = std::chrono::steady_clock::now();
  try {
    remote.search("nuclear disarmament");
    FAIL("a search with a dead shard succeeded");
  } catch (const parasearch::DatabaseError &e) {
    CHECK_THAT(e.what(), Catch::Contains(servers[2]->line()));
    CHECK_THAT(e.what(), Catch::Contains("--allow-partial"));
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
  { // the same through parasearch-query: exit code 4 naming the shard, or --allow-partial's JSON line
    const auto failed = parasearch::test::run_process(PARASEARCH_QUERY_EXE, {"--db", stub.string(), "disarmament"});
    CHECK(failed.status == 4);
    CHECK_THAT(failed.err, Catch::Contains(servers[2]->line()));
    const auto ok = parasearch::test::run_process(PARASEARCH_QUERY_EXE,
                                                  {"--db", stub.string(), "--json", "--allow-partial", "disarmament"});
    CHECK(ok.status == 0);
    CHECK_THAT(ok.out, Catch::Contains("{\"partial\":true,\"missing_shards\":[\"" + servers[2]->line()));
    const auto text =
        parasearch::test::run_process(PARASEARCH_QUERY_EXE, {"--db", stub.string(), "--allow-partial", "disarmament"});
    CHECK_THAT(text.out, Catch::StartsWith("Partial results: 1 shard could not be reached"));
  }
  const parasearch::SearchResults got = remote.search("nuclear disarmament", partial);
  CHECK(got.partial);
  REQUIRE(got.missing_shards.size() == 1);
  CHECK_THAT(got.missing_shards[0], Catch::StartsWith(servers[2]->line()));
  REQUIRE(got.hits.size() == want.hits.size());
  for (std::size_t r = 0; r < got.hits.size(); ++r) {
    CHECK(got.hits[r].score == Approx(want.hits[r].score).epsilon(1e-12));
    CHECK(parasearch::detail::shard_of(got.hits[r].path, 3) != 2);
  }

  // Shard 1 stopped (SIGSTOP: connections are accepted by the kernel but never answered): named
  // within the timeouts (1.5 s for the reply in the search, 1.5 s for the reconnection's greeting).
  servers[1]->stop();
  parasearch::Searcher fresh(stub, 1);
  start = std::chrono::steady_clock::now();
  try {
    fresh.search("nuclear disarmament");
    FAIL("a search with a hung shard succeeded");
  } catch (const parasearch::DatabaseError &e) {
    CHECK_THAT(e.what(), Catch::Contains(servers[1]->line()));
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(6));
  start = std::chrono::steady_clock::now();
  try {
    remote.search("peace"); // the long-lived searcher, connected before the stop
    FAIL("a search with a hung shard succeeded");
  } catch (const parasearch::DatabaseError &e) {
    CHECK_THAT(e.what(), Catch::Contains(servers[1]->line()));
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(6));
  const parasearch::SearchResults one = remote.search("nuclear disarmament", partial);
  CHECK(one.partial);
  CHECK(one.missing_shards.size() == 2);
  for (const parasearch::Hit &h : one.hits)
    CHECK(parasearch::detail::shard_of(h.path, 3) == 0);
  servers.clear(); // killed and reaped (also when a REQUIRE above fails: the destructors run)
}
