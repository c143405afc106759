// Titles: ordinary query words match a document's title (a modest bonus), title words never
// lengthen body paragraphs, and title:word still asks for the title alone.
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using parasearch::Hit;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

/// An index of three documents built through add_record (as JSON Lines --title-field does).
struct Titled {
  TempDir dir;
  Titled() {
    parasearch::IndexOptions options;
    options.db = dir.path();
    options.buckets = 4;
    parasearch::Indexer indexer(options);
    // Same body; one has a long title that shares no word with the query "harvest".
    indexer.add_record("long-title.txt",
                       "Report of the committee on agriculture fisheries forestry and rural development "
                       "in small island states",
                       "The harvest failed in the north.\n");
    indexer.add_record("no-title.txt", "", "The harvest failed in the south.\n");
    // The topic is only in the title.
    indexer.add_record("about-drought.txt", "Drought relief",
                       "Aid was delivered to three provinces.\nThe convoy returned in May.\n");
    indexer.add_record("mentions-drought.txt", "", "A drought is feared next year.\n");
    indexer.commit();
  }
};

std::vector<Hit> search(Searcher &s, const std::string &q, double title_weight = -1) {
  SearchOptions o;
  o.limit = 20;
  if (title_weight >= 0) o.ranking.title_weight = title_weight;
  return s.search(q, o).hits;
}

} // namespace

TEST_CASE("titles: title words do not lengthen body paragraphs", "[integration][titles]") {
  Titled t;
  Searcher s(t.dir.path());
  const auto hits = search(s, "harvest");
  REQUIRE(hits.size() == 2);
  // Same body length and the same word once: the same BM25 score, whatever the title.
  CHECK(hits[0].score == Approx(hits[1].score).epsilon(1e-12));
}

TEST_CASE("titles: an ordinary query word matches the title, below a passage that has it in its text",
          "[integration][titles]") {
  Titled t;
  Searcher s(t.dir.path());
  const auto hits = search(s, "drought");
  REQUIRE(hits.size() == 3); // the passage that says it, and both passages of the titled document
  CHECK(hits[0].path == "mentions-drought.txt");
  CHECK(hits[1].path == "about-drought.txt");
  CHECK(hits[2].path == "about-drought.txt");
  CHECK(hits[1].score > 0);
  CHECK(hits[1].score < hits[0].score);
  // Off: only the text matches.
  const auto off = search(s, "drought", 0.0);
  REQUIRE(off.size() == 1);
  CHECK(off[0].path == "mentions-drought.txt");
}

TEST_CASE("titles: title:word matches the title alone and scores", "[integration][titles]") {
  Titled t;
  Searcher s(t.dir.path());
  const auto hits = search(s, "title:drought");
  REQUIRE(hits.size() == 2);
  for (const Hit &h : hits) {
    CHECK(h.path == "about-drought.txt");
    CHECK(h.score > 0);
  }
  CHECK(search(s, "title:\"drought relief\"").size() == 2); // title phrases keep their positions
  CHECK(search(s, "title:\"relief drought\"").empty());
}

TEST_CASE("titles: title:word scores the same with the title bonus of body words off", "[integration][titles]") {
  Titled t;
  Searcher s(t.dir.path());
  // --title-weight 0 turns off the bonus of ordinary words; title:word still asks for the title (it
  // scored 0 for every passage).
  const auto on = search(s, "title:drought"), off = search(s, "title:drought", 0.0);
  REQUIRE(on.size() == 2);
  REQUIRE(off.size() == 2);
  for (std::size_t k = 0; k < on.size(); ++k) {
    CHECK(off[k].score > 0);
    CHECK(off[k].score == Approx(on[k].score).epsilon(1e-12));
  }
}

TEST_CASE("titles: the explanation gives the factor the title bonus was weighed with", "[integration][titles]") {
  Titled t;
  Searcher s(t.dir.path());
  auto explained = [&](const std::string &q, double title_weight) {
    SearchOptions o;
    o.limit = 20;
    o.explain = true;
    o.ranking.title_weight = title_weight;
    for (const Hit &h : s.search(q, o).hits)
      if (h.path == "about-drought.txt") return h.explanation;
    return std::string();
  };
  CHECK_THAT(explained("drought", 0.8), Catch::Contains("title holds 'drought' (x0.80 of its idf)"));
  CHECK_THAT(explained("drought", 0.5), Catch::Contains("title holds 'drought' (x0.50 of its idf)"));
  // title:word weighs 1 x idf whatever --title-weight is (the explanation said x0.80).
  CHECK_THAT(explained("title:drought", 0.8), Catch::Contains("title holds 'drought' (x1.00 of its idf)"));
  CHECK_THAT(explained("title:drought", 0.0), Catch::Contains("title holds 'drought' (x1.00 of its idf)"));
}

TEST_CASE("titles: the title bonus gives the same hits and scores on 1 and 3 threads", "[integration][titles]") {
  Titled t;
  Searcher one(t.dir.path(), 1), three(t.dir.path(), 3);
  for (const std::string q : {"drought", "drought OR harvest", "drought AND convoy", "title:drought harvest"}) {
    INFO(q);
    const auto a = search(one, q), b = search(three, q);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].path == b[k].path);
      CHECK(a[k].paragraph == b[k].paragraph);
      CHECK(a[k].score == Approx(b[k].score).epsilon(1e-12));
    }
  }
}
