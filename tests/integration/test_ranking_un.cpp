// Ranking and stored text on real UN speeches (session 50 of the General Debate Corpus, extracted at
// run time): the proximity re-ranking against Xapian's own OP_NEAR weights, paging, every hit's
// text, title and context against the source files, and BM25 on Xapian's built-in weights against
// Lucene-idf BM25 computed independently over generated queries.
#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "index/document.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/paragraphs.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"
#include "query/bm25.hpp"
#include "support/skip.hpp"
#include "support/un_corpus.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
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
  enquire.set_weighting_scheme(parasearch::detail::bm25_weight(r));
  const Xapian::Query only(
      parasearch::detail::DocumentBuilder::uid_term(parasearch::detail::file_id(hit.path), hit.paragraph));
  double sum = 0;
  for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
    const Xapian::Query pair[] = {Xapian::Query(terms[i]), Xapian::Query(terms[i + 1])};
    const Xapian::Query near(Xapian::Query::OP_NEAR, pair, pair + 2, r.proximity_window);
    const Xapian::Query scaled = parasearch::detail::with_lucene_idf(near, x, {}, nullptr, r.idf_blend);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, scaled, r.proximity), only));
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

TEST_CASE("ranking on UN speeches: with Xapian's idf or a blend, the bonus is still Xapian's OP_NEAR weight "
          "under that idf",
          "[integration][ranking][idf][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  Searcher searcher(session.db);
  std::size_t boosted = 0;
  for (const double blend : {1.0, 0.5}) {
    for (const std::string &q : kQueries) {
      INFO("query: " << q << ", idf blend " << blend);
      SearchOptions o;
      o.explain = true;
      o.ranking.idf_blend = blend;
      for (const Hit &h : searcher.search(q, o).hits) {
        INFO("rank " << h.rank << ": " << h.path << " #" << h.paragraph);
        const double expected = xapian_bonus(session.db, h, stems(q), o.ranking);
        CHECK(stated_bonus(h) == Approx(expected).margin(0.0006)); // printed with 3 decimals
        boosted += expected > 0;
      }
    }
  }
  CHECK(boosted > 10);
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

// ---------------------------------------------------------------- BM25 on Xapian's built-in weights

namespace {

/// BM25 with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), and the title bonus, computed here from
/// the index's own statistics (postings, lengths, positions): the formula query/bm25.cpp's custom
/// Weight used, written out independently of the searcher. With RankingOptions::idf_blend w > 0, the
/// idf is w x Xapian's BM25 idf (written out here too) + (1 - w) x Lucene's.
struct LuceneBm25 {
  Xapian::Database x;
  parasearch::RankingOptions r;
  double docs, avg;

  LuceneBm25(const fs::path &db, const parasearch::RankingOptions &ranking)
      : x(db.string()), r(ranking), docs(x.get_doccount()), avg(x.get_avlength()) {}

  /// Xapian 1.4's BM25 idf: log((N - n + 0.5) / (n + 0.5)), the ratio below 2 replaced by ratio / 2 + 1.
  static double xapian_idf(double n, double docs) {
    const double ratio = (docs - n + 0.5) / (n + 0.5);
    return std::log(ratio < 2 ? ratio / 2 + 1 : ratio);
  }
  /// The idf of a word in `n` of `all` passages under r.idf_blend.
  double idf(double n, double all) const {
    const double lucene = std::log(1 + (all - n + 0.5) / (n + 0.5));
    return r.idf_blend * xapian_idf(n, all) + (1 - r.idf_blend) * lucene;
  }

  Xapian::docid docid(const Hit &h) const {
    const std::string uid =
        parasearch::detail::DocumentBuilder::uid_term(parasearch::detail::file_id(h.path), h.paragraph);
    return *x.postlist_begin(uid);
  }
  /// True if `term` indexes passage `did` (with any wdf, 0 for title words).
  bool has(const std::string &term, Xapian::docid did) const {
    Xapian::PostingIterator p = x.postlist_begin(term);
    p.skip_to(did);
    return p != x.postlist_end(term) && *p == did;
  }
  Xapian::termcount wdf(const std::string &term, Xapian::docid did) const {
    Xapian::PostingIterator p = x.postlist_begin(term);
    p.skip_to(did);
    return p != x.postlist_end(term) && *p == did ? p.get_wdf() : 0;
  }
  double part(double term_idf, double f, Xapian::docid did) const {
    if (f == 0) return 0;
    const double len = x.get_doclength(did);
    return term_idf * f * (r.k1 + 1) / (f + r.k1 * (1 - r.b + r.b * std::max(len / avg, r.length_floor)));
  }
  /// A word's BM25 weight in the passage.
  double term(const std::string &t, Xapian::docid did) const {
    return part(idf(x.get_termfreq(t), docs), wdf(t, did), did);
  }
  /// A word's title bonus in the passage: title_weight x idf where the document's title holds it.
  double title(const std::string &t, Xapian::docid did) const {
    const std::string s = std::string(parasearch::schema::kPrefixTitle) + t;
    if (!has(s, did)) return 0;
    return r.title_weight * idf(std::max(x.get_termfreq(t), x.get_termfreq(s)), docs);
  }
  /// A word outside phrases: its weight and its title bonus.
  double word(const std::string &t, Xapian::docid did) const { return term(t, did) + title(t, did); }
  /// True if `b` follows `a` in the passage.
  bool adjacent(const std::string &a, const std::string &b, Xapian::docid did) const {
    const std::vector<Xapian::termpos> pa(x.positionlist_begin(did, a), x.positionlist_end(did, a));
    const std::vector<Xapian::termpos> pb(x.positionlist_begin(did, b), x.positionlist_end(did, b));
    for (const Xapian::termpos p : pa)
      if (std::binary_search(pb.begin(), pb.end(), p + 1)) return true;
    return false;
  }
  /// A wildcard: one term of the summed wdf of the index words starting with `prefix`, and of
  /// `typed_stem` (the stem of the prefix as a word) when it does not start with it, in as many
  /// passages as Xapian estimates hold one of them: P(a or b) = P(a) + P(b) - P(a) P(b), the two
  /// rarest first, rounded at each step.
  double wildcard(const std::string &prefix, const std::string &typed_stem, Xapian::docid did) const {
    std::priority_queue<double, std::vector<double>, std::greater<>> freqs;
    double f = 0;
    for (auto t = x.allterms_begin(prefix); t != x.allterms_end(prefix); ++t) {
      freqs.push(t.get_termfreq());
      f += wdf(*t, did);
    }
    if (!typed_stem.starts_with(prefix) && x.term_exists(typed_stem)) {
      freqs.push(x.get_termfreq(typed_stem));
      f += wdf(typed_stem, did);
    }
    while (freqs.size() > 1) {
      const double a = freqs.top();
      freqs.pop();
      const double b = freqs.top();
      freqs.pop();
      freqs.push(std::floor(a + b - a * b / docs + 0.5));
    }
    return part(idf(freqs.top(), docs), f, did);
  }
};

/// A generated query and the score each hit must have.
struct ScoredQuery {
  std::string text;
  std::function<double(const LuceneBm25 &, Xapian::docid)> expected;
  double tolerance = 1e-9; ///< Relative.
};

/// Queries of every kind built from words of the paragraphs of the files under `src` (a fixed seed):
/// any-word, AND, phrases, NEAR, a word OR a phrase, NOT, a repeated word, a word not in the index,
/// and wildcards. Words are lowercase letters only, not stop words, in the index; no two neighbouring
/// query words join into an indexed compound (which would add passages this oracle does not score).
std::vector<ScoredQuery> generate_queries(const fs::path &src, const LuceneBm25 &bm25, unsigned per_kind) {
  const Xapian::Stem stem = parasearch::detail::make_stem("english");
  const Xapian::Stopper &stop = *parasearch::detail::stopper_for("english");
  auto usable = [&](const std::string &w) {
    if (w.size() < 3 || stop(w)) return false;
    for (const char c : w)
      if (c < 'a' || c > 'z') return false;
    return bm25.x.get_termfreq(stem(w)) > 0;
  };
  // Paragraphs as words (pure letters, lowercased; others become "" so they never pair).
  std::vector<std::vector<std::string>> paragraphs;
  std::vector<fs::path> files;
  for (const auto &e : fs::recursive_directory_iterator(src))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path &f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto &p : parasearch::split_paragraphs(parasearch::decode_text(bytes).text).paragraphs) {
      std::vector<std::string> words;
      std::istringstream ws(p.text);
      for (std::string w; ws >> w;) {
        bool letters = true;
        for (char &c : w) {
          letters &= std::isalpha(static_cast<unsigned char>(c)) != 0;
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        words.push_back(letters && usable(w) ? w : "");
      }
      paragraphs.push_back(std::move(words));
    }
  }
  std::mt19937 rng(20261130);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  auto any_word = [&] {
    for (;;) {
      const auto &p = paragraphs[pick(paragraphs.size())];
      if (p.empty()) continue;
      if (const std::string &w = p[pick(p.size())]; !w.empty()) return w;
    }
  };
  // Two usable words of one paragraph at most `gap` words apart (1: neighbours), in text order.
  auto pair = [&](std::size_t gap) {
    for (;;) {
      const auto &p = paragraphs[pick(paragraphs.size())];
      if (p.size() < gap + 1) continue;
      const std::size_t i = pick(p.size() - gap);
      const std::size_t j = i + 1 + pick(gap);
      if (!p[i].empty() && !p[j].empty() && stem(p[i]) != stem(p[j])) return std::make_pair(p[i], p[j]);
    }
  };
  auto no_compound = [&](const std::vector<std::string> &words) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
      if (bm25.x.term_exists(stem(words[i] + words[i + 1]))) return false;
    return true;
  };
  std::vector<ScoredQuery> out;
  auto add = [&](const std::vector<std::string> &words, std::string text, auto expected, double tolerance = 1e-9) {
    if (no_compound(words)) out.push_back({std::move(text), expected, tolerance});
  };
  for (unsigned k = 0; k < per_kind; ++k) {
    const std::string a = any_word(), b = any_word(), c = any_word();
    const std::string sa = stem(a), sb = stem(b), sc = stem(c);
    add({a, b, c}, a + " " + b + " " + c,
        [=](const LuceneBm25 &m, Xapian::docid d) { return m.word(sa, d) + m.word(sb, d) + m.word(sc, d); });
    const auto [p, q] = pair(4);
    const std::string sp = stem(p), sq = stem(q);
    add({p, q}, p + " AND " + q, [=](const LuceneBm25 &m, Xapian::docid d) { return m.word(sp, d) + m.word(sq, d); });
    add({p, q}, p + " NEAR/4 " + q,
        [=](const LuceneBm25 &m, Xapian::docid d) { return m.term(sp, d) + m.term(sq, d); });
    const auto [u, v] = pair(1);
    const std::string su = stem(u), sv = stem(v);
    add({u, v}, "\"" + u + " " + v + "\"",
        [=](const LuceneBm25 &m, Xapian::docid d) { return m.term(su, d) + m.term(sv, d); });
    add({c, u, v}, c + " OR \"" + u + " " + v + "\"", [=](const LuceneBm25 &m, Xapian::docid d) {
      return m.word(sc, d) + (m.adjacent(su, sv, d) ? m.term(su, d) + m.term(sv, d) : 0.0);
    });
    add({a, b}, a + " NOT " + b, [=](const LuceneBm25 &m, Xapian::docid d) { return m.word(sa, d); });
    add({a, a, b}, a + " " + a + " " + b,
        [=](const LuceneBm25 &m, Xapian::docid d) { return 2 * m.word(sa, d) + m.word(sb, d); });
    const std::string absent = "zq" + a + "xj"; // in no passage: idf of a term frequency 0
    REQUIRE(bm25.x.get_termfreq(stem(absent)) == 0);
    add({a, absent, b}, a + " " + absent + " " + b,
        [=](const LuceneBm25 &m, Xapian::docid d) { return m.word(sa, d) + m.word(sb, d); });
    // A wildcard weighs as one term whose passage frequency Xapian estimates in each bucket, joining
    // its words rarest first by that bucket's own counts: a unit or two off this estimate (0.5% of
    // the score at most here), where Xapian's own wildcard statistics were off by half or more.
    const std::string prefix = sa.substr(0, std::min<std::size_t>(sa.size(), 4));
    const std::string typed = stem(prefix); // a wildcard also finds what its word finds
    add(
        {}, prefix + "* " + b,
        [=](const LuceneBm25 &m, Xapian::docid d) { return m.wildcard(prefix, typed, d) + m.word(sb, d); }, 1e-2);
  }
  return out;
}

/// Runs `queries` on `db` with proximity off and checks every hit's score against `bm25`, the
/// explanation's lines against the score, and one lane against three. Returns the hits checked.
std::size_t check_scores(const fs::path &db, const std::vector<ScoredQuery> &queries, const LuceneBm25 &bm25) {
  Searcher one(db, 1), three(db, 3);
  SearchOptions o;
  o.limit = 25;
  o.explain = true;
  o.ranking = bm25.r;
  std::size_t checked = 0;
  for (const ScoredQuery &q : queries) {
    INFO("query: " << q.text);
    const auto hits = one.search(q.text, o).hits;
    const auto again = three.search(q.text, o).hits;
    REQUIRE(again.size() == hits.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
      const Hit &h = hits[i];
      INFO("rank " << h.rank << ": " << h.path << " #" << h.paragraph << "\n" << h.explanation);
      const double expected = q.expected(bm25, bm25.docid(h));
      CHECK(h.score == Approx(expected).epsilon(q.tolerance).margin(1e-12));
      CHECK(again[i].path == h.path);
      CHECK(again[i].paragraph == h.paragraph);
      CHECK(again[i].score == h.score);
      // The explanation's lines (3 decimals each) add up to the score.
      std::istringstream lines(h.explanation);
      std::string line;
      std::getline(lines, line); // the total
      double sum = 0;
      std::size_t parts = 0;
      for (; std::getline(lines, line); ++parts)
        sum += std::stod(line);
      CHECK(std::abs(sum - h.score) <= 0.0005 * static_cast<double>(parts) + 1e-9);
      ++checked;
    }
  }
  return checked;
}

} // namespace

TEST_CASE("BM25 on Xapian's built-in weights scores each hit as Lucene-idf BM25 computed here (UN speeches)",
          "[integration][ranking][bm25][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  parasearch::RankingOptions ranking;
  ranking.proximity = 0; // BM25 and the title bonus alone (the bonus is checked above)
  const LuceneBm25 bm25(session.db, ranking);
  const auto queries = generate_queries(session.src, bm25, 12);
  REQUIRE(queries.size() >= 80);
  CHECK(check_scores(session.db, queries, bm25) > 1000);
  // Other parameters, b = 0 and k1 = 0 (where Xapian drops the length from the formula), and a length floor.
  // Xapian's idf (blend 1) and half of each.
  for (const auto &[k1, b, floor, blend] :
       {std::tuple{0.9, 0.4, 0.0, 0.0}, std::tuple{1.2, 0.0, 0.0, 0.0}, std::tuple{0.0, 0.75, 0.0, 0.0},
        std::tuple{1.2, 0.75, 0.5, 0.0}, std::tuple{0.9, 0.5, 1.0, 0.0}, std::tuple{1.2, 0.65, 0.5, 1.0},
        std::tuple{1.0, 0.5, 0.5, 0.5}}) {
    INFO("k1 " << k1 << ", b " << b << ", length floor " << floor << ", idf blend " << blend);
    ranking.k1 = k1;
    ranking.b = b;
    ranking.length_floor = floor;
    ranking.idf_blend = blend;
    const LuceneBm25 other(session.db, ranking);
    CHECK(check_scores(session.db, generate_queries(session.src, other, 2), other) > 100);
  }
}

TEST_CASE("BM25 on Xapian's built-in weights: words in most passages, whose idf Xapian squashes, score as Lucene's",
          "[integration][ranking][bm25][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  // The paragraphs of session 50 that mention nuclear arms, one file per speech: "nuclear" is in
  // nearly every passage, so Xapian's own idf for it is far below 2 (squashed, tw / 2 + 1).
  const TempDir dir;
  const fs::path sub = dir / "nuclear";
  for (const auto &e : fs::recursive_directory_iterator(session.src)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string kept;
    for (const auto &p : parasearch::split_paragraphs(parasearch::decode_text(bytes).text).paragraphs)
      if (p.text.find("nuclear") != std::string::npos) kept += p.text + "\n\n";
    if (kept.empty()) continue;
    fs::create_directories(sub);
    std::ofstream(sub / e.path().filename(), std::ios::binary) << kept;
  }
  parasearch::IndexOptions options;
  options.db = dir / "db";
  parasearch::Indexer(options).index_paths({sub});
  parasearch::RankingOptions ranking;
  ranking.proximity = 0;
  const LuceneBm25 bm25(options.db, ranking);
  REQUIRE(bm25.x.get_termfreq("nuclear") * 3 > bm25.x.get_doccount()); // tw < 2: squashed by Xapian
  auto queries = generate_queries(sub, bm25, 8);
  for (const std::string w : {"weapon", "disarma", "treati"})
    if (bm25.x.get_termfreq(w) > 0)
      queries.push_back(
          {"nuclear " + w, [w](const LuceneBm25 &m, Xapian::docid d) { return m.word("nuclear", d) + m.word(w, d); }});
  CHECK(check_scores(options.db, queries, bm25) > 500);
}

TEST_CASE("idf blend: Xapian's idf weighs a word in most passages far lower than Lucene's, as computed here",
          "[integration][ranking][bm25][idf][un]") {
  const Session50 session;
  if (session.db.empty()) return;
  parasearch::RankingOptions lucene;
  lucene.proximity = 0;
  parasearch::RankingOptions xapian = lucene, half = lucene;
  xapian.idf_blend = 1;
  half.idf_blend = 0.5;
  Searcher s(session.db, 1);
  SearchOptions o;
  o.limit = 5;
  o.explain = true;
  // "nation" is in a large share of the passages: Xapian's idf for it is squashed (ratio < 2), far below
  // Lucene's; "chernobyl" is rare, and both idfs nearly agree on it.
  const LuceneBm25 l(session.db, lucene), x(session.db, xapian), h(session.db, half);
  const double n = l.x.get_termfreq("nation");
  REQUIRE(n * 3 > l.docs);
  CHECK(x.idf(n, l.docs) < 0.6 * l.idf(n, l.docs));
  for (const auto *m : {&l, &x, &h}) {
    o.ranking = m->r;
    INFO("idf blend " << m->r.idf_blend);
    const auto hits = s.search("nations", o).hits;
    REQUIRE(!hits.empty());
    for (const Hit &hit : hits)
      CHECK(hit.score == Approx(m->word("nation", m->docid(hit))).epsilon(1e-9));
  }
  o.ranking = lucene;
  const double with_lucene = s.search("nations", o).hits.at(0).score;
  o.ranking = xapian;
  const double with_xapian = s.search("nations", o).hits.at(0).score;
  CHECK(with_xapian < 0.6 * with_lucene);
  // Out of range: a usage error naming the flag.
  o.ranking.idf_blend = 1.5;
  CHECK_THROWS_WITH(s.search("nations", o), Catch::Contains("--idf"));
}
