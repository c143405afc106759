// The library's own checks of what embedders pass it: ranking parameters, the bytes each file event
// reports (the progress bar's rate), and JSON Lines summaries that add up.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/jsonl.hpp"
#include "parasearch/searcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::contains;
using parasearch::test::TempDir;

/// A small index of two files at `db`.
void build(const fs::path &db, const fs::path &src) {
  parasearch::test::write_file(src / "a.txt", "Preventive diplomacy is a priority.\n\nNuclear disarmament too.\n");
  parasearch::test::write_file(src / "b.txt", "Human rights and the rule of law.\n");
  parasearch::IndexOptions options;
  options.db = db;
  parasearch::Indexer(options).index_paths({src});
}

/// The message of the UsageError that searching with `ranking` throws, or "" if it does not throw.
std::string ranking_error(parasearch::Searcher &searcher, const parasearch::RankingOptions &ranking) {
  parasearch::SearchOptions o;
  o.ranking = ranking;
  try {
    searcher.search("diplomacy", o);
  } catch (const parasearch::UsageError &e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("ranking options: out-of-range values are a UsageError naming the parameter and its flag",
          "[integration][options]") {
  TempDir dir;
  build(dir / "db", dir / "src");
  parasearch::Searcher searcher(dir / "db", 1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto with = [](auto f) {
    parasearch::RankingOptions r;
    f(r);
    return r;
  };
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.k1 = -1; })), "BM25 k1 (--bm25-k1) must be"));
  CHECK(contains(ranking_error(searcher, with([&](auto &r) { r.k1 = nan; })), "--bm25-k1"));
  CHECK(contains(ranking_error(searcher, with([&](auto &r) { r.k1 = inf; })), "--bm25-k1"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.b = -0.01; })), "BM25 b (--bm25-b) must be"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.b = 1.01; })), "from 0 to 1, not 1.01"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.proximity = -0.5; })), "(--proximity)"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.proximity_window = 1; })),
                 "proximity window (--window) must be at least 2 words, not 1"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.proximity_window = 0; })), "(--window)"));
  CHECK(contains(ranking_error(searcher, with([](auto &r) { r.length_floor = -0.1; })),
                 "the length floor (--length-floor) must be a number of at least 0, not -0.1"));
  CHECK(contains(ranking_error(searcher, with([&](auto &r) { r.length_floor = inf; })), "(--length-floor)"));
  // The edges of each range are accepted.
  CHECK(ranking_error(searcher, with([](auto &r) {
                        r.k1 = 0, r.b = 0, r.proximity = 0, r.proximity_window = 2, r.length_floor = 0;
                      }))
            .empty());
  CHECK(ranking_error(searcher, with([](auto &r) { r.b = 1, r.k1 = 100, r.rerank_depth = 0; })).empty());
  CHECK_NOTHROW(parasearch::validate_ranking(parasearch::RankingOptions{}));
  CHECK_THROWS_AS(parasearch::validate_ranking(with([](auto &r) { r.b = 2; })), parasearch::UsageError);
}

TEST_CASE("file events: each indexed file reports its bytes, which add up to the summary's",
          "[integration][options][progress]") {
  TempDir dir;
  const std::string a = "Preventive diplomacy is a priority.\n";
  const std::string b = "Human rights and the rule of law, in a longer file.\n";
  parasearch::test::write_file(dir / "src" / "a.txt", a);
  parasearch::test::write_file(dir / "src" / "b.txt", b);
  parasearch::test::write_file(dir / "src" / "c.txt", "");
  parasearch::IndexOptions options;
  options.db = dir / "db";
  std::uintmax_t bytes = 0;
  std::map<std::string, std::uintmax_t> per_file; // events come in bucket order, not path order
  const auto summary = parasearch::Indexer(options).index_paths({dir / "src"}, [&](const parasearch::FileEvent &ev) {
    bytes += ev.bytes;
    if (ev.status == parasearch::FileStatus::kIndexed) per_file[ev.path] = ev.bytes;
  });
  REQUIRE(per_file.size() == 2);
  CHECK(per_file["a.txt"] == a.size());
  CHECK(per_file["b.txt"] == b.size());
  CHECK(summary.bytes == a.size() + b.size());
  CHECK(bytes == summary.bytes);
}

TEST_CASE("index_jsonl: bad lines and duplicate ids are skipped files, and the summary adds up",
          "[integration][options][jsonl]") {
  TempDir dir;
  parasearch::test::write_file(dir / "in.jsonl", "{\"id\": 1, \"text\": \"Preventive diplomacy.\"}\n"
                                                 "{\"id\": 2, \"text\": 5}\n"
                                                 "\n"
                                                 "{\"id\": 1, \"text\": \"Again.\"}\n"
                                                 "[1, 2]\n"
                                                 "{\"id\": 3, \"title\": \"T\", \"text\": \"Human rights.\"}\n");
  parasearch::IndexOptions options;
  options.db = dir / "db";
  parasearch::Indexer indexer(options);
  std::vector<std::string> bad;
  const auto s = parasearch::index_jsonl(
      indexer, std::vector<fs::path>{dir / "in.jsonl"}, parasearch::JsonlFields{}, {},
      [&](const std::string &where, const std::string &why) { bad.push_back(where + " " + why); });
  REQUIRE(bad.size() == 2);
  CHECK(contains(bad[0], "in.jsonl:2"));
  CHECK(contains(bad[1], "in.jsonl:5"));
  CHECK(s.files == 5); // records 1, 1 again, 3 and the two bad lines; the blank line is no record
  CHECK(s.added == 2);
  CHECK(s.skipped == 3);
  CHECK(s.files == s.added + s.updated + s.unchanged + s.empty + s.skipped + s.failed);
  CHECK_THROWS_AS(parasearch::index_jsonl(indexer, std::vector<fs::path>{dir.path()}, parasearch::JsonlFields{}),
                  parasearch::UsageError);
  CHECK_THROWS_WITH(
      parasearch::index_jsonl(indexer, std::vector<fs::path>{dir / "missing.jsonl"}, parasearch::JsonlFields{}),
      Catch::Contains("missing.jsonl"));
}
