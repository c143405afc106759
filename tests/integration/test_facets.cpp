// Facets on real UN speeches (session 50 of the General Debate Corpus, extracted at run time, with
// the path fields country, session and year): counts checked against filtered searches, the same on
// 1, 2 and 3 threads, per document, bucketed, in JSON, and unknown names refused.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/json.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parasearch::Facet;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

// Session 50's speeches indexed with path fields into `db`; `db` is empty if the corpus is not here.
struct Session50 {
  TempDir dir;
  fs::path db;
  Session50() {
    const fs::path src = parasearch::test::extract_session(dir.path(), "50");
    if (src.empty()) {
      parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
      return;
    }
    parasearch::IndexOptions options;
    options.db = dir / "db";
    options.path_fields = "{country}_{session}_{year}.txt";
    options.buckets = 8; // not the machine's default: on 2 and 3 threads, lanes own several buckets
    parasearch::Indexer(options).index_paths({src});
    db = options.db;
  }
};

std::size_t sum(const Facet &f) {
  std::size_t n = 0;
  for (const auto &[value, count] : f.counts)
    n += count;
  return n;
}

} // namespace

TEST_CASE("facets on UN speeches: counts equal filtered searches, on any number of threads",
          "[integration][facets][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  Searcher one(session.db, 1), two(session.db, 2), three(session.db, 3);
  for (const std::string q : {"nuclear disarmament", "\"small island developing states\"", "Bosnia"}) {
    INFO("query: " << q);
    SearchOptions o;
    o.facets = {"country", "year", "session/10", "lang"};
    const auto a = one.search(q, o);
    REQUIRE(a.facets.size() == 4);
    CHECK(a.facets[0].name == "country");
    CHECK(a.facets[2].name == "session/10");
    // Every match was examined: the total is exact, and every passage has one country and one year.
    CHECK(sum(a.facets[0]) == a.estimated_total);
    REQUIRE(a.facets[1].counts.size() == 1);
    CHECK(a.facets[1].counts[0] == std::pair<std::string, std::size_t>{"1995", a.estimated_total});
    REQUIRE(a.facets[2].counts.size() == 1);
    CHECK(a.facets[2].counts[0].first == "50..59");
    CHECK(sum(a.facets[3]) == a.estimated_total); // an English index: every paragraph is "en"
    CHECK(a.facets[3].counts[0].first == "en");
    // Most frequent first.
    for (std::size_t i = 1; i < a.facets[0].counts.size(); ++i)
      CHECK(a.facets[0].counts[i - 1].second >= a.facets[0].counts[i].second);
    // Each of the top countries' counts is what a search filtered to that country counts (exactly).
    REQUIRE(a.facets[0].counts.size() >= 3);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto &[country, count] = a.facets[0].counts[i];
      SearchOptions exact;
      exact.exact_count = true;
      CHECK(one.search("(" + q + ") country:" + country, exact).estimated_total == count);
    }
    // The lanes each count their own buckets; the sums are the same on any number of threads.
    for (Searcher *s : {&two, &three}) {
      const auto b = s->search(q, o);
      CHECK(b.estimated_total == a.estimated_total);
      REQUIRE(b.facets.size() == a.facets.size());
      for (std::size_t f = 0; f < a.facets.size(); ++f) {
        CHECK(b.facets[f].name == a.facets[f].name);
        CHECK(b.facets[f].counts == a.facets[f].counts);
      }
    }
  }
}

TEST_CASE("facets per document count each matching speech once", "[integration][facets][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  Searcher one(session.db, 1), two(session.db, 2);
  SearchOptions o;
  o.per_doc = true;
  o.limit = 1000;
  o.facets = {"country", "lang"};
  const auto a = one.search("nuclear disarmament", o);
  std::set<std::string> files;
  for (const auto &h : a.hits)
    files.insert(h.path);
  REQUIRE(files.size() == a.hits.size()); // every matching speech, once
  REQUIRE(a.facets.size() == 2);
  CHECK(sum(a.facets[0]) == files.size());
  CHECK(sum(a.facets[1]) == files.size());
  for (const auto &[country, count] : a.facets[0].counts)
    CHECK(count == 1); // one speech per country in a session
  const auto b = two.search("nuclear disarmament", o);
  CHECK(b.facets[0].counts == a.facets[0].counts);
}

TEST_CASE("facets: unknown names and bad widths are usage errors naming them", "[integration][facets][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  Searcher s(session.db, 1);
  SearchOptions o;
  o.facets = {"contry"};
  CHECK_THROWS_WITH(s.search("peace", o),
                    Catch::Contains("unknown facet 'contry'") && Catch::Contains("country, session, year, lang"));
  CHECK_THROWS_AS(s.search("peace", o), parasearch::UsageError);
  for (const std::string bad : {"year/0", "year/x", "year/", "lang/10"}) {
    o.facets = {bad};
    CHECK_THROWS_AS(s.search("peace", o), parasearch::UsageError);
    CHECK_THROWS_WITH(s.search("peace", o), Catch::Contains("'" + bad + "'"));
  }
}

TEST_CASE("facets in JSON: one object, values most frequent first", "[integration][facets][un][json]") {
  const Session50 session;
  if (session.db.empty()) return;
  Searcher s(session.db, 2);
  SearchOptions o;
  o.facets = {"country", "year"};
  const auto r = s.search("nuclear disarmament", o);
  const auto j = nlohmann::ordered_json::parse(parasearch::results_json(r, o));
  REQUIRE(j.contains("facets"));
  const auto &country = j["facets"]["country"];
  REQUIRE(country.size() == r.facets[0].counts.size());
  std::size_t i = 0;
  for (const auto &[value, count] : country.items()) { // in the order of the counts, not alphabetical
    CHECK(value == r.facets[0].counts[i].first);
    CHECK(count.get<std::size_t>() == r.facets[0].counts[i].second);
    ++i;
  }
  CHECK(j["facets"]["year"]["1995"].get<std::size_t>() == r.estimated_total);
  CHECK(nlohmann::json::parse(parasearch::facets_json(r))["facets"] == nlohmann::json::parse(j["facets"].dump()));
  // Without facets asked for, no "facets" key.
  CHECK_FALSE(nlohmann::json::parse(parasearch::results_json(s.search("peace"), {})).contains("facets"));
}
