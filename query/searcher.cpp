// Searcher: parse the query with the index's stemmer and stop words, rank with BM25, re-rank the top
// passages with a proximity bonus, then read each hit's stored text (and its file's header, stored
// with the file's first paragraph) and build its snippet, context, explanation and spelling suggestion.
#include "parasearch/searcher.hpp"

#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "index/document.hpp"
#include "index/record.hpp"
#include "index/store.hpp"
#include "index/stored.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/bm25.hpp"
#include "query/cjk_phrases.hpp"
#include "query/compounds.hpp"
#include "query/query_text.hpp"
#include "query/query_tree.hpp"
#include "query/reopen.hpp"
#include "query/snippet.hpp"
#include "query/title_boost.hpp"
#include "query/workarounds.hpp"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

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

/// Some position in `a` and some position in `b` less than `window` apart (both sorted; distinct
/// terms never share a position). The same condition as Xapian 1.4's OP_NEAR for two terms.
bool near(const std::vector<Xapian::termpos> &a, const std::vector<Xapian::termpos> &b, Xapian::termpos window) {
  auto j = b.begin();
  for (const Xapian::termpos x : a) {
    while (j != b.end() && *j + window <= x) // *j too far left of x for this and later x
      ++j;
    if (j == b.end()) return false;
    if ((*j > x ? *j - x : x - *j) < window) return true;
    // *j is right of x by window or more; a later x may still come close
  }
  return false;
}

/// A ranked passage before it becomes a Hit.
struct Candidate {
  Xapian::docid did = 0;
  double base = 0;                // BM25 score
  double bonus = 0;               // proximity bonus
  Xapian::doccount collapsed = 0; // with per_doc: other matching passages of its file
  double score() const { return base + bonus; }
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

/// The query words in order, unprefixed, with adjacent repeats dropped: the proximity bonus's input.
std::vector<std::string> free_terms(const Xapian::Query &q) {
  std::vector<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
    if (!is_prefixed(*t) && (out.empty() || out.back() != *t)) out.push_back(*t);
  return out;
}

/// The proximity bonus of one search: for each pair of neighbouring query words that stand less
/// than `window` positions apart in a passage, `proximity` × (the BM25 weight of each of the two
/// words there, with query frequency 1). It is added to the BM25 score of the top `rerank_depth`
/// passages, which are then sorted again; reading positions only for those keeps it cheap.
struct Proximity {
  std::vector<std::string> terms; // the query words in order (free_terms)
  std::vector<double> idf;        // bm25_idf of each, scaled by the bonus weight
  std::vector<std::size_t> first; // index of each word's first occurrence in `terms`
  double avg = 1, k1 = 0, b = 0;
  Xapian::termpos window = 2;
  bool active() const { return terms.size() >= 2; }
};

/// The words of the bonus for query `q` (none if it is off or `q` has fewer than two).
Proximity proximity_for(const Xapian::Query &q, const RankingOptions &ranking) {
  Proximity p;
  if (ranking.proximity <= 0 || ranking.rerank_depth == 0) return p;
  p.terms = free_terms(q);
  if (p.terms.size() < 2) p.terms.clear();
  return p;
}

detail::Bm25Weight weight(const RankingOptions &ranking) { return detail::Bm25Weight(ranking.k1, ranking.b); }

/// A boolean filter matching every document of the buckets a lane owns and none of the others: a
/// lane's Database holds every bucket (so BM25 statistics are the whole index's) but ranks only its own.
class OwnedBuckets final : public Xapian::PostingSource {
public:
  explicit OwnedBuckets(std::shared_ptr<const std::set<std::string>> owned) : owned_(std::move(owned)) {}
  /// Matches all of `db` if this lane owns it (by uuid), else nothing.
  void init(const Xapian::Database &db) override {
    last_ = owned_->count(db.get_uuid()) != 0 ? db.get_lastdocid() : 0;
    did_ = 0;
  }
  /// None is certain (docids may have gaps).
  Xapian::doccount get_termfreq_min() const override { return 0; }
  /// Every docid of an owned bucket.
  Xapian::doccount get_termfreq_est() const override { return last_; }
  /// Every docid of an owned bucket.
  Xapian::doccount get_termfreq_max() const override { return last_; }
  /// Moves to the next docid.
  void next(double) override { ++did_; }
  /// Moves to `did` (every docid of an owned bucket matches).
  void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
  /// Moves to `did`: a match in an owned bucket, else past the end. Either way a definite position,
  /// so it returns true, as the contract asks. (Returning false at the end made Xapian 1.4's
  /// ExternalPostList drop the source and then call next() on it: a crash for OR of phrases.)
  bool check(Xapian::docid did, double) override {
    did_ = std::max(did_, did);
    return true;
  }
  /// Past the last docid (at once for a bucket of another lane).
  bool at_end() const override { return did_ > last_; }
  /// The current docid.
  Xapian::docid get_docid() const override { return did_; }
  /// A copy for another bucket.
  OwnedBuckets *clone() const override { return new OwnedBuckets(owned_); }
  /// "parasearch.owned".
  std::string name() const override { return "parasearch.owned"; }

private:
  std::shared_ptr<const std::set<std::string>> owned_;
  Xapian::docid last_ = 0, did_ = 0;
};

/// Runs a job on every lane at once: lane 0 on the calling thread, the others on threads that live
/// as long as the pool. Waiting threads spin for a moment before they sleep: waking a sleeping
/// thread can take longer than a whole search (on virtual machines especially).
class LanePool {
public:
  /// Starts `lanes - 1` threads; throws std::system_error (with none left running) if it cannot.
  explicit LanePool(std::size_t lanes) {
    try {
      for (std::size_t i = 1; i < lanes; ++i)
        threads_.emplace_back([this, i] { serve(i); });
    } catch (...) {
      stop_all();
      throw;
    }
  }
  ~LanePool() { stop_all(); }
  LanePool(const LanePool &) = delete;
  LanePool &operator=(const LanePool &) = delete;

  /// Runs `job(i)` for each lane i and waits for all; then rethrows the first exception, if any.
  void run(const std::function<void(std::size_t)> &job) {
    std::vector<std::exception_ptr> errors(threads_.size() + 1);
    if (!threads_.empty()) {
      const std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      errors_ = &errors;
      pending_.store(threads_.size(), std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    try {
      job(0);
    } catch (...) {
      errors[0] = std::current_exception();
    }
    if (!threads_.empty()) {
      if (!spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
      }
      const std::lock_guard<std::mutex> lock(mutex_);
      job_ = nullptr;
      errors_ = nullptr;
    }
    for (const std::exception_ptr &e : errors)
      if (e) std::rethrow_exception(e);
  }

private:
  void stop_all() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true);
    }
    wake_.notify_all();
    for (std::thread &t : threads_)
      t.join();
    threads_.clear();
  }

  // Polls `ready` for up to a millisecond; true once it holds.
  template <typename Ready> static bool spin_until(const Ready &ready) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
    for (unsigned n = 0;; ++n) {
      if (ready()) return true;
      if ((n & 63) == 63 && std::chrono::steady_clock::now() > until) return false;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#else
      std::this_thread::yield();
#endif
    }
  }

  void serve(std::size_t lane) {
    std::uint64_t seen = 0;
    for (;;) {
      const auto posted = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      const std::function<void(std::size_t)> *job = nullptr;
      std::vector<std::exception_ptr> *errors = nullptr;
      {
        if (!spin_until([&] { return posted() || stop_.load(); })) {
          std::unique_lock<std::mutex> lock(mutex_);
          wake_.wait(lock, [&] { return stop_.load() || posted(); });
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        if (stop_.load()) return;
        seen = generation_.load(std::memory_order_acquire);
        job = job_;
        errors = errors_;
      }
      std::exception_ptr error;
      try {
        (*job)(lane);
      } catch (...) {
        error = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex_);
      (*errors)[lane] = error;
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) done_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)> *job_ = nullptr; // guarded by mutex_
  std::vector<std::exception_ptr> *errors_ = nullptr;     // guarded by mutex_
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

/// One thread's view of the index: its own Xapian objects (they are not thread-safe), matching
/// only the buckets it owns (all of them when the Searcher has one lane).
struct Lane {
  std::filesystem::path path; // the index, for messages
  Xapian::Database db;
  Xapian::Stem stem;
  const Xapian::Stopper *stopper = nullptr;
  std::shared_ptr<const std::set<std::string>> owned;  // uuids of its buckets; null = all
  std::map<Xapian::docid, detail::FileHeader> headers; // file headers read by the current search, by paragraph 1

  // The paragraph `did` as stored (its text; its file's header if it is paragraph 1), or nullopt if
  // there is no such document or its data is not a paragraph's.
  std::optional<detail::StoredParagraph> stored(Xapian::docid did) const {
    return detail::read_stored_paragraph(db, did);
  }

  // The docids of the paragraphs of the file `id`, in paragraph order.
  std::vector<Xapian::docid> file_paragraphs(std::uint64_t id) const {
    const std::string term = detail::DocumentBuilder::file_term(id);
    return {db.postlist_begin(term), db.postlist_end(term)};
  }

  // The header of the file `id` of paragraph `number` (docid `did`), cached per search. A file's
  // paragraphs are consecutive in its bucket, so paragraph 1 is `number - 1` bucket docids back; if
  // that document is not this file's paragraph 1 (an index built otherwise), the file's XF posting
  // list finds it.
  const detail::FileHeader *header_for(Xapian::docid did, unsigned number, std::uint64_t id) {
    const Xapian::docid step = static_cast<Xapian::docid>(std::max<std::size_t>(db.size(), 1));
    const auto back = static_cast<Xapian::docid>(number - 1) * step;
    Xapian::docid first = number >= 1 && did > back ? did - back : 0;
    if (auto it = headers.find(first); first != 0 && it != headers.end()) return &it->second;
    std::optional<detail::StoredParagraph> p;
    if (first != 0) p = stored(first);
    if (!p || !p->header || p->file_id != id) {
      const std::string term = detail::DocumentBuilder::file_term(id);
      const Xapian::PostingIterator p1 = db.postlist_begin(term); // the file's first paragraph
      if (p1 == db.postlist_end(term)) return nullptr;
      first = *p1;
      if (auto it = headers.find(first); it != headers.end()) return &it->second;
      p = stored(first);
      if (!p || !p->header || p->file_id != id) return nullptr;
    }
    return &headers.emplace(first, std::move(*p->header)).first->second;
  }

  /// Fills in the statistics of `p`, from the index and the word frequencies `mset` gathered.
  void prepare(Proximity &p, const Xapian::MSet &mset, const RankingOptions &ranking) const {
    const double docs = db.get_doccount();
    const double avg = docs > 0 ? static_cast<double>(db.get_total_length()) / docs : 0.0;
    for (std::size_t i = 0; i < p.terms.size(); ++i) {
      p.idf.push_back(detail::bm25_idf(ranking.proximity, 1, mset.get_termfreq(p.terms[i]), docs));
      p.first.push_back(
          static_cast<std::size_t>(std::find(p.terms.begin(), p.terms.end(), p.terms[i]) - p.terms.begin()));
    }
    p.avg = avg > 0 ? avg : 1.0;
    p.k1 = std::max(0.0, ranking.k1);
    p.b = std::clamp(ranking.b, 0.0, 1.0);
    p.window = std::max(2u, ranking.proximity_window);
  }

  /// The proximity bonus of passage `did` (0 unless some neighbouring query words stand close).
  double bonus(const Proximity &p, Xapian::docid did) const {
    std::vector<std::vector<Xapian::termpos>> pos(p.terms.size());
    std::vector<bool> read(p.terms.size());
    auto positions = [&](std::size_t i) -> const std::vector<Xapian::termpos> & {
      const std::size_t k = p.first[i]; // a repeated word is read once
      if (!read[k]) {
        read[k] = true;
        pos[k].assign(db.positionlist_begin(did, p.terms[k]), db.positionlist_end(did, p.terms[k]));
      }
      return pos[k];
    };
    Xapian::termcount len = 0;
    double w = 0;
    for (std::size_t i = 0; i + 1 < p.terms.size(); ++i) {
      const auto &a = positions(i);
      if (a.empty()) continue;
      const auto &b = positions(i + 1);
      if (b.empty() || !near(a, b, p.window)) continue;
      if (len == 0) len = db.get_doclength(did);
      // A body word's wdf is its number of positions (titles are indexed under their own prefix).
      w += detail::bm25_part(p.idf[i], static_cast<Xapian::termcount>(a.size()), len, p.avg, p.k1, p.b);
      w += detail::bm25_part(p.idf[i + 1], static_cast<Xapian::termcount>(b.size()), len, p.avg, p.k1, p.b);
    }
    return w;
  }

  /// Paragraphs `number - k` .. `number + k` of the hit's file (docids `all`, in paragraph order).
  void add_context(const std::vector<Xapian::docid> &all, std::size_t k, Hit &hit) const {
    auto text = [&](unsigned n) {
      auto p = stored(all[n - 1]);
      return p ? std::move(p->text) : std::string();
    };
    for (std::size_t i = k; i >= 1; --i)
      if (hit.paragraph > i && hit.paragraph - i <= all.size()) {
        const unsigned n = hit.paragraph - static_cast<unsigned>(i);
        hit.before.push_back({n, text(n)});
      }
    for (std::size_t i = 1; i <= k && hit.paragraph + i <= all.size(); ++i) {
      const unsigned n = hit.paragraph + static_cast<unsigned>(i);
      hit.after.push_back({n, text(n)});
    }
  }

  /// The text of paragraph `did`; empty if it is missing.
  std::string text_of(Xapian::docid did) const {
    auto p = stored(did);
    return p ? std::move(p->text) : std::string();
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
  /// The positive leaves of a query (terms, wildcards, AND_NOT units), left to right, without repeats.
  static void scoring_leaves(const Xapian::Query &q, std::vector<Xapian::Query> &out, std::set<std::string> &seen) {
    const auto op = q.get_type();
    // An AND_NOT is a unit: its leaves score only where its right side does not match (explain()
    // weighs it whole, then lists them); compounds add "joined AND_NOT original" (query/compounds.hpp).
    if (op == Xapian::Query::LEAF_TERM || op == Xapian::Query::OP_WILDCARD || op == Xapian::Query::OP_AND_NOT) {
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
  std::string explain(const Candidate &c, std::size_t rank, const Xapian::Document &doc, const Xapian::Query &user,
                      const RankingOptions &ranking, std::size_t depth) {
    const Xapian::docid id = c.did;
    const OneParagraph only(doc);
    std::string out;
    char head[200];
    std::snprintf(head, sizeof head, "%s  total: BM25 (k1=%g, b=%g), passage of %u words (average %.1f)\n",
                  format_weight(c.score()).c_str(), ranking.k1, ranking.b, db.get_doclength(id), db.get_avlength());
    out += head;
    std::vector<Xapian::Query> leaves;
    std::set<std::string> seen;
    scoring_leaves(user, leaves, seen);
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const Xapian::Query leaf = leaves[i];
      const double w = weight_in(leaf, only, ranking);
      if (w == 0) continue;
      if (leaf.get_type() == Xapian::Query::OP_AND_NOT) { // it scores here: list its positive leaves
        std::vector<Xapian::Query> inner;
        scoring_leaves(leaf.get_subquery(0), inner, seen);
        leaves.insert(leaves.begin() + static_cast<std::ptrdiff_t>(i) + 1, inner.begin(), inner.end());
        continue;
      }
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
    if (c.bonus > 0)
      out += format_weight(c.bonus) + "  proximity bonus: neighbouring query words within " +
             std::to_string(ranking.proximity_window) + " words (x" + std::to_string(ranking.proximity).substr(0, 4) +
             " of their weights)\n";
    else if (rank > depth && depth > 0)
      out += format_weight(0) + "  proximity bonus: not computed (only the top " + std::to_string(depth) +
             " passages get it)\n";
    return out;
  }

  Hit make_hit(const Candidate &c, std::size_t rank, const Xapian::Query &user, const detail::MatchSpec &base_spec,
               const SearchOptions &options, std::size_t depth) {
    const Xapian::Document doc = db.get_document(c.did, Xapian::DOC_ASSUME_VALID);
    std::optional<detail::StoredParagraph> own = detail::decode_paragraph(doc.get_data());
    const detail::FileHeader *header = nullptr;
    if (own && own->header)
      header = &headers.emplace(c.did, std::move(*own->header)).first->second;
    else if (own)
      header = header_for(c.did, own->number, own->file_id);
    if (header == nullptr || own->number > header->paragraphs)
      throw DatabaseError("index '" + path.string() +
                          "' is damaged: a paragraph's stored text is missing "
                          "(run parasearch-index --check)");
    Hit hit;
    hit.rank = rank;
    hit.score = c.score();
    hit.paragraph = own->number;
    hit.path = header->path;
    hit.title = header->title;
    hit.fields = header->fields;
    hit.text = std::move(own->text);
    hit.others = c.collapsed;
    if (options.snippets) {
      const auto matches = detail::find_matches(hit.text, base_spec, stem, stopper);
      hit.highlights.assign(matches.begin(), matches.end());
      hit.snippet = detail::make_snippet(hit.text, matches, options.snippet_chars, options.mark_start, options.mark_end,
                                         options.html);
    }
    if (options.context > 0) add_context(file_paragraphs(own->file_id), options.context, hit);
    if (options.explain) hit.explanation = explain(c, rank, doc, user, options.ranking, depth);
    return hit;
  }
};

} // namespace

struct Searcher::Impl {
  std::filesystem::path path;
  unsigned threads = 0;    // as asked for (0 = automatic)
  detail::StubStamp stamp; // the stub the lanes were opened from
  std::string language;
  Xapian::Stem stem; // the parser's, and lane 0's (same thread)
  const Xapian::Stopper *stopper = nullptr;
  Xapian::QueryParser parser;
  std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;
  std::vector<std::vector<std::string>> synonyms; // groups of interchangeable words or phrases
  std::vector<std::unique_ptr<Lane>> lanes;       // lane 0 runs on the caller's thread
  std::unique_ptr<LanePool> pool;

  Xapian::Database &db() { return lanes.front()->db; }
  const Xapian::Database &db() const { return lanes.front()->db; }

  // Opens the index in as many lanes as threads are wanted (at most one per bucket), all on the same
  // buckets, and gives each lane a share of the buckets to rank.
  void open_lanes() {
    Xapian::Database first = detail::open_index_database(path);
    const std::string uuids = first.get_uuid();
    std::vector<std::string> buckets;
    for (std::size_t start = 0; start <= uuids.size();) {
      const std::size_t colon = std::min(uuids.find(':', start), uuids.size());
      buckets.push_back(uuids.substr(start, colon - start));
      start = colon + 1;
    }
    const bool distinct = std::set<std::string>(buckets.begin(), buckets.end()).size() == buckets.size();
    const unsigned wanted = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n =
        distinct && first.size() == buckets.size() ? std::clamp<std::size_t>(wanted, 1, first.size()) : 1;
    std::vector<std::unique_ptr<Lane>> fresh;
    for (std::size_t i = 0; i < n; ++i) {
      auto lane = std::make_unique<Lane>();
      lane->path = path;
      lane->stopper = stopper;
      lane->stem = i == 0 ? stem : detail::make_stem(language);
      if (i == 0) {
        lane->db = first;
      } else {
        // The same buckets as lane 0, or the writer swapped one in between: start again.
        lane->db = detail::open_index_database(path);
        if (lane->db.get_uuid() != uuids) throw Xapian::DatabaseModifiedError("a bucket changed while opening");
      }
      if (n > 1) {
        auto owned = std::make_shared<std::set<std::string>>();
        for (std::size_t b = i; b < buckets.size(); b += n)
          owned->insert(buckets[b]);
        lane->owned = std::move(owned);
      }
      fresh.push_back(std::move(lane));
    }
    if (!pool || lanes.size() != fresh.size()) {
      pool.reset();
      try {
        pool = std::make_unique<LanePool>(fresh.size());
      } catch (const std::system_error &) { // no threads to be had (a process limit): search on this one
        fresh.resize(1);
        fresh.front()->owned.reset();
        pool = std::make_unique<LanePool>(1);
      }
    }
    lanes = std::move(fresh);
    parser.set_database(db());
  }

  // The lane that ranks docid `did` (of the combined database).
  std::size_t lane_of(Xapian::docid did) const {
    return lanes.size() == 1 ? 0 : ((did - 1) % db().size()) % lanes.size();
  }

  Xapian::Query parse(const std::string &query, const SearchOptions &options) {
    parser.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    unsigned flags = Xapian::QueryParser::FLAG_CJK_NGRAM;
    if (!options.plain)
      flags |=
          Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
    const std::string text = detail::normalise_quotes(query); // « », „ “, 「 」… are phrase quotes too
    Xapian::Query q;
    detail::TypedWords typed; // the words as typed, by query position (before the real parse: see the header)
    try {
      typed = detail::typed_words(parser, text, flags);
      q = parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError &e) {
      throw QueryError(detail::describe_syntax_error(query, e.get_msg()));
    }
    q = detail::fold_wildcards(q, kMaxWildcardTerms); // "côt*" finds what "cot*" finds, as words do
    check_wildcards(q, query);
    q = detail::replace_xor(q); // Xapian 1.4.22 can crash on XOR over several bucket databases
    if (stopper != nullptr) q = detail::drop_stopwords_in_phrases(q, *stopper, typed);
    q = detail::expand_compounds(q, typed, stem, db()); // peace-keeping, "peace keeping" also find peacekeeping
    return detail::cjk_phrases(q); // quoted CJK: the unigrams and bigrams at the positions the indexer gives them
  }

  // Reopens the index if the writer installed new buckets since it was opened (or if `force`).
  void refresh(bool force) {
    const detail::StubStamp now = detail::stub_stamp(path);
    if (!force && now == stamp) return;
    for (int attempt = 1;; ++attempt) {
      try {
        open_lanes();
        break;
      } catch (const Xapian::DatabaseModifiedError &) {
        if (attempt == 10) throw DatabaseError("index '" + path.string() + "' keeps changing while being opened");
      } catch (const Xapian::Error &e) {
        throw DatabaseError("cannot reopen index '" + path.string() + "': " + e.get_description());
      }
    }
    stamp = now;
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
      for (auto t = db().allterms_begin(prefix); t != db().allterms_end(prefix); ++t)
        if (++n > kMaxWildcardTerms)
          throw QueryError("the wildcard '" + prefix + "*' in '" + query + "' matches too many words (over " +
                           std::to_string(kMaxWildcardTerms) + "); make it longer or more specific");
    }
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
    for (auto t = db().allterms_begin(first); t != db().allterms_end(first); ++t) {
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
    for (auto p = db().postlist_begin(term); p != db().postlist_end(term) && seen < 20; ++p, ++seen)
      for (const detail::Word &w : detail::words_of(lanes.front()->text_of(*p), stem)) {
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
      if (is_prefixed(term) || db().term_exists(term)) continue;
      const std::string close = closest_term(term);
      if (close.empty()) continue;
      for (auto u = parser.unstem_begin(term); u != parser.unstem_end(term); ++u)
        changed |= detail::replace_word(out, *u, surface_form(close, *u));
    }
    return changed ? out : std::string();
  }
};

Searcher::Searcher(const std::filesystem::path &db, unsigned threads) : impl_(std::make_unique<Impl>()) {
  impl_->path = db;
  impl_->threads = threads;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  const detail::IndexConfig config = detail::read_config(db);
  impl_->language = config.language;
  impl_->stem = detail::make_stem(impl_->language);
  impl_->stopper = detail::stopper_for(impl_->language);
  for (int attempt = 1;; ++attempt) {
    try {
      impl_->stamp = detail::stub_stamp(db);
      // A writer may replace a bucket between our reading the stub and opening it: this retries.
      impl_->open_lanes();
      break;
    } catch (const Xapian::DatabaseModifiedError &) {
      if (attempt == 10) throw DatabaseError("index '" + db.string() + "' keeps changing while being opened");
    } catch (const Xapian::Error &e) {
      throw DatabaseError("cannot open index '" + db.string() + "': " + e.get_description());
    }
  }
  Xapian::QueryParser &qp = impl_->parser;
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

std::size_t Searcher::paragraph_count() const { return impl_->db().get_doccount(); }

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
  validate_ranking(options.ranking);
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
  results.parsed_query = user.get_description();
  const detail::MatchSpec spec = options.snippets ? detail::highlight_spec(user) : detail::MatchSpec{};

  for (int attempt = 0;; ++attempt) {
    try {
      const Proximity words = proximity_for(detail::without_compounds(user), options.ranking); // typed words
      const std::size_t depth = words.active() ? options.ranking.rerank_depth : 0;
      const std::size_t wanted = options.offset + options.limit;
      const auto count = static_cast<Xapian::doccount>(std::max(wanted, depth));
      // An exact count needs many candidates examined; otherwise Xapian may stop early (much faster).
      // Collapsing needs them too, for the counts of other passages per document.
      const auto check =
          static_cast<Xapian::doccount>(count + (options.exact_count || options.per_doc ? kCheckAtLeast : 0));
      std::vector<std::unique_ptr<Lane>> &lanes = impl_->lanes;
      const std::size_t n = lanes.size();
      // What is ranked: the user's query, with its words also matching titles.
      const Xapian::Query ranked_query = detail::with_title_matches(user, impl_->db(), options.ranking.title_weight);
      // Xapian objects are not shared between threads: each lane gets its own copy of the queries.
      const std::string serialised = n > 1 ? user.serialise() : std::string();
      const std::string serialised_ranked = n > 1 ? ranked_query.serialise() : std::string();
      std::vector<Xapian::Query> queries(n);
      std::vector<std::vector<Candidate>> found(n);
      std::vector<Xapian::doccount> estimates(n);

      // 1. Each lane ranks its buckets (with the whole index's statistics) and gives the proximity
      //    bonus to its own top `depth`, which hold every passage of the overall top `depth`.
      impl_->pool->run([&](std::size_t i) {
        Lane &lane = *lanes[i];
        lane.headers.clear();
        queries[i] = i == 0 ? user : Xapian::Query::unserialise(serialised);
        Xapian::Query q = i == 0 ? ranked_query : Xapian::Query::unserialise(serialised_ranked);
        if (lane.owned)
          q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query((new OwnedBuckets(lane.owned))->release()));
        Xapian::Enquire enquire(lane.db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(weight(options.ranking));
        if (options.per_doc) enquire.set_collapse_key(schema::kSlotFile);
        const Xapian::MSet mset = enquire.get_mset(0, count, check);
        estimates[i] = mset.get_matches_estimated();
        std::vector<Candidate> &mine = found[i];
        mine.reserve(mset.size());
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
          mine.push_back({*it, it.get_weight(), 0, options.per_doc ? it.get_collapse_count() : 0});
        const std::size_t top = std::min(depth, mine.size());
        if (top == 0) return;
        Proximity p = words;
        lane.prepare(p, mset, options.ranking);
        for (std::size_t k = 0; k < top; ++k)
          mine[k].bonus = lane.bonus(p, mine[k].did);
      });

      // 2. Merged in Xapian's own order (score, then docid), as one lane would have ranked them.
      std::vector<Candidate> ranked;
      results.estimated_total = 0;
      for (std::size_t i = 0; i < n; ++i) {
        results.estimated_total += estimates[i];
        ranked.insert(ranked.end(), found[i].begin(), found[i].end());
      }
      if (n > 1) {
        std::sort(ranked.begin(), ranked.end(), [](const Candidate &x, const Candidate &y) {
          return x.base != y.base ? x.base > y.base : x.did < y.did;
        });
        if (ranked.size() > count) ranked.resize(count);
      }
      // The proximity bonus re-ranks the top `depth` passages. Below them the order stays BM25's, and
      // as a bonus is never negative, scores still fall from rank to rank.
      const std::size_t top = std::min(depth, ranked.size());
      for (std::size_t k = top; k < ranked.size(); ++k)
        ranked[k].bonus = 0; // given by its lane, but below the overall top `depth`
      std::stable_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top),
                       [](const Candidate &x, const Candidate &y) { return x.score() > y.score(); });

      // 3. Each lane builds the hits of the page that are in its buckets.
      const std::size_t first = std::min(options.offset, ranked.size());
      const std::size_t last = std::min(wanted, ranked.size());
      std::vector<Hit> hits(last - first);
      impl_->pool->run([&](std::size_t i) {
        for (std::size_t k = first; k < last; ++k)
          if (impl_->lane_of(ranked[k].did) == i)
            hits[k - first] = lanes[i]->make_hit(ranked[k], k + 1, queries[i], spec, options, depth);
      });
      results.hits = std::move(hits);
      if (options.spelling) results.suggestion = impl_->suggest(results.expanded_query, user);
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
