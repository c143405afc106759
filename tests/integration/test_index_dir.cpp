// The index folder over runs: --full is built beside the old index and switched to in one stub
// rename, an interrupted first creation is taken over, files with the same relative path under
// different folders are all indexed and cited apart, and a second run over any folder changes nothing.
#include "index/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/searcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using parasearch::test::TempDir;
using parasearch::test::write_file;

namespace {

parasearch::IndexSummary index_paths(const fs::path &db, const std::vector<fs::path> &paths, bool full = false,
                                     const std::string &lang = "",
                                     const std::function<void(const parasearch::FileEvent &)> &on_file = {}) {
  parasearch::IndexOptions options;
  options.db = db;
  options.full = full;
  options.language = lang;
  parasearch::Indexer indexer(options);
  return indexer.index_paths(paths, on_file);
}

std::set<std::string> hit_paths(const fs::path &db, const std::string &query) {
  parasearch::SearchOptions options;
  options.limit = 1000;
  std::set<std::string> out;
  for (const auto &h : parasearch::Searcher(db).search(query, options).hits)
    out.insert(h.path);
  return out;
}

} // namespace

TEST_CASE("full: a search during --full sees the whole old index, and --full --lang switches settings with buckets",
          "[integration][full]") {
  TempDir dir;
  for (int k = 0; k < 12; ++k)
    write_file(dir / ("in/s" + std::to_string(k) + ".txt"),
               "The delegation spoke of preventive diplomacy " + std::to_string(k) + ".\nA second paragraph.\n");
  const fs::path db = dir / "db";
  REQUIRE(index_paths(db, {dir / "in"}).total_paragraphs == 24);
  std::size_t during = 0, wrong = 0;
  const auto full = index_paths(db, {dir / "in"}, true, "french", [&](const parasearch::FileEvent &) {
    ++during;
    if (parasearch::Searcher(db).paragraph_count() != 24) ++wrong; // before: 0 (the old buckets were dropped first)
    if (parasearch::detail::read_config(db).language != "english") ++wrong;
  });
  CHECK(during == 12);
  CHECK(wrong == 0);
  CHECK(full.total_paragraphs == 24);
  CHECK(parasearch::detail::read_config(db).language == "french");
  CHECK(parasearch::Searcher(db).language() == "french");
  CHECK_FALSE(fs::exists(db / "parasearch.conf")); // the settings live in the stub only
  // Only the live buckets are left.
  std::size_t folders = 0;
  for (const auto &e : fs::directory_iterator(db))
    folders += e.is_directory();
  CHECK(folders <= 8);
}

TEST_CASE("full: an index whose settings are in parasearch.conf (before they moved into the stub) still opens",
          "[integration][full]") {
  TempDir dir;
  write_file(dir / "in/a.txt", "Preventive diplomacy is the first priority.\n");
  const fs::path db = dir / "db";
  index_paths(db, {dir / "in"});
  // Rewrite it as the previous layout had it: settings in parasearch.conf, a stub of bucket lines only.
  std::string stub = parasearch::test::read_file(db / "XAPIANDB"), buckets;
  std::istringstream in(stub);
  for (std::string line; std::getline(in, line);)
    if (!line.starts_with("#")) buckets += line + "\n";
  write_file(db / "XAPIANDB", buckets);
  write_file(db / "parasearch.conf", "schema=" + std::to_string(parasearch::schema::kSchemaVersion) +
                                         "\nlanguage=english\nbuckets=8\npath-fields=\n");
  CHECK(hit_paths(db, "diplomacy") == std::set<std::string>{"a.txt"});
  write_file(dir / "in/b.txt", "Diplomacy again, in a second file.\n");
  CHECK(index_paths(db, {dir / "in"}).added == 1);
  CHECK(hit_paths(db, "diplomacy") == std::set<std::string>{"a.txt", "b.txt"});
  CHECK_FALSE(fs::exists(db / "parasearch.conf"));
  // Settings of another schema version are refused with the way out.
  write_file(db / "XAPIANDB", buckets);
  write_file(db / "parasearch.conf", "schema=3\nlanguage=english\nbuckets=8\npath-fields=\n");
  CHECK_THROWS_WITH(parasearch::Searcher(db), Catch::Contains("--full"));
  write_file(db / "parasearch.conf", "schema=4\nlanguage=english\nbuckets=8\npath-fields=\n");
  CHECK_THROWS_WITH(parasearch::Searcher(db), Catch::Contains("--full"));
  CHECK_THROWS_WITH(index_paths(db, {dir / "in"}), Catch::Contains("--full"));
  CHECK(index_paths(db, {dir / "in"}, true).total_paragraphs == 2);
}

TEST_CASE("create: the folder a first creation left when it was killed is taken over by the next run",
          "[integration][create]") {
  TempDir dir;
  write_file(dir / "in/a.txt", "Preventive diplomacy is the first priority.\n");
  const fs::path db = dir / "db";
  // What a run killed while creating the index leaves: the lock, build folders, a half-written stub.
  write_file(db / "parasearch.lock", "");
  write_file(db / "tmp003-0123abcd/postlist.glass", "partial");
  write_file(db / "b005-89abcdef/postlist.glass", "partial");
  write_file(db / "XAPIANDB.tmp", "glass b005-89ab");
  const auto s = index_paths(db, {dir / "in"}); // before: "exists and is not a parasearch index"
  CHECK(s.added == 1);
  CHECK(hit_paths(db, "diplomacy") == std::set<std::string>{"a.txt"});
  CHECK_FALSE(fs::exists(db / "tmp003-0123abcd"));
  CHECK_FALSE(fs::exists(db / "b005-89abcdef"));
  // A folder holding anything else is still not taken over.
  write_file(dir / "other/notes.txt", "mine");
  CHECK_THROWS_AS(index_paths(dir / "other", {dir / "in"}), parasearch::UsageError);
}

TEST_CASE("paths: files with the same relative path under two folders are all indexed and cited apart",
          "[integration][paths]") {
  TempDir dir;
  write_file(dir / "un/en/udhr.txt", "All human beings are born free and equal in dignity and rights.\n");
  write_file(dir / "un/fr/udhr.txt", "Tous les etres humains naissent libres et egaux en dignite et en droits.\n");
  write_file(dir / "un/fr/only.txt", "Seulement en francais: dignite.\n");

  SECTION("in one run, each is shown with its folder's name in front") {
    const fs::path db = dir / "db";
    const auto s = index_paths(db, {dir / "un/en", dir / "un/fr"});
    CHECK(s.added == 3);
    CHECK(s.skipped == 0);
    CHECK(hit_paths(db, "dignity OR dignite") == std::set<std::string>{"en/udhr.txt", "fr/udhr.txt", "only.txt"});
    const auto again = index_paths(db, {dir / "un/en", dir / "un/fr"});
    CHECK(again.unchanged == 3);
    CHECK(again.buckets_rebuilt == 0);
  }
  SECTION("in separate runs, the later one does not replace the earlier") {
    const fs::path db = dir / "db";
    CHECK(index_paths(db, {dir / "un/en"}).added == 1);
    CHECK(index_paths(db, {dir / "un/fr"}).added == 2); // before: fr's udhr.txt replaced en's
    CHECK(hit_paths(db, "dignity OR dignite") == std::set<std::string>{"udhr.txt", "fr/udhr.txt", "only.txt"});
    CHECK(hit_paths(db, "equal") == std::set<std::string>{"udhr.txt"});
    // Each keeps its path on later runs, and re-running either changes nothing.
    CHECK(index_paths(db, {dir / "un/en"}).buckets_rebuilt == 0);
    CHECK(index_paths(db, {dir / "un/fr"}).buckets_rebuilt == 0);
    CHECK(hit_paths(db, "libres") == std::set<std::string>{"fr/udhr.txt"});
  }
  SECTION("files given directly with the same name") {
    const fs::path db = dir / "db";
    const auto s = index_paths(db, {dir / "un/en/udhr.txt", dir / "un/fr/udhr.txt"});
    CHECK(s.added == 2); // before: one was skipped as "the same path was given twice"
    CHECK(hit_paths(db, "dignity OR dignite") == std::set<std::string>{"en/udhr.txt", "fr/udhr.txt"});
    CHECK(index_paths(db, {dir / "un/en/udhr.txt", dir / "un/fr/udhr.txt"}).buckets_rebuilt == 0);
  }
  SECTION("the same folder given twice is one folder") {
    const fs::path db = dir / "db";
    const auto s = index_paths(db, {dir / "un/fr", dir / "un/fr"});
    CHECK(s.added == 2);
    CHECK(s.total_paragraphs == 2);
  }
}

TEST_CASE("rerun: a folder with binary, empty and unreadable files rebuilds nothing the second time",
          "[integration][rerun]") {
  TempDir dir;
  write_file(dir / "in/speech.txt", "Preventive diplomacy is the first priority.\nA second paragraph.\n");
  const char pdf[] = "%PDF-1.4\n\0\0\x01\x02 binary stream\0";
  write_file(dir / "in/report.pdf", std::string(pdf, sizeof pdf - 1));
  write_file(dir / "in/blob.bin", std::string(64, '\0'));
  write_file(dir / "in/empty.txt", "");
  write_file(dir / "in/rule.txt", "| ||| |\n* *** *\n");
  write_file(dir / "in/locked.txt", "Secret text.\n");
  const bool root = ::geteuid() == 0; // root reads any file: no unreadable file to test with
  if (!root) ::chmod((dir / "in/locked.txt").c_str(), 0);
  const fs::path db = dir / "db";
  auto run = [&] {
    parasearch::IndexOptions options;
    options.db = db;
    options.extensions.clear(); // every file
    std::map<std::string, parasearch::FileStatus> statuses;
    parasearch::Indexer indexer(options);
    const auto s = indexer.index_paths({dir / "in"}, [&](const parasearch::FileEvent &ev) {
      statuses[ev.path] =
          ev.status == parasearch::FileStatus::kUnchanged ? parasearch::FileStatus::kIndexed : ev.status;
    });
    return std::pair(s, statuses);
  };
  const auto [first, first_statuses] = run();
  CHECK(first.skipped == 2);
  CHECK(first.empty == 2);
  CHECK(first.failed == (root ? 0u : 1u));
  for (int round = 0; round < 2; ++round) {
    const auto [again, again_statuses] = run();
    CHECK(again.buckets_rebuilt == 0); // before: the binary files' buckets were rebuilt on every run
    CHECK(again.skipped == first.skipped);
    CHECK(again.empty == first.empty);
    CHECK(again.failed == first.failed);
    CHECK(again.unchanged == first.added);
    CHECK(again.total_paragraphs == first.total_paragraphs);
    CHECK(again_statuses == first_statuses);
  }
  // A skipped file that changes into text is read again.
  write_file(dir / "in/blob.bin", "Now it is text about diplomacy.\n");
  const auto [changed, changed_statuses] = run();
  CHECK(changed.buckets_rebuilt == 1);
  CHECK(changed.skipped == 1);
  CHECK(hit_paths(db, "diplomacy") == std::set<std::string>{"speech.txt", "blob.bin"});
}

TEST_CASE("rerun: a file that grows past the size limit is reported once, and its paragraphs go",
          "[integration][rerun]") {
  TempDir dir;
  write_file(dir / "in/a.txt", "Preventive diplomacy is the first priority.\n");
  write_file(dir / "in/b.txt", "Another speech about disarmament.\n");
  parasearch::IndexOptions options;
  options.db = dir / "db";
  options.max_file_bytes = 1000;
  auto run = [&] {
    std::size_t events_for_a = 0;
    parasearch::Indexer indexer(options);
    const auto s =
        indexer.index_paths({dir / "in"}, [&](const parasearch::FileEvent &ev) { events_for_a += ev.path == "a.txt"; });
    return std::pair(s, events_for_a);
  };
  CHECK(run().first.added == 2);
  write_file(dir / "in/a.txt", std::string(2000, 'x') + "\n");
  const auto [grown, events] = run();
  CHECK(grown.skipped == 1); // before: 2, reported by the plan and again by the rebuild
  CHECK(events == 1);
  CHECK(grown.total_paragraphs == 1);
  CHECK(hit_paths(dir / "db", "diplomacy").empty());
  const auto [again, again_events] = run();
  CHECK(again.buckets_rebuilt == 0);
  CHECK(again.skipped == 1);
}

TEST_CASE("buckets: a new index gets one bucket per core (at most 8), and later runs and --full keep the count",
          "[integration][buckets]") {
  const unsigned cores = std::thread::hardware_concurrency();
  const unsigned expected = std::clamp(cores, 1u, parasearch::schema::kMaxDefaultBuckets);
  CHECK(parasearch::default_buckets() == expected);
  TempDir in, dir;
  for (int f = 0; f < 6; ++f)
    write_file(in / ("f" + std::to_string(f) + ".txt"), "Paragraph of file " + std::to_string(f) + ".\n");
  const fs::path db = dir / "db";
  index_paths(db, {in.path()});
  CHECK(parasearch::detail::read_config(db).buckets == expected);
  CHECK(parasearch::detail::listed_buckets(db).size() <= expected); // (an empty bucket is not listed)
  {
    parasearch::IndexOptions options; // an explicit count, then --full without one keeps it
    options.db = db;
    options.full = true;
    options.buckets = 5;
    parasearch::Indexer(options).index_paths({in.path()});
  }
  index_paths(db, {in.path()}, true);
  CHECK(parasearch::detail::read_config(db).buckets == 5);
  write_file(in / "f6.txt", "Paragraph of file 6.\n"); // an incremental run keeps it too
  index_paths(db, {in.path()});
  CHECK(parasearch::detail::read_config(db).buckets == 5);
  CHECK(hit_paths(db, "paragraph").size() == 7);
}
