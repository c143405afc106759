// The Searcher's contract at its edges: an empty index, stop-word-only queries, a long-lived Searcher
// across a rebuild with other settings, damaged indexes (every error a parasearch::Error), and
// "About N passages" on any number of threads.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/searcher.hpp"
#include "query/bm25.hpp"
#include "query/errors.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::contains;
using parasearch::test::TempDir;
using parasearch::test::write_file;

constexpr const char *kQueryExe = PARASEARCH_QUERY_EXE;

/// Builds an index at `db` from `files` (path → text) with a fresh Indexer.
void build(const fs::path &db, const std::map<std::string, std::string> &files, const std::string &language = {},
           const std::optional<std::string> &path_fields = {}, bool full = false) {
  parasearch::IndexOptions options;
  options.db = db;
  options.language = language;
  options.path_fields = path_fields;
  options.full = full;
  parasearch::Indexer indexer(options);
  for (const auto &[path, text] : files)
    indexer.add_text(path, text);
  indexer.commit();
}

/// A small index of a few speeches, for searches that must run on something real.
void build_small(const fs::path &db) {
  build(db, {{"FRA_1.txt", "The diplomats of France spoke about preventive diplomacy.\nNuclear disarmament "
                           "matters to every delegation.\nPeace and security in the region.\n"},
             {"IND_2.txt", "India's delegation welcomed the diplomats.\nDisarmament is a priority for peace.\n"},
             {"BRA_3.txt", "Brazil calls for development and cooperation.\nClimate change threatens small "
                           "island states.\n"}});
}

} // namespace

// ---------------------------------------------------------------- an empty index

TEST_CASE("searcher: an index with no bucket yet finds no passages, on any number of threads",
          "[integration][searcher][empty]") {
  TempDir dir;
  const fs::path db = dir / "db";
  build(db, {}); // no files: a config and an empty stub, as after --full before the first bucket
  for (unsigned threads : {1u, 3u}) {
    Searcher searcher(db, threads);
    CHECK(searcher.paragraph_count() == 0);
    SearchOptions options;
    options.explain = options.spelling = options.per_doc = true;
    options.context = 2;
    for (const char *q : {"peace", "\"preventive diplomacy\"", "diplom*", "NOT peace"}) {
      INFO(q << " on " << threads << " threads");
      const parasearch::SearchResults r = searcher.search(q, options);
      CHECK(r.hits.empty());
      CHECK(r.estimated_total == 0);
    }
  }
  // Interrupted before the stub was first written: the config alone.
  fs::remove(db / std::string(parasearch::schema::kStubFile));
  CHECK(Searcher(db).search("peace").hits.empty());
  // The tool says so with exit 1, not a database error.
  const auto r = parasearch::test::run_process(kQueryExe, {"--db", db.string(), "peace"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(contains(r.out, "No passages match 'peace'"));
}

// ---------------------------------------------------------------- stop words

TEST_CASE("searcher: a query of stop words only is refused with one message naming it, however it is written",
          "[integration][searcher][stopwords]") {
  TempDir dir;
  build_small(dir / "db");
  Searcher searcher(dir / "db");
  for (const std::string q : {"the", "\"the of\"", "the AND of", "to be or not to be", "+the -of"}) {
    INFO(q);
    try {
      searcher.search(q);
      FAIL("no error for a query of stop words only");
    } catch (const parasearch::QueryError &e) {
      CHECK(contains(e.what(), "query '" + q + "' has only stop words"));
    }
  }
  // A stop word next to a real word is simply skipped.
  CHECK(searcher.search("the diplomats").hits.size() == 2);
  CHECK(searcher.search("\"the diplomats\"").hits.size() == 2);
  const auto r = parasearch::test::run_process(kQueryExe, {"--db", (dir / "db").string(), "the AND of"});
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "query 'the AND of' has only stop words"));
}

// ---------------------------------------------------------------- a rebuilt index

TEST_CASE("searcher: a long-lived Searcher follows a rebuild with another language and other path fields",
          "[integration][searcher][config]") {
  TempDir dir;
  const fs::path db = dir / "db";
  build_small(db);
  Searcher searcher(db);
  CHECK(searcher.language() == "english");
  CHECK(searcher.search("diplomat").hits.size() == 2); // stemmed: finds "diplomats"
  CHECK(searcher.search("country:fra").hits.empty());  // no such field yet

  build_small(db); // nothing changes: the same Searcher keeps working
  CHECK(searcher.search("diplomat").hits.size() == 2);

  // --full --lang none --path-fields: words are indexed as written, and files have a country.
  build(db,
        {{"FRA_1.txt", "The diplomats of France spoke about preventive diplomacy.\n"},
         {"IND_2.txt", "India's delegation welcomed the diplomats.\n"}},
        "none", "{country}_{n}.txt", true);
  CHECK(searcher.search("diplomats").hits.size() == 2); // not stemmed to "diplomat", as the index is not
  CHECK(searcher.language() == "none");                 // as of the last search
  CHECK(searcher.search("diplomat").hits.empty());
  const auto fra = searcher.search("diplomats country:fra").hits;
  REQUIRE(fra.size() == 1);
  CHECK(fra[0].path == "FRA_1.txt");
  CHECK(searcher.search("n:1..1").hits.size() == 1);
}

// ---------------------------------------------------------------- "About N passages"

TEST_CASE("searcher: estimated_total does not depend on the threads, and is as close to the truth as Xapian's",
          "[integration][searcher][estimate][un]") {
  TempDir dir;
  const fs::path src = parasearch::test::extract_session(dir.path(), "50");
  if (src.empty()) {
    parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
    return;
  }
  const fs::path db = dir / "db";
  {
    parasearch::IndexOptions options;
    options.db = db;
    parasearch::Indexer(options).index_paths({src});
  }
  const std::vector<std::string> words = {
      "preventive", "diplomacy", "nuclear",   "disarmament", "human",     "rights",     "violations", "peace",
      "process",    "middle",    "east",      "small",       "island",    "developing", "states",     "security",
      "council",    "reform",    "climate",   "refugees",    "palestine", "bosnia",     "apartheid",  "debt",
      "poverty",    "terrorism", "landmines", "ozone",       "fisheries", "zanzibar",   "chernobyl",  "kosovo"};
  std::vector<std::string> queries, plain;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string &a = words[i], &b = words[(i + 1) % words.size()], &c = words[(i + 7) % words.size()];
    for (const std::string &q : {a, a + " " + b, a + " " + c})
      queries.push_back(q), plain.push_back(q);
    for (const std::string &q : {"\"" + a + " " + b + "\"", a + " AND " + c, a + " NOT " + b, a + " NEAR/3 " + c,
                                 a + " OR \"" + b + " " + c + "\""})
      queries.push_back(q);
  }
  std::vector<std::unique_ptr<Searcher>> searchers;
  for (unsigned threads = 1; threads <= 4; ++threads)
    searchers.push_back(std::make_unique<Searcher>(db, threads));
  std::map<std::string, std::size_t> ours;
  for (const std::string &q : queries) {
    INFO(q);
    const std::size_t one = searchers[0]->search(q).estimated_total;
    for (std::size_t t = 1; t < searchers.size(); ++t) {
      INFO((t + 1) << " threads");
      CHECK(searchers[t]->search(q).estimated_total == one);
    }
    ours[q] = one;
  }
  // Against the truth and one Xapian database's estimate for the same request (top 10; top 20 when
  // the proximity bonus re-ranks, i.e. two words or more), on the plain-word queries.
  Xapian::Database x(db.string());
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  double our_error = 0, xapian_error = 0;
  for (const std::string &q : plain) {
    Xapian::Enquire enquire(x);
    enquire.set_query(parasearch::detail::with_lucene_idf(qp.parse_query(q), x, {}));
    enquire.set_weighting_scheme(parasearch::detail::bm25_weight({}));
    const Xapian::doccount truth = enquire.get_mset(0, 0, x.get_doccount()).get_matches_lower_bound();
    const Xapian::doccount count = q.find(' ') == std::string::npos ? 10 : 20;
    const Xapian::doccount xapian = enquire.get_mset(0, count).get_matches_estimated();
    our_error += std::abs(static_cast<double>(ours[q]) - truth);
    xapian_error += std::abs(static_cast<double>(xapian) - truth);
  }
  INFO("summed error: ours " << our_error << ", one Xapian database's " << xapian_error);
  CHECK(our_error <= xapian_error);
}

// ---------------------------------------------------------------- damaged indexes

namespace {

/// Overwrites `file` from byte `from` on with a pattern, keeping its size.
void scribble(const fs::path &file, std::uintmax_t from) {
  const std::uintmax_t size = fs::file_size(file);
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(std::min(from, size)));
  for (std::uintmax_t i = std::min(from, size); i < size; ++i)
    f.put(static_cast<char>(0xA5 ^ (i * 31)));
}

/// Runs searches that touch every part of the index on `searcher`; returns the messages of the
/// parasearch::Errors they threw. Anything else thrown fails the test.
std::vector<std::string> search_everything(Searcher &searcher) {
  std::vector<std::string> messages;
  SearchOptions options;
  options.limit = 50;
  options.explain = options.spelling = true;
  options.context = 1;
  for (const char *q : {"peace", "\"peace process\"", "secur* OR treaty", "sekurity", "title:speech", "NOT peace"}) {
    INFO(q);
    try {
      searcher.search(q, options);
    } catch (const parasearch::Error &e) {
      messages.emplace_back(e.what());
    } catch (...) {
      FAIL("an error that is not a parasearch::Error left the library");
    }
  }
  try {
    (void)searcher.paragraph_count();
  } catch (const parasearch::Error &e) {
    messages.emplace_back(e.what());
  } catch (...) {
    FAIL("an error that is not a parasearch::Error left paragraph_count()");
  }
  return messages;
}

} // namespace

TEST_CASE("searcher: a damaged index gives parasearch errors that name it, never a raw Xapian error",
          "[integration][searcher][damaged]") {
  if (parasearch::test::kSanitized) { // a bug in Xapian, on damaged data only
    parasearch::test::skip("Xapian 1.4.22 reads past the end of a damaged block (heap-buffer-overflow in "
                           "Document::get_value), which AddressSanitizer stops on");
    return;
  }
  TempDir dir;
  const fs::path good = dir / "good";
  std::map<std::string, std::string> files;
  static const char *const kWords[] = {"peace",   "process", "security", "treaty", "council",  "reform",
                                       "nuclear", "climate", "refugees", "budget", "dialogue", "region"};
  std::uint32_t x = 7;
  for (int f = 0; f < 30; ++f) {
    std::string text = "Speech " + std::to_string(f) + "\n\n";
    for (int p = 0; p < 12; ++p) {
      for (int w = 0; w < 40; ++w) {
        x = x * 1103515245u + 12345u;
        text += std::string(w == 0 ? "" : " ") + kWords[(x >> 16) % std::size(kWords)];
      }
      text += ".\n\n";
    }
    files["speech_" + std::to_string(f) + ".txt"] = text;
  }
  build(good, files);
  REQUIRE(search_everything(*std::make_unique<Searcher>(good)).empty());

  std::vector<std::string> tables;
  fs::path bucket;
  for (const auto &entry : fs::directory_iterator(good))
    if (entry.is_directory() && bucket.empty()) bucket = entry.path().filename();
  for (const auto &entry : fs::directory_iterator(good / bucket))
    if (entry.path().extension() == ".glass") tables.push_back(entry.path().filename());
  REQUIRE(tables.size() >= 3);
  std::size_t errors = 0;
  for (const std::string &table : tables) {
    INFO(table << " damaged");
    const fs::path copy = dir / ("copy-" + table);
    fs::copy(good, copy, fs::copy_options::recursive);
    scribble(copy / bucket / table, fs::file_size(copy / bucket / table) / 2);
    std::vector<std::string> messages;
    try {
      Searcher searcher(copy, 2);
      messages = search_everything(searcher);
    } catch (const parasearch::Error &e) {
      messages.emplace_back(e.what());
    } catch (...) {
      FAIL("an error that is not a parasearch::Error left the constructor");
    }
    for (const std::string &m : messages) {
      INFO(m);
      CHECK(contains(m, "index '" + copy.string() + "' is damaged"));
      CHECK(contains(m, "run parasearch-index --check"));
      ++errors;
    }
  }
  CHECK(errors > 0);
}

TEST_CASE("Searcher::passage returns a stored paragraph with its context, and nothing for what is not there",
          "[searcher][passage]") {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  build(db, {{"en/udhr.txt", "First paragraph.\nSecond paragraph about rights.\nThird one.\nFourth.\n"},
             {"fr/udhr.txt", "Premier paragraphe.\nDeuxième paragraphe sur les droits.\n"}});
  Searcher searcher(db, 2);
  const auto p = searcher.passage("en/udhr.txt", 2, 1);
  REQUIRE(p.has_value());
  CHECK(p->path == "en/udhr.txt");
  CHECK(p->paragraph == 2);
  CHECK(p->text == "Second paragraph about rights.");
  CHECK(p->score == 0);
  REQUIRE(p->before.size() == 1);
  CHECK(p->before[0].paragraph == 1);
  CHECK(p->before[0].text == "First paragraph.");
  REQUIRE(p->after.size() == 1);
  CHECK(p->after[0].text == "Third one.");

  const auto fr = searcher.passage("fr/udhr.txt", 2); // the same name in another folder
  REQUIRE(fr.has_value());
  CHECK(fr->text == "Deuxième paragraphe sur les droits.");
  CHECK(fr->before.empty());

  CHECK_FALSE(searcher.passage("en/udhr.txt", 5).has_value());
  CHECK_FALSE(searcher.passage("en/udhr.txt", 0).has_value());
  CHECK_FALSE(searcher.passage("de/udhr.txt", 1).has_value());
  CHECK_FALSE(searcher.passage("../en/udhr.txt", 1).has_value());
}

TEST_CASE("Searcher::passage on an index with no bucket yet finds nothing", "[searcher][passage]") {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  fs::create_directories(db);
  Searcher searcher(db);
  CHECK_FALSE(searcher.passage("a.txt", 1).has_value());
}

TEST_CASE("searcher: a limit or offset past 2^32 is not cut to 32 bits (a huge limit returns every hit)",
          "[searcher][limit]") {
  TempDir tmp;
  build_small(tmp.path() / "db");
  Searcher searcher(tmp.path() / "db", 1);
  SearchOptions options;
  options.limit = 100;
  const std::size_t all = searcher.search("diplomats disarmament peace", options).hits.size();
  options.per_doc = true;
  const std::size_t documents = searcher.search("diplomats disarmament peace", options).hits.size();
  options.per_doc = false;
  REQUIRE(all >= 4);
  REQUIRE(documents == 2);
  for (const std::size_t limit : {std::size_t{1} << 32, (std::size_t{1} << 32) + 1, std::size_t{1} << 40,
                                  std::numeric_limits<std::size_t>::max()}) {
    CAPTURE(limit);
    options.limit = limit;
    CHECK(searcher.search("diplomats disarmament peace", options).hits.size() == all);
    options.per_doc = true;
    CHECK(searcher.search("diplomats disarmament peace", options).hits.size() == documents);
    options.per_doc = false;
  }
  options.limit = 2;
  options.offset = (std::size_t{1} << 32) + 1; // not offset 1
  CHECK(searcher.search("diplomats disarmament peace", options).hits.empty());
  options.offset = std::numeric_limits<std::size_t>::max();
  options.limit = std::numeric_limits<std::size_t>::max();
  CHECK(searcher.search("diplomats disarmament peace", options).hits.empty());
}

TEST_CASE("searcher: Xapian's errors become parasearch errors: a table read past its end is damage, other "
          "database errors name the failed step",
          "[integration][searcher][damaged]") {
  auto message = [](const auto &thrown) {
    try {
      try {
        throw thrown;
      } catch (...) {
        parasearch::detail::rethrow_as_error("db", "search");
      }
    } catch (const parasearch::DatabaseError &e) {
      return std::string(e.what());
    }
    return std::string("no DatabaseError");
  };
  // What glass throws when a B-tree points past its table's end (a scribbled block, a file cut short).
  const std::string eof = message(Xapian::DatabaseError("EOF reading block 2195963937"));
  CHECK(eof == "index 'db' is damaged (EOF reading block 2195963937); run parasearch-index --check");
  CHECK(message(Xapian::DatabaseCorruptError("Bad block")) ==
        "index 'db' is damaged (Bad block); run parasearch-index --check");
  const std::string io = message(Xapian::DatabaseError("Error reading block 7", EIO));
  CHECK(io.find("search failed in index 'db': DatabaseError: Error reading block 7") == 0);
  CHECK(io.find("is damaged") == std::string::npos);
  // Only a plain DatabaseError with that message: an opening error that says it is not damage.
  CHECK(message(Xapian::DatabaseOpeningError("EOF reading block 3")).find("is damaged") == std::string::npos);
}
