// Integration tests of the query language and ranking features: per-document collapsing, context,
// explanations, proximity, phrase highlighting, HTML escaping, spelling, synonyms and syntax errors.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using parasearch::Hit;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

/// An Indexer writing to `db` with default options.
parasearch::Indexer open_indexer(const std::filesystem::path &db) {
  parasearch::IndexOptions options;
  options.db = db;
  return parasearch::Indexer(options);
}

/// An index of a few small documents, one paragraph per line.
struct Fixture {
  TempDir dir;
  Fixture() {
    parasearch::Indexer indexer = open_indexer(dir.path());
    indexer.add_text("near.txt", "The council discussed budgets at length today.\n"
                                 "Preventive diplomacy is the cheapest way to keep the peace.\n"
                                 "Delegates then turned to the agenda for next year.\n");
    indexer.add_text("far.txt", "Preventive steps were taken by the committee on budgets, procedures, staffing "
                                "and several other matters before the long debate on diplomacy began.\n");
    indexer.add_text("many.txt", "Diplomacy matters.\nDiplomacy again.\nMore diplomacy here.\n");
    indexer.add_text("html.txt", "Use <b>tags</b> & \"quotes\" with 'care' in diplomacy.\n");
    indexer.commit();
  }
  const std::filesystem::path &db() const { return dir.path(); }
};

std::vector<Hit> run(Searcher &s, const std::string &q, SearchOptions o = {}) {
  o.limit = 20;
  return s.search(q, o).hits;
}

} // namespace

TEST_CASE("ranking: words standing together rank above the same words far apart", "[integration][ranking]") {
  Fixture f;
  Searcher s(f.db());
  const auto hits = run(s, "preventive diplomacy");
  REQUIRE(hits.size() >= 2);
  CHECK(hits[0].path == "near.txt");
  SearchOptions off;
  off.ranking.proximity = 0;
  const auto plain = run(s, "preventive diplomacy", off);
  // The bonus is what lifts the close pair: without it the score of near.txt drops.
  CHECK(plain[0].score < hits[0].score);
}

TEST_CASE("per_doc: one passage per document with the count of its other matches", "[integration][per-doc]") {
  Fixture f;
  Searcher s(f.db());
  SearchOptions o;
  o.per_doc = true;
  const auto hits = run(s, "diplomacy", o);
  std::map<std::string, std::size_t> others;
  for (const Hit &h : hits) {
    INFO(h.path);
    CHECK(others.count(h.path) == 0);
    others[h.path] = h.others;
  }
  CHECK(others.at("many.txt") == 2);
  CHECK(others.at("near.txt") == 0);
  CHECK(run(s, "diplomacy").size() == hits.size() + 2);
}

TEST_CASE("context: the paragraphs around a hit come from the index, in order", "[integration][context]") {
  Fixture f;
  Searcher s(f.db());
  SearchOptions o;
  o.context = 2;
  const auto hits = run(s, "\"preventive diplomacy\"", o);
  REQUIRE(hits.size() == 1);
  const Hit &h = hits[0];
  CHECK(h.paragraph == 2);
  REQUIRE(h.before.size() == 1); // only one paragraph exists before it
  CHECK(h.before[0].paragraph == 1);
  CHECK(h.before[0].text == "The council discussed budgets at length today.");
  REQUIRE(h.after.size() == 1);
  CHECK(h.after[0].paragraph == 3);
  CHECK(h.after[0].text.starts_with("Delegates then turned"));
}

TEST_CASE("explain: the listed parts add up to the score", "[integration][explain]") {
  Fixture f;
  Searcher s(f.db());
  SearchOptions o;
  o.explain = true;
  for (const Hit &h : run(s, "preventive diplomacy budgets", o)) {
    INFO(h.explanation);
    std::istringstream lines(h.explanation);
    std::string line;
    std::getline(lines, line);
    CHECK(std::stod(line) == Approx(h.score).margin(0.0005)); // printed with 3 decimals
    double sum = 0;
    while (std::getline(lines, line))
      sum += std::stod(line);
    CHECK(sum == Approx(h.score).margin(0.002));
    CHECK(h.explanation.find(" here, in ") != std::string::npos); // at least one term line
  }
}

TEST_CASE("snippets: a phrase query highlights only the words of the phrase match", "[integration][snippet]") {
  TempDir dir;
  {
    parasearch::Indexer indexer = open_indexer(dir.path());
    indexer.add_text("a.txt", "Diplomacy first, then preventive diplomacy, and preventive care.\n");
    indexer.commit();
  }
  Searcher s(dir.path());
  SearchOptions o;
  o.mark_start = "[";
  o.mark_end = "]";
  const auto hits = run(s, "\"preventive diplomacy\"", o);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet == "Diplomacy first, then [preventive] [diplomacy], and preventive care.");
  CHECK(run(s, "preventive diplomacy", o)[0].snippet ==
        "[Diplomacy] first, then [preventive] [diplomacy], and [preventive] care.");
}

TEST_CASE("wildcards: a wildcard finds at least what its word finds, though the index holds stems",
          "[integration][wildcard]") {
  TempDir dir;
  {
    parasearch::Indexer indexer = open_indexer(dir.path());
    indexer.add_text("a.txt", "The United Nations met.\n"           // nations: stem nation
                              "One nation alone.\n"                 // nation
                              "A nationalist speech.\n"             // nationalist
                              "Nothing to see.\n"                   // none
                              "The nations' common future.\n"       // nations'
                              "Happy delegates, and happiness.\n"); // happi
    indexer.commit();
  }
  Searcher s(dir.path());
  SearchOptions o;
  o.mark_start = "[";
  o.mark_end = "]";
  auto paragraphs = [&](const std::string &q, const SearchOptions &opts = {}) {
    std::set<std::size_t> out;
    for (const Hit &h : run(s, q, opts))
      out.insert(h.paragraph);
    return out;
  };
  // The stems: nations and nation are one (nation); nationalist is another. "nations*" matched only
  // stems starting "nations" (none) before.
  CHECK(paragraphs("nations") == std::set<std::size_t>{1, 2, 5});
  CHECK(paragraphs("nations*") == std::set<std::size_t>{1, 2, 5});
  CHECK(paragraphs("nation*") == std::set<std::size_t>{1, 2, 3, 5});
  CHECK(paragraphs("happy*") == std::set<std::size_t>{6}); // happy, happiness: stem happi
  // Highlighted as the word is, and explained as the one index word it matches.
  for (const Hit &h : run(s, "nations*", o)) {
    INFO(h.snippet);
    CHECK(h.snippet.find('[') != std::string::npos);
  }
  CHECK(run(s, "nations*", o)[0].snippet.find("[Nations]") != std::string::npos);
  o.explain = true;
  const auto explained = run(s, "nations*", o);
  REQUIRE(!explained.empty());
  INFO(explained[0].explanation);
  CHECK(explained[0].explanation.find("'nation': 1 time here") != std::string::npos); // no other word starts so
}

TEST_CASE("snippets: HTML mode escapes the text, quotes included, but not the marks", "[integration][html]") {
  Fixture f;
  Searcher s(f.db());
  SearchOptions o;
  o.html = true;
  o.mark_start = "<mark>";
  o.mark_end = "</mark>";
  const auto hits = run(s, "tags", o);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet == "Use &lt;b&gt;<mark>tags</mark>&lt;/b&gt; &amp; &quot;quotes&quot; with &#39;care&#39; in "
                           "diplomacy.");
}

TEST_CASE("spelling: a suggestion only when a query word is not in the index", "[integration][spelling]") {
  Fixture f;
  Searcher s(f.db());
  SearchOptions o;
  o.spelling = true;
  CHECK(s.search("preventive diplomasy", o).suggestion == "preventive diplomacy");
  CHECK(s.search("Delegetes agenda", o).suggestion == "delegates agenda");
  CHECK(s.search("preventive diplomacy", o).suggestion.empty());
  CHECK(s.search("zzzzqqq", o).suggestion.empty());           // nothing close: no suggestion
  CHECK(s.search("preventive diplomasy").suggestion.empty()); // off unless asked
}

TEST_CASE("synonyms: either variant finds passages with the other", "[integration][synonyms]") {
  TempDir dir, files;
  {
    parasearch::Indexer indexer = open_indexer(dir.path());
    indexer.add_text("a.txt", "The United Nations met in New York.\n");
    indexer.add_text("b.txt", "The UN budget was adopted.\n");
    indexer.commit();
  }
  parasearch::test::write_file(files / "syn.txt", "# groups\nUN = United Nations\n\n");
  Searcher s(dir.path());
  CHECK(run(s, "UN").size() == 1);
  s.load_synonyms(files / "syn.txt");
  const auto results = s.search("UN");
  CHECK(results.hits.size() == 2);
  CHECK(results.expanded_query == "(UN OR \"United Nations\")");
  CHECK(run(s, "united nations budget").size() == 2);
  parasearch::test::write_file(files / "bad.txt", "UN = United Nations\nonly one side\n");
  CHECK_THROWS_WITH(s.load_synonyms(files / "bad.txt"), Catch::Contains("bad.txt' line 2"));
}

TEST_CASE("query errors: malformed, too long, too broad", "[integration][query-errors]") {
  Fixture f;
  Searcher s(f.db());
  CHECK_THROWS_AS(s.search("AND OR ("), parasearch::QueryError);
  CHECK_THROWS_WITH(s.search("diplomacy AND"), Catch::Contains("'AND' at character 11"));
  CHECK_THROWS_WITH(s.search(std::string(5000, 'a')), Catch::Contains("limit is 4096"));
  // Unbalanced quotes and brackets are read sensibly: to the end of the query.
  CHECK(run(s, "\"preventive diplomacy").size() == 1);
  CHECK(run(s, "(preventive OR budgets").size() >= 2);
  CHECK(run(s, "preventive NEAR/3 diplomacy").size() == 1);
  CHECK(run(s, "diplom*").size() == 6);
  // NEAR and ADJ beside anything but a plain word: Xapian's parser would read them as the word "near"
  // in an OR of the rest.
  CHECK_THROWS_WITH(s.search("diplom* NEAR/3 preventive"),
                    Catch::Contains("NEAR/3 joins two plain words, and 'diplom*' is not one"));
  CHECK_THROWS_WITH(s.search("(preventive ADJ diplom*)"), Catch::Contains("'diplom*)' is not one"));
  CHECK_THROWS_WITH(s.search("\"preventive diplomacy\" NEAR/3 peace"),
                    Catch::Contains("'\"preventive diplomacy\"' is not one"));
  CHECK_THROWS_WITH(s.search("peace-keeping NEAR budgets"), Catch::Contains("'peace-keeping' is not one"));
  CHECK_THROWS_WITH(s.search("budgets NEAR -peace"), Catch::Contains("'-peace' is not one"));
  CHECK_THROWS_WITH(s.search("budgets NEAR (peace)"), Catch::Contains("'(peace)' is not one"));
  CHECK_THROWS_WITH(s.search("budgets NEAR NEAR peace"), Catch::Contains("'NEAR' is not one"));
  CHECK_THROWS_WITH(s.search("NEAR diplomacy"), Catch::Contains("NEAR has no word on its left"));
  CHECK_THROWS_WITH(s.search("diplomacy ADJ/2"), Catch::Contains("ADJ/2 has no word on its right"));
  CHECK(run(s, "\"diplom* NEAR budgets\"").empty());                  // in a phrase NEAR is a word
  CHECK(run(s, "diplom* near preventive").size() >= 6);               // the word near
  CHECK(run(s, "+preventive NEAR diplomacy").size() == 1);            // "+word" is a word
  CHECK(run(s, "(preventive NEAR diplomacy) OR agenda").size() == 2); // a group around the pair
  CHECK(run(s, "preventive NEAR diplomacy NEAR peace").size() == 1);  // a chain of words
  SearchOptions plain;
  plain.plain = true;
  CHECK_NOTHROW(s.search("AND OR (", plain)); // plain words: operators are just words
}

TEST_CASE("threads: an OR of phrases over buckets a lane does not own neither crashes nor differs from one thread",
          "[integration][threads]") {
  // Regression: a lane's bucket filter answered check() with false at its end, and Xapian 1.4's
  // ExternalPostList then called next() on the source it had dropped (SIGSEGV on 2+ threads).
  TempDir dir;
  {
    parasearch::IndexOptions options;
    options.db = dir.path();
    options.buckets = 8;
    parasearch::Indexer indexer(options);
    for (int i = 0; i < 40; ++i)
      indexer.add_text("doc" + std::to_string(i) + ".txt",
                       i % 3 == 0 ? "We condemn nuclear weapons and their testing.\n"
                                  : (i % 3 == 1 ? "Weapons of mass destruction threaten small island states.\n"
                                                : "The small island developing States need support.\n"));
    indexer.commit();
  }
  const std::vector<std::string> queries = {"\"nuclear weapons\" OR \"weapons of mass destruction\"",
                                            "\"small island\" \"nuclear weapons\"", "\"small island\" OR testing",
                                            "weapons NOT \"small island\""};
  SearchOptions options;
  options.limit = 100;
  options.exact_count = true;
  Searcher one(dir.path(), 1);
  for (const std::string &q : queries) {
    INFO(q);
    const auto expected = one.search(q, options);
    REQUIRE(!expected.hits.empty());
    for (unsigned threads : {2u, 3u, 4u}) {
      Searcher many(dir.path(), threads);
      const auto got = many.search(q, options);
      REQUIRE(got.hits.size() == expected.hits.size());
      for (std::size_t k = 0; k < got.hits.size(); ++k) {
        CHECK(got.hits[k].path == expected.hits[k].path);
        CHECK(got.hits[k].paragraph == expected.hits[k].paragraph);
      }
    }
  }
}
