// Issue 13: a file or folder named on a later run, inside a folder the index records as a root, keeps
// the identity it has from that folder: it is updated in place, never indexed a second time, and a
// subfolder's deleted files are removed (only those). Real UN speeches fill the recorded folder.
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;
using parasearch::test::TempDir;
using parasearch::test::write_file;

namespace {

// Every passage matching `query`, as (path, text), sorted; with `only_ours`, not those of the UN
// speeches (some say "alpha" or "gamma" too).
std::vector<std::pair<std::string, std::string>> passages(const fs::path &db, const std::string &query,
                                                          bool only_ours = true) {
  parasearch::SearchOptions o;
  o.limit = 100000;
  o.snippets = false;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &h : parasearch::Searcher(db).search(query, o).hits)
    if (!only_ours || !h.path.starts_with("Session ")) out.emplace_back(h.path, h.text);
  std::sort(out.begin(), out.end());
  return out;
}

// The number of passages of each document that match `query`.
std::map<std::string, std::size_t> per_path(const fs::path &db, const std::string &query) {
  std::map<std::string, std::size_t> out;
  for (const auto &[path, text] : passages(db, query, false))
    ++out[path];
  return out;
}

parasearch::IndexSummary index(const fs::path &db, const fs::path &path) {
  parasearch::IndexOptions options;
  options.db = db;
  options.jobs = 2;
  parasearch::Indexer indexer(options);
  return indexer.index_paths({path});
}

// The folder c/ (s1/a.txt, s2/b.txt), with one session of UN speeches beside them so that one
// file is a small part of its bucket; indexed whole. Returns c/, or an empty path if there is no corpus.
fs::path indexed_folder(const TempDir &dir, const fs::path &db) {
  fs::path c = parasearch::test::extract_session(dir.path(), "50");
  if (c.empty()) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return {};
  }
  write_file(c / "s1" / "a.txt", "Alpha peace text.\n\nSecond para.\n");
  write_file(c / "s2" / "b.txt", "Beta war text.\n");
  const auto first = index(db, c);
  REQUIRE(first.added > 100);
  REQUIRE(passages(db, "alpha") == std::vector<std::pair<std::string, std::string>>{{"s1/a.txt", "Alpha peace text."}});
  return c;
}

} // namespace

TEST_CASE("named paths: a changed file named inside an indexed folder is updated in place under its stored path",
          "[integration][incremental][named]") {
  TempDir dir;
  const fs::path db = dir / "db";
  const fs::path c = indexed_folder(dir, db);
  if (c.empty()) return;
  const std::size_t total = parasearch::Searcher(db).paragraph_count();

  write_file(c / "s1" / "a.txt", "Alpha peace text changed.\n");
  const auto run = index(db, c / "s1" / "a.txt");
  CHECK(run.files == 1);
  CHECK(run.updated == 1);
  CHECK(run.added == 0);
  CHECK(run.buckets_updated == 1); // one file of a bucket of UN speeches: written in place
  CHECK(run.buckets_rebuilt == 0);
  // One document for the file, with the new text only, under the path it had.
  CHECK(passages(db, "alpha") ==
        std::vector<std::pair<std::string, std::string>>{{"s1/a.txt", "Alpha peace text changed."}});
  CHECK(per_path(db, "second").count("s1/a.txt") == 0);
  CHECK(run.total_paragraphs == total - 1);

  // Named again, unchanged: nothing to do. Then the whole folder: nothing either (same identity).
  const auto again = index(db, c / "s1" / "a.txt");
  CHECK(again.unchanged == 1);
  CHECK(again.buckets_updated + again.buckets_rebuilt == 0);
  const auto whole = index(db, c);
  CHECK(whole.indexed() == 0);
  CHECK(whole.removed == 0);
  CHECK(whole.buckets_updated + whole.buckets_rebuilt == 0);
  CHECK(whole.total_paragraphs == total - 1);
}

TEST_CASE("named paths: a deleted file named inside an indexed folder is removed from the index",
          "[integration][incremental][named]") {
  TempDir dir;
  const fs::path db = dir / "db";
  const fs::path c = indexed_folder(dir, db);
  if (c.empty()) return;
  const std::size_t total = parasearch::Searcher(db).paragraph_count();
  fs::remove(c / "s1" / "a.txt");
  const auto run = index(db, c / "s1" / "a.txt");
  CHECK(run.removed == 1);
  CHECK(run.failed == 0);
  CHECK(run.buckets_updated == 1); // the rest of its bucket stays: written in place
  CHECK(passages(db, "alpha").empty());
  CHECK(passages(db, "beta").size() == 1);
  CHECK(run.total_paragraphs == total - 2);
  // Named again, it is a path that does not exist and that the index does not hold: a failure.
  const auto again = index(db, c / "s1" / "a.txt");
  CHECK(again.failed == 1);
  CHECK(again.removed == 0);
}

TEST_CASE("named paths: a subfolder named inside an indexed folder removes its deleted files and keeps the others",
          "[integration][incremental][named]") {
  TempDir dir;
  const fs::path db = dir / "db";
  const fs::path c = indexed_folder(dir, db);
  if (c.empty()) return;
  const std::string session = "Session 50 - 1995";
  const std::string ind = session + "/IND_50_1995.txt";
  const std::string fra = session + "/FRA_50_1995.txt";
  const auto before = per_path(db, "nation OR country");
  REQUIRE(before.count(ind) == 1);
  REQUIRE(before.count(fra) == 1);

  // s1: its one file deleted, another added; s2 (a sibling) and the session stay as they are.
  fs::remove(c / "s1" / "a.txt");
  write_file(c / "s1" / "new.txt", "Gamma peace text.\n");
  const auto s1 = index(db, c / "s1");
  CHECK(s1.files == 1);
  CHECK(s1.added == 1);
  CHECK(s1.removed == 1);
  CHECK(passages(db, "alpha").empty());
  CHECK(passages(db, "gamma") == std::vector<std::pair<std::string, std::string>>{{"s1/new.txt", "Gamma peace text."}});
  CHECK(passages(db, "beta") == std::vector<std::pair<std::string, std::string>>{{"s2/b.txt", "Beta war text."}});
  CHECK(per_path(db, "nation OR country") == before);

  // The session folder named, one speech deleted and one changed: only the deleted one goes.
  fs::remove(c / ind);
  write_file(c / fra, parasearch::test::read_file(c / fra) + "\nA closing paragraph on zanzibarian diplomacy.\n");
  const auto sub = index(db, c / session);
  CHECK(sub.removed == 1);
  CHECK(sub.updated == 1);
  CHECK(sub.added == 0);
  CHECK(sub.buckets_rebuilt == 0);
  CHECK(sub.buckets_updated >= 1);
  const auto after = per_path(db, "nation OR country");
  CHECK(after.count(ind) == 0);
  CHECK(after.at(fra) == before.at(fra));
  const auto marker = passages(db, "zanzibarian", false);
  REQUIRE(marker.size() == 1);
  CHECK(marker[0].first == fra);
  CHECK(passages(db, "beta") == std::vector<std::pair<std::string, std::string>>{{"s2/b.txt", "Beta war text."}});
  CHECK(passages(db, "gamma").size() == 1);
  std::map<std::string, std::size_t> others = before;
  others.erase(ind);
  CHECK(after == others);

  // The whole folder again: all of that was already done.
  const auto whole = index(db, c);
  CHECK(whole.indexed() == 0);
  CHECK(whole.removed == 0);
}
