// Ranking and stored text on real UN speeches (session 50 of the General Debate Corpus, extracted at
// run time): the proximity re-ranking against Xapian's own OP_NEAR weights, paging, and every hit's
// text, title and context against the source files.
#include "common/hash.hpp"
#include "index/document.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/paragraphs.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"
#include "query/bm25.hpp"
#include "support/skip.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parasearch::Hit;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

const std::vector<std::string> kQueries = {"nuclear disarmament", "preventive diplomacy", "human rights violations",
                                           "peace process Middle East", "small island developing states"};

// Session 50's speeches (`src`) indexed into `db`; `db` is empty if the corpus is not available here.
struct Session50 {
  TempDir dir;
  fs::path src, db;
  Session50() {
    src = parasearch::test::extract_session(dir.path(), "50");
    if (src.empty()) {
      parasearch::test::skip("the UN General Debate Corpus (../shared) is not available");
      return;
    }
    parasearch::IndexOptions options;
    options.db = dir / "db";
    parasearch::Indexer(options).index_paths({src});
    db = options.db;
  }
};

// The proximity bonus `hit`'s explanation states (0 if it has no such line).
double stated_bonus(const Hit &hit) {
  std::istringstream lines(hit.explanation);
  for (std::string line; std::getline(lines, line);)
    if (line.find("proximity bonus:") != std::string::npos) return std::stod(line);
  return 0;
}

// What Xapian itself gives the passage for the bonus: for each pair of neighbouring query words,
// OP_SCALE_WEIGHT(OP_NEAR(a, b), proximity) under the same BM25, in that one passage.
double xapian_bonus(const fs::path &db, const Hit &hit, const std::vector<std::string> &terms,
                    const parasearch::RankingOptions &r) {
  Xapian::Database x(db.string());
  Xapian::Enquire enquire(x);
  enquire.set_weighting_scheme(parasearch::detail::Bm25Weight(r.k1, r.b));
  const Xapian::Query only(
      parasearch::detail::DocumentBuilder::uid_term(parasearch::detail::file_id(hit.path), hit.paragraph));
  double sum = 0;
  for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
    const Xapian::Query pair[] = {Xapian::Query(terms[i]), Xapian::Query(terms[i + 1])};
    const Xapian::Query near(Xapian::Query::OP_NEAR, pair, pair + 2, r.proximity_window);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, r.proximity), only));
    const Xapian::MSet m = enquire.get_mset(0, 1);
    if (!m.empty()) sum += m.begin().get_weight();
  }
  return sum;
}

std::vector<std::string> stems(const std::string &query) {
  std::vector<std::string> out;
  Xapian::Stem stem("english");
  std::istringstream words(query);
  for (std::string w; words >> w;) {
    for (char &c : w)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(stem(w));
  }
  return out;
}

} // namespace

TEST_CASE("ranking on UN speeches: the re-ranking bonus is Xapian's OP_NEAR weight, and pages agree",
          "[integration][ranking][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  const fs::path &db = session.db;
  Searcher searcher(db);
  const parasearch::RankingOptions ranking;
  std::size_t boosted = 0;
  for (const std::string &q : kQueries) {
    INFO("query: " << q);
    SearchOptions all;
    all.limit = 40;
    all.explain = true;
    const auto full = searcher.search(q, all).hits;
    REQUIRE(full.size() == 40);
    for (std::size_t i = 0; i < full.size(); ++i) {
      INFO("rank " << i + 1 << ": " << full[i].path << " #" << full[i].paragraph);
      if (i > 0) CHECK(full[i].score <= full[i - 1].score);
      if (i >= ranking.rerank_depth) continue;
      // None of these queries has a stop word, so its words are its stems.
      const double expected = xapian_bonus(db, full[i], stems(q), ranking);
      CHECK(stated_bonus(full[i]) == Approx(expected).margin(0.0006)); // printed with 3 decimals
      boosted += expected > 0;
    }
    // Page by page, the same passages in the same order.
    std::vector<Hit> paged;
    for (std::size_t offset = 0; offset < 40; offset += 10) {
      SearchOptions page;
      page.offset = offset;
      for (Hit &h : searcher.search(q, page).hits)
        paged.push_back(std::move(h));
    }
    REQUIRE(paged.size() == full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      CHECK(paged[i].rank == i + 1);
      CHECK(paged[i].path == full[i].path);
      CHECK(paged[i].paragraph == full[i].paragraph);
      CHECK(paged[i].score == full[i].score);
    }
  }
  CHECK(boosted > 20); // the bonus does apply on real text
}

TEST_CASE("stored text on UN speeches: each hit's text, title and context are the source file's",
          "[integration][records][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  const fs::path &db = session.db, &src = session.src;
  Searcher searcher(db);
  SearchOptions o;
  o.limit = 30;
  o.context = 2;
  std::size_t checked = 0;
  for (const std::string &q : kQueries) {
    for (const Hit &h : searcher.search(q, o).hits) {
      INFO(q << ": " << h.path << " #" << h.paragraph);
      std::ifstream in(src / h.path, std::ios::binary);
      REQUIRE(in);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const auto split = parasearch::split_paragraphs(parasearch::decode_text(bytes).text);
      REQUIRE(h.paragraph >= 1);
      REQUIRE(h.paragraph <= split.paragraphs.size());
      CHECK(h.text == split.paragraphs[h.paragraph - 1].text);
      CHECK(h.title == split.title);
      for (const auto &c : h.before)
        CHECK(c.text == split.paragraphs[c.paragraph - 1].text);
      for (const auto &c : h.after)
        CHECK(c.text == split.paragraphs[c.paragraph - 1].text);
      const std::size_t want_before = std::min<std::size_t>(2, h.paragraph - 1);
      const std::size_t want_after = std::min<std::size_t>(2, split.paragraphs.size() - h.paragraph);
      CHECK(h.before.size() == want_before);
      CHECK(h.after.size() == want_after);
      ++checked;
    }
  }
  CHECK(checked == 30 * kQueries.size());
}

TEST_CASE("threads on UN speeches: one, two or three lanes give the same hits, in the same order",
          "[integration][threads][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  const fs::path &db = session.db;
  Searcher one(db, 1), two(db, 2), three(db, 3);
  const std::vector<std::string> queries = {"nuclear disarmament",
                                            "\"preventive diplomacy\"",
                                            "diplom*",
                                            "peace NEAR/3 process",
                                            "human rights NOT torture",
                                            "title:statement Bosnia",
                                            "Security Council reform enlargement"};
  for (const std::string &q : queries) {
    for (const bool per_doc : {false, true}) {
      INFO("query: " << q << (per_doc ? " (per document)" : ""));
      SearchOptions o;
      o.limit = 25;
      o.offset = 3;
      o.per_doc = per_doc;
      o.explain = !per_doc;
      const auto a = one.search(q, o).hits, b = two.search(q, o).hits, c = three.search(q, o).hits;
      REQUIRE(a.size() == 25);
      REQUIRE(b.size() == a.size());
      REQUIRE(c.size() == a.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        INFO("rank " << a[i].rank << ": " << a[i].path << " #" << a[i].paragraph);
        for (const Hit *h : {&b[i], &c[i]}) {
          CHECK(h->rank == a[i].rank);
          CHECK(h->path == a[i].path);
          CHECK(h->paragraph == a[i].paragraph);
          CHECK(h->score == a[i].score);
          CHECK(h->text == a[i].text);
          CHECK(h->snippet == a[i].snippet);
          CHECK(h->explanation == a[i].explanation);
        }
      }
    }
  }
}
