// Searcher: parse the query with the index's stemmer and stop words, rank with BM25 plus a proximity
// bonus, then fetch each hit's file record (stored with the file's first paragraph) and build its
// snippet, context, explanation and spelling suggestion.
#include "parasearch/searcher.hpp"

#include "common/hash.hpp"
#include "common/record.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "indexer/document.hpp"
#include "indexer/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/bm25.hpp"
#include "query/query_text.hpp"
#include "query/reopen.hpp"
#include "query/snippet.hpp"
#include "query/workarounds.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

namespace parasearch {
namespace {

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr Xapian::termcount kMaxWildcardTerms = 2000;
constexpr std::size_t kCheckAtLeast = 1000;

// `name:value` for a path field: the value is matched case-insensitively, as the indexer lowercases it.
class FieldFilter : public Xapian::FieldProcessor {
public:
  explicit FieldFilter(std::string name) : name_(std::move(name)) {}
  Xapian::Query operator()(const std::string &value) override {
    const std::string term = detail::DocumentBuilder::field_term(name_, value);
    return term.empty() ? Xapian::Query::MatchNothing : Xapian::Query(term);
  }

private:
  std::string name_;
};

std::uint64_t id_from_bytes(const std::string &b) {
  std::uint64_t id = 0;
  for (char c : b)
    id = (id << 8) | static_cast<unsigned char>(c);
  return id;
}

/// Accepts only one paragraph, known by its file and paragraph values (a docid seen by a decider is
/// local to one bucket database, so it cannot identify the hit).
class OneParagraph final : public Xapian::MatchDecider {
public:
  explicit OneParagraph(const Xapian::Document &doc)
      : file_(doc.get_value(schema::kSlotFile)), paragraph_(doc.get_value(schema::kSlotParagraph)) {}
  bool operator()(const Xapian::Document &doc) const override {
    return doc.get_value(schema::kSlotParagraph) == paragraph_ && doc.get_value(schema::kSlotFile) == file_;
  }

private:
  std::string file_, paragraph_;
};

/// The proximity bonus of one pair of query words, as a posting source: it "matches" every passage,
/// weighing `proximity` × (BM25 weight of a + BM25 weight of b) where a and b stand less than
/// `window` positions apart, and 0 elsewhere. Attached with OP_AND_MAYBE it gives exactly what
/// OP_SCALE_WEIGHT(OP_NEAR(a, b)) gives — the same condition as Xapian 1.4's NearPostList for two
/// terms, and the same arithmetic as Bm25Weight (bm25_idf, bm25_part) — but reads positions only in
/// the passages the rest of the query makes the matcher look at, whereas OP_NEAR, skipped to a
/// passage, tests the positions of every passage holding both words on the way to it.
class ProximityBonus final : public Xapian::PostingSource {
public:
  struct Pair {
    std::string a, b;            // the two terms
    double idf_a = 0, idf_b = 0; // bm25_idf() with the bonus factor, from whole-index statistics
    double avg = 1, k1 = 0, b_param = 0;
    Xapian::termpos window = 2;
  };
  explicit ProximityBonus(Pair pair) : pair_(std::move(pair)) {}

  /// Positions on the shard `db` (a bucket: docids here are the bucket's own).
  void init(const Xapian::Database &db) override {
    db_ = db;
    last_ = db.get_lastdocid();
    doccount_ = db.get_doccount();
    did_ = 0;
    pa_ = db.postlist_begin(pair_.a);
    pb_ = db.postlist_begin(pair_.b);
    cached_ = 0;
    // A term's part grows with wdf and shrinks with length: bound it at this shard's largest wdf
    // and shortest passage (a little margin for rounding).
    const Xapian::termcount shortest = db.get_doclength_lower_bound();
    set_maxweight(
        (detail::bm25_part(pair_.idf_a, db.get_wdf_upper_bound(pair_.a), shortest, pair_.avg, pair_.k1, pair_.b_param) +
         detail::bm25_part(pair_.idf_b, db.get_wdf_upper_bound(pair_.b), shortest, pair_.avg, pair_.k1,
                           pair_.b_param)) *
        (1 + 1e-9));
  }
  /// None is certain (gaps in docids are possible).
  Xapian::doccount get_termfreq_min() const override { return 0; }
  /// Every passage.
  Xapian::doccount get_termfreq_est() const override { return doccount_; }
  /// Every docid.
  Xapian::doccount get_termfreq_max() const override { return last_; }
  /// Moves to the next docid.
  void next(double) override { ++did_; }
  /// Moves to `did` (every docid "matches").
  void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
  /// Moves to `did`; always a match.
  bool check(Xapian::docid did, double) override {
    did_ = std::max(did_, did);
    return true;
  }
  /// Past the last docid of the shard.
  bool at_end() const override { return did_ > last_; }
  /// The current docid.
  Xapian::docid get_docid() const override { return did_; }
  /// The bonus of the current passage (0 unless both words stand within the window).
  double get_weight() const override {
    if (cached_ != did_) {
      cached_ = did_;
      weight_ = compute();
    }
    return weight_;
  }
  /// A copy for another shard.
  ProximityBonus *clone() const override { return new ProximityBonus(pair_); }
  /// "parasearch.proximity".
  std::string name() const override { return "parasearch.proximity"; }

private:
  double compute() const {
    const Xapian::PostingIterator end;
    pa_.skip_to(did_);
    if (pa_ == end || *pa_ != did_) return 0;
    pb_.skip_to(did_);
    if (pb_ == end || *pb_ != did_) return 0;
    if (!near()) return 0;
    const Xapian::termcount len = pa_.get_doclength();
    // As Xapian's AND of the two leaves: 0 + one + the other.
    double w = 0;
    w += detail::bm25_part(pair_.idf_a, pa_.get_wdf(), len, pair_.avg, pair_.k1, pair_.b_param);
    w += detail::bm25_part(pair_.idf_b, pb_.get_wdf(), len, pair_.avg, pair_.k1, pair_.b_param);
    return w;
  }
  // Some position of a and some position of b less than the window apart (they are distinct terms,
  // so never at the same position).
  bool near() const {
    std::vector<Xapian::termpos> pos_b(pb_.positionlist_begin(), pb_.positionlist_end());
    if (pos_b.empty()) return false;
    auto j = pos_b.begin();
    for (auto p = pa_.positionlist_begin(); p != pa_.positionlist_end(); ++p) {
      const Xapian::termpos x = *p;
      while (j != pos_b.end() && *j + pair_.window <= x) // *j too far left of x for this and later x
        ++j;
      if (j == pos_b.end()) return false;
      if ((*j > x ? *j - x : x - *j) < pair_.window) return true;
      // *j is right of x by window or more; a later x may still come close
    }
    return false;
  }

  Pair pair_;
  Xapian::Database db_;
  Xapian::docid last_ = 0, did_ = 0;
  Xapian::doccount doccount_ = 0;
  mutable Xapian::PostingIterator pa_, pb_;
  mutable Xapian::docid cached_ = 0;
  mutable double weight_ = 0;
};

/// True for a term carrying a prefix (title words, ids): prefixes start with a capital letter.
bool is_prefixed(const std::string &term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

/// Levenshtein distance between two code point strings, or `limit + 1` if it exceeds `limit`.
std::size_t edit_distance(const std::u32string &a, const std::u32string &b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0], best = ++row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

std::u32string code_points(const std::string &s) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it)
    out.push_back(static_cast<char32_t>(*it));
  return out;
}

std::string format_weight(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%8.3f", w);
  return buf;
}

} // namespace

struct Searcher::Impl {
  std::filesystem::path path;
  Xapian::Database db;
  detail::StubStamp stamp; // the stub `db` was opened from
  std::string language;
  Xapian::Stem stem;
  const Xapian::Stopper *stopper = nullptr;
  Xapian::QueryParser parser;
  std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;
  std::vector<std::vector<std::string>> synonyms;    // groups of interchangeable words or phrases
  std::map<std::string, detail::FileRecord> records; // file records read by the current search

  Xapian::Query parse(const std::string &query, const SearchOptions &options) {
    parser.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    unsigned flags = Xapian::QueryParser::FLAG_CJK_NGRAM;
    if (!options.plain)
      flags |=
          Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
    Xapian::Query q;
    try {
      q = parser.parse_query(query, flags);
    } catch (const Xapian::QueryParserError &e) {
      throw QueryError(detail::describe_syntax_error(query, e.get_msg()));
    }
    check_wildcards(q, query);
    q = detail::replace_xor(q); // Xapian 1.4.22 can crash on XOR over several bucket databases
    return stopper != nullptr ? detail::drop_stopwords_in_phrases(q, *stopper, stem) : q;
  }

  // Reopens the index if the writer installed new buckets since it was opened (or if `force`).
  void refresh(bool force) {
    const detail::StubStamp now = detail::stub_stamp(path);
    if (!force && now == stamp) return;
    try {
      db = detail::open_index_database(path);
    } catch (const Xapian::Error &e) {
      throw DatabaseError("cannot reopen index '" + path.string() + "': " + e.get_description());
    }
    stamp = now;
    parser.set_database(db);
  }

  static void collect_wildcards(const Xapian::Query &q, std::vector<std::string> &out) {
    if (q.get_type() == Xapian::Query::OP_WILDCARD) {
      if (std::string pattern = detail::wildcard_pattern(q); !pattern.empty()) out.push_back(std::move(pattern));
      return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
      collect_wildcards(q.get_subquery(i), out);
  }

  // Xapian applies the expansion limit per bucket database; enforce it over the whole index, for
  // every wildcard wherever it stands (under NOT, in a field) — not only those that get highlighted.
  void check_wildcards(const Xapian::Query &q, const std::string &query) const {
    std::vector<std::string> prefixes;
    collect_wildcards(q, prefixes);
    for (const std::string &prefix : prefixes) {
      Xapian::termcount n = 0;
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        if (++n > kMaxWildcardTerms)
          throw QueryError("the wildcard '" + prefix + "*' in '" + query + "' matches too many words (over " +
                           std::to_string(kMaxWildcardTerms) + "); make it longer or more specific");
    }
  }

  // The file record of the file a hit belongs to (cached per search).
  const detail::FileRecord *record_for(const std::string &id_value, std::map<std::string, detail::FileRecord> &cache) {
    if (auto it = cache.find(id_value); it != cache.end()) return &it->second;
    const std::string term = detail::DocumentBuilder::file_term(id_from_bytes(id_value));
    Xapian::PostingIterator first = db.postlist_begin(term);
    if (first == db.postlist_end(term)) return nullptr;
    auto rec = detail::decode_record(db.get_document(*first).get_data());
    if (!rec) return nullptr;
    return &cache.emplace(id_value, std::move(*rec)).first->second;
  }

  /// The query words in order, unprefixed, with adjacent repeats dropped: the proximity bonus's input.
  static std::vector<std::string> free_terms(const Xapian::Query &q) {
    std::vector<std::string> out;
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
      if (!is_prefixed(*t) && (out.empty() || out.back() != *t)) out.push_back(*t);
    return out;
  }

  /// The bonus queries: each pair of neighbouring query words within the window, scaled; none if off.
  static std::vector<Xapian::Query> proximity_queries(const Xapian::Query &q, const RankingOptions &ranking) {
    std::vector<Xapian::Query> out;
    if (ranking.proximity <= 0) return out;
    const std::vector<std::string> terms = free_terms(q);
    for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
      const Xapian::Query both[] = {Xapian::Query(terms[i]), Xapian::Query(terms[i + 1])};
      out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_NEAR, both, both + 2, std::max(2u, ranking.proximity_window)),
                       ranking.proximity);
    }
    return out;
  }

  /// The bonus queries as ProximityBonus sources: the same weights as proximity_queries(), cheaper.
  std::vector<Xapian::Query> proximity_sources(const Xapian::Query &q, const RankingOptions &ranking) const {
    std::vector<Xapian::Query> out;
    if (ranking.proximity <= 0) return out;
    const std::vector<std::string> terms = free_terms(q);
    if (terms.size() < 2) return out;
    const double docs = db.get_doccount();
    const double avg = docs > 0 ? static_cast<double>(db.get_total_length()) / docs : 0.0;
    for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
      ProximityBonus::Pair pair;
      pair.a = terms[i];
      pair.b = terms[i + 1];
      pair.idf_a = detail::bm25_idf(ranking.proximity, 1, db.get_termfreq(pair.a), docs);
      pair.idf_b = detail::bm25_idf(ranking.proximity, 1, db.get_termfreq(pair.b), docs);
      pair.avg = avg > 0 ? avg : 1.0;
      pair.k1 = std::max(0.0, ranking.k1);
      pair.b_param = std::clamp(ranking.b, 0.0, 1.0);
      pair.window = std::max(2u, ranking.proximity_window);
      out.emplace_back((new ProximityBonus(std::move(pair)))->release());
    }
    return out;
  }

  /// The user's query with each bonus attached by its own AND_MAYBE. (One AND_MAYBE over an OR of the
  /// NEAR pairs would be simpler, but Xapian 1.4.22 then also adds weight from pairs that do not match.)
  static Xapian::Query with_bonus(const Xapian::Query &user, const std::vector<Xapian::Query> &bonus) {
    Xapian::Query q = user;
    for (const Xapian::Query &b : bonus)
      q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, b);
    return q;
  }

  static detail::Bm25Weight weight(const RankingOptions &ranking) { return detail::Bm25Weight(ranking.k1, ranking.b); }

  /// Paragraphs `number - k` .. `number + k` of the hit's file, from its stored record.
  static void add_context(const detail::FileRecord &rec, std::size_t k, Hit &hit) {
    for (std::size_t i = k; i >= 1; --i)
      if (hit.paragraph > i) {
        const unsigned n = hit.paragraph - static_cast<unsigned>(i);
        hit.before.push_back({n, rec.paragraphs[n - 1]});
      }
    for (std::size_t i = 1; i <= k && hit.paragraph + i <= rec.paragraphs.size(); ++i) {
      const unsigned n = hit.paragraph + static_cast<unsigned>(i);
      hit.after.push_back({n, rec.paragraphs[n - 1]});
    }
  }

  /// The text of the paragraph `doc` stands for; empty if its record is missing.
  std::string text_of(const Xapian::Document &doc) {
    const std::string para = doc.get_value(schema::kSlotParagraph);
    const unsigned n = para.empty() ? 0 : static_cast<unsigned>(Xapian::sortable_unserialise(para));
    const detail::FileRecord *rec = record_for(doc.get_value(schema::kSlotFile), records);
    return rec == nullptr || n == 0 || n > rec->paragraphs.size() ? std::string() : rec->paragraphs[n - 1];
  }

  /// The weight `q` alone gives the paragraph `only` accepts (0 if it does not match).
  double weight_in(const Xapian::Query &q, const OneParagraph &only, const RankingOptions &ranking) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(weight(ranking));
    const Xapian::MSet m = enquire.get_mset(0, 1, nullptr, &only);
    return m.empty() ? 0.0 : m.begin().get_weight();
  }

  /// One line per matching term, plus the proximity bonus, adding up to the hit's score.
  /// The positive leaves of a query (terms and wildcards), left to right, without repeats.
  static void scoring_leaves(const Xapian::Query &q, std::vector<Xapian::Query> &out, std::set<std::string> &seen) {
    const auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM || op == Xapian::Query::OP_WILDCARD) {
      if (seen.insert(q.get_description()).second) out.push_back(q);
      return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      if (i > 0 && (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER)) break;
      scoring_leaves(q.get_subquery(i), out, seen);
    }
  }

  /// One line per query term or wildcard that scores in the hit, plus the proximity bonus; the lines
  /// add up to the hit's score. Works without termlists (the index has none).
  std::string explain(const Xapian::MSetIterator &it, const Xapian::Query &user,
                      const std::vector<Xapian::Query> &bonus, const RankingOptions &ranking) {
    const Xapian::docid id = *it;
    const OneParagraph only(it.get_document());
    std::string out;
    char head[200];
    std::snprintf(head, sizeof head, "%s  total: BM25 (k1=%g, b=%g), passage of %u words (average %.1f)\n",
                  format_weight(it.get_weight()).c_str(), ranking.k1, ranking.b, db.get_doclength(id),
                  db.get_avlength());
    out += head;
    std::vector<Xapian::Query> leaves;
    std::set<std::string> seen;
    scoring_leaves(user, leaves, seen);
    for (const Xapian::Query &leaf : leaves) {
      const double w = weight_in(leaf, only, ranking);
      if (w == 0) continue;
      if (leaf.get_type() == Xapian::Query::OP_WILDCARD) {
        out += format_weight(w) + "  wildcard " + leaf.get_description() + "\n";
        continue;
      }
      const std::string term = *leaf.get_terms_begin();
      auto p = db.postlist_begin(term);
      p.skip_to(id);
      const Xapian::termcount wdf = p != db.postlist_end(term) && *p == id ? p.get_wdf() : 0;
      const std::string shown =
          term.starts_with(schema::kPrefixTitle) ? "title:" + term.substr(schema::kPrefixTitle.size()) : term;
      out += format_weight(w) + "  '" + shown + "': " + std::to_string(wdf) + (wdf == 1 ? " time" : " times") +
             " here, in " + std::to_string(db.get_termfreq(term)) + " of " + std::to_string(db.get_doccount()) +
             " passages\n";
    }
    if (!bonus.empty()) {
      double w = 0;
      for (const Xapian::Query &b : bonus)
        w += weight_in(b, only, ranking);
      if (w > 0)
        out += format_weight(w) + "  proximity bonus: neighbouring query words within " +
               std::to_string(ranking.proximity_window) + " words (x" + std::to_string(ranking.proximity).substr(0, 4) +
               " of their weights)\n";
    }
    return out;
  }

  /// The index's commonest word spelled like `term` (an unknown stem), or empty.
  std::string closest_term(const std::string &term) {
    const std::u32string target = code_points(term);
    if (target.size() < 3) return {};
    const std::size_t limit = target.size() <= 4 ? 1 : 2;
    std::string first;
    Xapian::Unicode::append_utf8(first, target[0]);
    std::string best;
    std::size_t best_distance = limit + 1;
    Xapian::doccount best_freq = 0;
    for (auto t = db.allterms_begin(first); t != db.allterms_end(first); ++t) {
      const std::string candidate = *t;
      const std::size_t d = edit_distance(target, code_points(candidate), limit);
      if (d > limit || d == 0) continue;
      const Xapian::doccount freq = t.get_termfreq();
      if (d < best_distance || (d == best_distance && freq > best_freq)) {
        best = candidate, best_distance = d, best_freq = freq;
      }
    }
    return best;
  }

  /// How `term` is written in the text: of the words that stem to it in its first passages, the one
  /// spelled most like `typed`.
  std::string surface_form(const std::string &term, const std::string &typed) {
    const std::u32string target = code_points(typed);
    std::string best = term;
    std::size_t best_distance = std::string::npos;
    std::size_t seen = 0;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && seen < 20; ++p, ++seen)
      for (const detail::Word &w : detail::words_of(text_of(db.get_document(*p)), stem)) {
        if (w.term != term) continue;
        const std::size_t d = edit_distance(target, code_points(w.word), 64);
        if (d < best_distance) best = w.word, best_distance = d;
      }
    return best;
  }

  /// The query with each word that is not in the index replaced by the closest indexed word; empty if
  /// every word is known or nothing close was found.
  std::string suggest(const std::string &query, const Xapian::Query &q) {
    std::string out = query;
    bool changed = false;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
      const std::string term = *t;
      if (is_prefixed(term) || db.term_exists(term)) continue;
      const std::string close = closest_term(term);
      if (close.empty()) continue;
      for (auto u = parser.unstem_begin(term); u != parser.unstem_end(term); ++u)
        changed |= detail::replace_word(out, *u, surface_form(close, *u));
    }
    return changed ? out : std::string();
  }

  Hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const Xapian::Query &user,
               const detail::MatchSpec &base_spec, const std::vector<Xapian::Query> &bonus,
               const SearchOptions &options) {
    const Xapian::Document doc = it.get_document();
    Hit hit;
    hit.rank = options.offset + static_cast<std::size_t>(it.get_rank()) - mset.get_firstitem() + 1;
    hit.score = it.get_weight();
    const std::string para = doc.get_value(schema::kSlotParagraph);
    hit.paragraph = para.empty() ? 0 : static_cast<unsigned>(Xapian::sortable_unserialise(para));
    const detail::FileRecord *rec = record_for(doc.get_value(schema::kSlotFile), records);
    if (rec == nullptr || hit.paragraph == 0 || hit.paragraph > rec->paragraphs.size())
      throw DatabaseError("index '" + path.string() +
                          "' is damaged: a paragraph's stored text is missing "
                          "(run parasearch-index --check)");
    hit.path = rec->path;
    hit.title = rec->title;
    hit.fields = rec->fields;
    hit.text = rec->paragraphs[hit.paragraph - 1];
    if (options.per_doc) hit.others = it.get_collapse_count();
    if (options.snippets) {
      const auto matches = detail::find_matches(hit.text, base_spec, stem, stopper);
      hit.highlights.assign(matches.begin(), matches.end());
      hit.snippet = detail::make_snippet(hit.text, matches, options.snippet_chars, options.mark_start, options.mark_end,
                                         options.html);
    }
    if (options.context > 0) add_context(*rec, options.context, hit);
    if (options.explain) hit.explanation = explain(it, user, bonus, options.ranking);
    return hit;
  }
};

Searcher::Searcher(const std::filesystem::path &db) : impl_(std::make_unique<Impl>()) {
  impl_->path = db;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  const detail::IndexConfig config = detail::read_config(db);
  try {
    impl_->stamp = detail::stub_stamp(db);
    // A writer may replace a bucket between our reading the stub and opening it: this retries.
    impl_->db = detail::open_index_database(db);
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot open index '" + db.string() + "': " + e.get_description());
  }
  impl_->language = config.language;
  impl_->stem = detail::make_stem(impl_->language);
  impl_->stopper = detail::stopper_for(impl_->language);
  Xapian::QueryParser &qp = impl_->parser;
  qp.set_database(impl_->db);
  qp.set_stemmer(impl_->stem);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  if (impl_->stopper != nullptr) qp.set_stopper(impl_->stopper);
  qp.add_prefix(std::string(schema::kFieldTitle), std::string(schema::kPrefixTitle));
  qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR);
  // Path fields: `name:value` filters, and `name:lo..hi` ranges over numeric values.
  const PathPattern pattern = PathPattern::parse(config.path_fields);
  for (std::size_t i = 0; i < pattern.names().size(); ++i) {
    const std::string &name = pattern.names()[i];
    qp.add_boolean_prefix(name, (new FieldFilter(name))->release());
    impl_->ranges.push_back(
        std::make_unique<Xapian::NumberRangeProcessor>(schema::kSlotFirstField + static_cast<unsigned>(i), name + ":"));
    qp.add_rangeprocessor(impl_->ranges.back().get());
  }
}

Searcher::~Searcher() = default;

const std::string &Searcher::language() const { return impl_->language; }

std::size_t Searcher::paragraph_count() const { return impl_->db.get_doccount(); }

void Searcher::add_synonyms(const std::vector<std::string> &group) {
  std::vector<std::string> clean;
  for (const std::string &s : group) {
    const std::string w = detail::normalise_space(s);
    if (!w.empty()) clean.push_back(w);
  }
  if (clean.size() < 2) throw UsageError("a synonym group needs at least two words or phrases");
  impl_->synonyms.push_back(std::move(clean));
}

void Searcher::load_synonyms(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read the synonyms file '" + file.string() + "'");
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> group;
    std::size_t start = 0;
    for (std::size_t eq; (eq = line.find('=', start)) != std::string::npos; start = eq + 1)
      group.push_back(line.substr(start, eq - start));
    group.push_back(line.substr(start));
    try {
      add_synonyms(group);
    } catch (const UsageError &) {
      throw UsageError("synonyms file '" + file.string() + "' line " + std::to_string(number) +
                       ": expected 'word or phrase = word or phrase'");
    }
  }
}

SearchResults Searcher::search(std::string_view query, const SearchOptions &options) {
  SearchResults results;
  impl_->refresh(false); // buckets are replaced, not modified: without this a Searcher never sees new data
  if (query.size() > kMaxQueryBytes)
    throw QueryError("query is too long (" + std::to_string(query.size()) + " bytes; the limit is " +
                     std::to_string(kMaxQueryBytes) + ")");
  const std::string text(query);
  results.expanded_query = options.plain ? text : detail::expand_synonyms(text, impl_->synonyms);
  const Xapian::Query user = impl_->parse(results.expanded_query, options);
  if (user.empty()) {
    if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) throw QueryError("the query is empty");
    throw QueryError("query '" + text + "' has no words to search for");
  }
  const std::vector<Xapian::Query> bonus = Impl::proximity_queries(user, options.ranking);
  // Ranked with the posting-source form of the bonus; `bonus` (OP_NEAR form) serves --explain.
  const Xapian::Query q = Impl::with_bonus(user, impl_->proximity_sources(user, options.ranking));
  results.parsed_query = Impl::with_bonus(user, bonus).get_description();
  const detail::MatchSpec spec = options.snippets ? detail::highlight_spec(user) : detail::MatchSpec{};

  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Impl::weight(options.ranking));
      if (options.per_doc) enquire.set_collapse_key(schema::kSlotFile);
      const auto first = static_cast<Xapian::doccount>(options.offset);
      const auto count = static_cast<Xapian::doccount>(options.limit);
      // An exact count needs many candidates examined; otherwise Xapian may stop early (much faster).
      // Collapsing needs them too, for the counts of other passages per document.
      const auto check = static_cast<Xapian::doccount>(options.offset + options.limit +
                                                       (options.exact_count || options.per_doc ? kCheckAtLeast : 0));
      const Xapian::MSet mset = enquire.get_mset(first, count, check);
      results.estimated_total = mset.get_matches_estimated();
      results.hits.clear();
      impl_->records.clear();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        results.hits.push_back(impl_->make_hit(mset, it, user, spec, bonus, options));
      if (options.spelling) results.suggestion = impl_->suggest(results.expanded_query, user);
      impl_->records.clear();
      return results;
    } catch (const Xapian::DatabaseModifiedError &) {
      if (attempt >= 3) throw DatabaseError("index '" + impl_->path.string() + "' keeps changing during the search");
      impl_->refresh(true); // a writer changed the index under us: reread and rerun the whole search
    } catch (const Xapian::DatabaseOpeningError &) { // a bucket was swapped out mid-search
      if (attempt >= 3) throw DatabaseError("index '" + impl_->path.string() + "' keeps changing during the search");
      impl_->refresh(true);
    } catch (const Xapian::WildcardError &) {
      throw QueryError("a wildcard in '" + text + "' matches too many words (over " +
                       std::to_string(kMaxWildcardTerms) + "); make it longer or more specific");
    } catch (const Xapian::Error &e) {
      throw DatabaseError("search failed in index '" + impl_->path.string() + "': " + e.get_description());
    }
  }
}

} // namespace parasearch
