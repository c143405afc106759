// Issue 13: a file or folder named on a later run, inside a folder the index records as a root, keeps
// the identity it has from that folder: it is updated in place, never indexed a second time, and a
// subfolder's deleted files are removed (only those). Real UN speeches fill the recorded folder.
#include "index/record.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/searcher.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

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

namespace {

// The folders of the index's bucket databases, as its stub lists them ("glass NAME" lines).
std::vector<fs::path> bucket_paths(const fs::path &db) {
  std::vector<fs::path> out;
  std::ifstream stub(db / "XAPIANDB");
  for (std::string line; std::getline(stub, line);)
    if (!line.empty() && line[0] != '#') out.push_back(db / line.substr(line.find(' ') + 1));
  return out;
}

// Everything the index holds, bucket by bucket: every document's docid and data, and every metadata
// entry (file states, root tallies, counters). Two indexes with the same dump answer every query alike.
std::string dump(const fs::path &db) {
  std::ostringstream out;
  for (const fs::path &path : bucket_paths(db)) {
    const Xapian::Database bucket(path.string());
    out << "bucket " << bucket.get_doccount() << "\n";
    for (auto it = bucket.postlist_begin(""); it != bucket.postlist_end(""); ++it)
      out << *it << ' ' << bucket.get_document(*it).get_data() << '\n';
    for (auto it = bucket.metadata_keys_begin(); it != bucket.metadata_keys_end(); ++it)
      out << *it << '=' << bucket.get_metadata(*it) << '\n';
  }
  return out.str();
}

parasearch::IndexSummary index_named(const fs::path &db, const std::vector<fs::path> &paths, bool from_all) {
  parasearch::IndexOptions options;
  options.db = db;
  options.jobs = 2;
  options.buckets = 2;
  options.plan_from_all_states = from_all;
  parasearch::Indexer indexer(options);
  return indexer.index_paths(paths);
}

} // namespace

TEST_CASE("named paths: a run of named files reads only their states and writes the index a run that reads every "
          "state writes",
          "[integration][incremental][named]") {
  // Two copies of the same folders, indexed alike; then 80 generated steps (change, add, delete, touch,
  // several files at once, a file outside the folder, same names in two folders, a change too large to
  // write in place), each run by naming the files: on one index as usual, on the other with
  // plan_from_all_states. After every step both indexes must hold the same documents, docids and
  // metadata (root tallies included), and report the same.
  TempDir dir;
  const fs::path trees[2] = {dir / "x", dir / "y"};
  const fs::path dbs[2] = {dir / "db-x", dir / "db-y"};
  std::mt19937 rng(2026);
  std::vector<std::string> words = {"peace",   "security", "develop", "nuclear", "treaty", "ocean",  "refugee",
                                    "climate", "trade",    "debt",    "charter", "vote",   "council"};
  auto text = [&](std::size_t paragraphs) {
    std::string t;
    for (std::size_t p = 0; p < paragraphs; ++p) {
      for (int w = 0; w < 12; ++w)
        t += words[rng() % words.size()] + (w == 11 ? ".\n\n" : " ");
    }
    return t;
  };
  std::vector<std::string> files; // relative to a tree, under "root/"
  files.reserve(200);
  for (int i = 0; i < 40; ++i) // some directly in root/, as a file named outside it may be
    files.push_back(i % 5 == 4 ? "root/f" + std::to_string(i) + ".txt"
                               : "root/s" + std::to_string(i % 4) + "/f" + std::to_string(i) + ".txt");
  // Both copies of a file get the same modification time (the states record it).
  auto same_time = [&](const std::string &f) {
    if (fs::exists(trees[0] / f)) fs::last_write_time(trees[1] / f, fs::last_write_time(trees[0] / f));
  };
  for (const std::string &f : files) {
    const std::string t = text(3);
    for (const fs::path &tree : trees)
      write_file(tree / f, t);
    same_time(f);
  }
  for (int k = 0; k < 2; ++k) {
    parasearch::IndexOptions options;
    options.db = dbs[k];
    options.buckets = 2;
    parasearch::Indexer(options).index_paths({trees[k] / "root"});
  }
  // The two dumps, with each copy's folder (x/ or y/, inside the stored roots) written as TREE.
  auto dumps = [&] {
    std::pair<std::string, std::string> out{dump(dbs[0]), dump(dbs[1])};
    for (int k = 0; k < 2; ++k) {
      std::string &s = k == 0 ? out.first : out.second;
      for (std::size_t at; (at = s.find(trees[k].string())) != std::string::npos;)
        s.replace(at, trees[k].string().size(), "TREE");
    }
    return out;
  };
  REQUIRE(dumps().first == dumps().second);

  std::size_t fewer_states = 0;
  for (int step = 0; step < 80; ++step) {
    std::vector<std::string> named;
    const unsigned op = rng() % 8;
    const std::string some = files[rng() % files.size()];
    const std::string fresh_name = "root/s" + std::to_string(rng() % 6) + "/n" + std::to_string(step) + ".txt";
    const std::string outside = "other/o" + std::to_string(rng() % 3) + "/f" + std::to_string(rng() % 40) + ".txt";
    std::string content = text(1 + rng() % 4);
    const std::string recreated = text(2); // a touched file that is gone is written anew
    bool remove = false;
    switch (op) {
    case 0:
    case 1: named = {some}; break; // changed
    case 2:
      named = {fresh_name};
      files.push_back(fresh_name);
      break; // new, in the recorded folder
    case 3:
      named = {some};
      remove = true;
      break; // deleted (or already gone)
    case 4:
      named = {some};
      content.clear();
      break; // touched, same bytes
    case 5:
      named = {some, files[rng() % files.size()], fresh_name};
      files.push_back(fresh_name);
      break;
    case 6: named = {outside}; break; // a folder of its own; often the same relative name as a root file
    default:
      named = {some};
      content = text(60);
      break; // too large to write in place
    }
    for (const fs::path &tree : trees) {
      for (const std::string &f : named) {
        const fs::path p = tree / f;
        if (remove) {
          fs::remove(p);
        } else if (content.empty() && fs::exists(p)) {
          fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(1));
        } else {
          write_file(p, content.empty() ? recreated : content);
        }
      }
    }
    for (const std::string &f : named)
      same_time(f);
    parasearch::IndexSummary runs[2];
    for (int k = 0; k < 2; ++k) {
      std::vector<fs::path> paths;
      paths.reserve(named.size());
      for (const std::string &f : named)
        paths.push_back(trees[k] / f);
      runs[k] = index_named(dbs[k], paths, k == 1);
    }
    INFO("step " << step << ", operation " << op << ", " << named.front());
    CHECK(runs[0].added == runs[1].added);
    CHECK(runs[0].updated == runs[1].updated);
    CHECK(runs[0].removed == runs[1].removed);
    CHECK(runs[0].unchanged == runs[1].unchanged);
    CHECK(runs[0].failed == runs[1].failed);
    CHECK(runs[0].buckets_updated == runs[1].buckets_updated);
    CHECK(runs[0].buckets_rebuilt == runs[1].buckets_rebuilt);
    CHECK(runs[0].states_read <= runs[1].states_read);
    if (runs[0].states_read < runs[1].states_read) ++fewer_states;
    const auto [a, b] = dumps();
    REQUIRE(a == b);
  }
  CHECK(fewer_states > 40); // most runs read a few states, not all of them
  const auto check = parasearch::test::run_index_check(PARASEARCH_INDEX_EXE, dbs[0].string());
  INFO(check.out << check.err);
  CHECK(check.status == 0);
}

TEST_CASE("named paths: a bucket written before root tallies existed makes a named run read every state, until "
          "--merge",
          "[integration][incremental][named]") {
  TempDir dir;
  const fs::path db = dir / "db";
  for (int i = 0; i < 30; ++i)
    write_file(dir / "root" / ("f" + std::to_string(i) + ".txt"), "Paragraph " + std::to_string(i) + " on peace.\n");
  parasearch::IndexOptions options;
  options.db = db;
  options.buckets = 2;
  parasearch::Indexer(options).index_paths({dir / "root"});
  auto change = [&](int i) {
    write_file(dir / "root" / ("f" + std::to_string(i) + ".txt"), "Changed paragraph on war " + std::to_string(i));
    return index_named(db, {dir / "root" / ("f" + std::to_string(i) + ".txt")}, false);
  };
  CHECK(change(1).states_read <= 3);
  { // as an index of the previous release: no tallies in one bucket
    Xapian::WritableDatabase bucket(bucket_paths(db).at(0).string(), Xapian::DB_OPEN);
    bucket.set_metadata(std::string(parasearch::schema::kMetaRootTallies), "");
    bucket.commit();
  }
  const auto old = change(2);
  CHECK(old.updated == 1);
  CHECK(old.states_read == 30);
  parasearch::IndexOptions merge = options;
  merge.merge = true;
  const auto merged = parasearch::Indexer(merge).index_paths({dir / "root"});
  CHECK(merged.buckets_rebuilt >= 1);
  const auto now = change(3);
  CHECK(now.updated == 1);
  CHECK(now.states_read <= 3);
  const auto sound = parasearch::test::run_index_check(PARASEARCH_INDEX_EXE, db.string());
  INFO(sound.out << sound.err);
  CHECK(sound.status == 0);
  CHECK(parasearch::Searcher(db).search("war").hits.size() == 3);

  // --check compares the tallies with the file states: one file too many is damage, named.
  {
    Xapian::WritableDatabase bucket(bucket_paths(db).at(0).string(), Xapian::DB_OPEN);
    const std::string key = std::string(parasearch::schema::kMetaRootPrefix) + (dir / "root").string();
    auto tally = parasearch::detail::decode_tally(bucket.get_metadata(key));
    REQUIRE(tally);
    ++tally->files;
    bucket.set_metadata(key, parasearch::detail::encode_tally(*tally));
    bucket.commit();
  }
  const auto damaged = parasearch::test::run_index_check(PARASEARCH_INDEX_EXE, db.string());
  CHECK(damaged.status == 4);
  CHECK_THAT(damaged.out, Catch::Contains("root tally for '" + (dir / "root").string() + "'"));
}
