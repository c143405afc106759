// Replays every saved fuzzing input through the same entry points the libFuzzer programs use
// (fuzz/targets.hpp): the crash inputs under tests/data/fuzz-regressions/<target>/ and the seed corpus
// under fuzz/corpus/<target>/. A broken promise throws, and the test names the input.
#include "fuzz/targets.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// The regular files directly in `dir`, sorted; none if it does not exist.
std::vector<fs::path> inputs_in(const fs::path &dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

/// Feeds every saved input of `target` to `entry`; returns how many were fed.
std::size_t replay(const std::string &target, const std::function<void(std::string_view)> &entry) {
  const fs::path src = parasearch::test::source_dir();
  std::size_t fed = 0;
  for (const fs::path &dir : {src / "tests/data/fuzz-regressions" / target, src / "fuzz/corpus" / target}) {
    for (const fs::path &input : inputs_in(dir)) {
      INFO("input " << input.string());
      const std::string bytes = parasearch::test::read_file(input);
      CHECK_NOTHROW(entry(bytes));
      ++fed;
    }
  }
  return fed;
}

} // namespace

TEST_CASE("fuzz regressions: splitter inputs split without breaking a promise", "[fuzz][splitter]") {
  CHECK(replay("split", parasearch::fuzz::split_one) >= 5);
}

TEST_CASE("fuzz regressions: UTF-8 sanitiser inputs give valid, stable UTF-8", "[fuzz][utf8]") {
  CHECK(replay("utf8", parasearch::fuzz::utf8_one) >= 5);
}

TEST_CASE("fuzz regressions: query inputs parse or fail with QueryError only", "[fuzz][query]") {
  CHECK(replay("query", parasearch::fuzz::query_one) >= 5);
}

TEST_CASE("fuzz regressions: path-field patterns compile or fail with UsageError only", "[fuzz][pathfields]") {
  CHECK(replay("pathfields", parasearch::fuzz::pathfields_one) >= 5);
}

TEST_CASE("fuzz regressions: JSON Lines inputs give records or per-line errors only", "[fuzz][jsonl]") {
  CHECK(replay("jsonl", parasearch::fuzz::jsonl_one) >= 5);
}

TEST_CASE("fuzz regressions: DOCX/ODT inputs give passages or a one-line ExtractError only", "[fuzz][office]") {
  CHECK(replay("office", parasearch::fuzz::office_one) >= 5);
}

TEST_CASE("fuzz regressions: hand-made hostile inputs pass every entry point", "[fuzz]") {
  // A malformed or over-long query is an expected QueryError; odd bytes and a long word are just text.
  CHECK_NOTHROW(parasearch::fuzz::query_one("AND"));
  CHECK_NOTHROW(parasearch::fuzz::query_one(std::string(5000, 'a'))); // over the size limit: QueryError
  CHECK_NOTHROW(parasearch::fuzz::utf8_one(std::string("\xFF\xFE\x00\xD8", 4)));
  CHECK_NOTHROW(parasearch::fuzz::split_one(std::string(70000, 'x')));
}

TEST_CASE("fuzz regressions: XOR keeps its meaning under the Xapian crash workaround", "[fuzz][query]") {
  // The crash input rewrites XOR as (A OR B) AND_NOT (A AND B); the matches must be XOR's.
  parasearch::test::TempDir db;
  parasearch::IndexOptions options;
  options.db = db.path();
  {
    parasearch::Indexer indexer(options);
    indexer.add_text("alpha.txt", "The alpha delegation spoke first.\n");
    indexer.add_text("beta.txt", "The beta delegation spoke second.\n");
    indexer.add_text("both.txt", "The alpha and beta delegations spoke together.\n");
    indexer.add_text("gamma.txt", "The gamma delegation spoke last.\n");
    indexer.commit();
  }
  parasearch::Searcher searcher(db.path());
  auto paths = [&](const std::string &query) {
    std::set<std::string> out;
    for (const auto &hit : searcher.search(query).hits)
      out.insert(hit.path);
    return out;
  };
  CHECK(paths("alpha XOR beta") == std::set<std::string>{"alpha.txt", "beta.txt"});
  CHECK(paths("alpha XOR beta XOR gamma") == std::set<std::string>{"alpha.txt", "beta.txt", "gamma.txt"});
  CHECK(paths("(alpha OR gamma) XOR beta") == std::set<std::string>{"alpha.txt", "beta.txt", "gamma.txt"});
}

TEST_CASE("fuzz regressions: HTML reader inputs are read without breaking a promise", "[fuzz][html]") {
  CHECK(replay("html", parasearch::fuzz::html_one) >= 5);
}
