#include "query/bm25.hpp"

#include "parasearch/schema.hpp"
#include "query/query_tree.hpp"
#include "query/query_walk.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>

namespace parasearch::detail {
namespace {

/// Rewrites a query so that Xapian's BM25Weight scores it with Lucene's idf.
class LuceneIdf {
public:
  LuceneIdf(const Xapian::Database &db, const ParsedQuery &parsed, const TermFreqs *known, double blend)
      : db_(db), parsed_(parsed), known_(known), docs_(db.get_doccount()), blend_(blend) {}

  /// `q` with every term that scores scaled (see with_lucene_idf).
  Xapian::Query scaled(const Xapian::Query &q) const {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: return scale(q, leaf_wqf(q) * ratio(termfreq(db_, known_, leaf_term(q))));
    case Xapian::Query::OP_WILDCARD: {
      // Xapian 1.4 weighs an OP_SYNONYM wildcard as one term, but over several databases (buckets) it
      // estimates that term's frequency from partial statistics, differently in each (1,836 passages
      // for secur* where its words are in 20,007 of 117,184): it becomes the synonym group of the
      // words it expands to in the whole index, which Xapian weighs with their whole statistics.
      // A wildcard of OP_OR or OP_MAX weighs each word on its own, which one factor cannot correct:
      // it keeps Xapian's idf (the query parser and parsed_query.cpp make OP_SYNONYM wildcards only).
      std::vector<Xapian::Query> words;
      if (!expand(q, words)) return q;
      if (words.empty()) return q; // matches nothing either way
      return scaled(Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end()));
    }
    case Xapian::Query::OP_SYNONYM: {
      // One virtual term with the combined frequency of its terms, as Xapian estimates it (groups of
      // other kinds keep Xapian's idf). A wildcard in it (query/rewrites.hpp: widen_wildcards) joins
      // the group as its words.
      std::vector<Xapian::Query> terms;
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() == Xapian::Query::LEAF_TERM)
          terms.push_back(sub);
        else if (sub.get_type() != Xapian::Query::OP_WILDCARD || !expand(sub, terms))
          return q;
      }
      if (terms.empty()) return q; // matches nothing either way
      std::vector<Xapian::doccount> freqs;
      freqs.reserve(terms.size());
      for (const Xapian::Query &t : terms)
        freqs.push_back(termfreq(db_, known_, leaf_term(t)));
      return scale(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                   ratio(synonym_termfreq(freqs, docs_)));
    }
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
      // Xapian weighs a phrase as the sum of its subqueries' weights, but takes only terms (or an OR of
      // terms) inside it, not a scaled term: the phrase matches unweighted (factor 0) and its
      // subqueries, scaled, add their weights where it matches (each is present where it does).
      std::vector<Xapian::Query> parts{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0)};
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        parts.push_back(scaled(q.get_subquery(i)));
      return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts.begin(), parts.end());
    }
    case Xapian::Query::OP_SCALE_WEIGHT:
      return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, scaled(q.get_subquery(0)), scale_of(q));
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_MAX: return rebuilt(q, q.get_num_subqueries());
    // Only the first subquery scores; the others are boolean (Xapian gives them factor 0).
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER: return rebuilt(q, 1);
    default: return q; // posting sources (the title bonus, buckets), value ranges: no term idf to correct
    }
  }

private:
  const Xapian::Database &db_;
  const ParsedQuery &parsed_;
  const TermFreqs *known_;
  Xapian::doccount docs_;
  double blend_;

  /// The idf wanted over Xapian's for a term in `n` passages.
  double ratio(Xapian::doccount n) const { return idf_scale(n, docs_, blend_); }

  /// `q` scaled by `factor`.
  static Xapian::Query scale(const Xapian::Query &q, double factor) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
  }

  /// The factor of OP_SCALE_WEIGHT node `q`, read from the weight its description shows and confirmed
  /// by identity; 1 if it cannot be told (Xapian 1.4 has no accessor for it).
  static double scale_of(const Xapian::Query &q) {
    // "Query(2.5 * term)": the number before " * ".
    const std::string d = q.get_description();
    const std::size_t open = d.find('('), star = d.find(" * ");
    if (open != std::string::npos && star != std::string::npos && star > open) {
      const double f = std::strtod(d.substr(open + 1, star - open - 1).c_str(), nullptr);
      if (scale(q.get_subquery(0), f).serialise() == q.serialise()) return f;
    }
    return 1.0;
  }

  /// Appends to `words` the index words wildcard `q` expands to; false (nothing appended) if its
  /// pattern is not known or it is not an OP_SYNONYM wildcard.
  bool expand(const Xapian::Query &q, std::vector<Xapian::Query> &words) const {
    const std::string pattern = parsed_.pattern_of(q);
    if (pattern.empty() || synonym_wildcard(pattern).serialise() != q.serialise()) return false;
    for (auto t = db_.allterms_begin(pattern); t != db_.allterms_end(pattern); ++t)
      words.emplace_back(*t);
    return true;
  }

  /// A wildcard of `pattern` as the query parser and ParsedQuery::make_wildcard make one, OP_SYNONYM.
  static Xapian::Query synonym_wildcard(const std::string &pattern) {
    return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::Query::OP_SYNONYM);
  }

  /// The subqueries of `q`, the first `scoring` of them scaled.
  std::vector<Xapian::Query> subqueries(const Xapian::Query &q, std::size_t scoring) const {
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
      subs.push_back(i < scoring ? scaled(q.get_subquery(i)) : q.get_subquery(i));
    return subs;
  }

  /// Combiner `q` with its first `scoring` subqueries scaled.
  Xapian::Query rebuilt(const Xapian::Query &q, std::size_t scoring) const {
    const std::vector<Xapian::Query> subs = subqueries(q, scoring);
    return Xapian::Query(q.get_type(), subs.begin(), subs.end());
  }
};

} // namespace

double xapian_idf(Xapian::doccount n, Xapian::doccount docs) {
  // As BM25Weight::init: the collection size and term frequency are Xapian::doccount.
  double tw = (docs - n + 0.5) / (n + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  return std::log(tw);
}

Xapian::BM25Weight bm25_weight(const RankingOptions &ranking) {
  return Xapian::BM25Weight(ranking.k1, 0, 0, ranking.b, ranking.length_floor);
}

Xapian::doccount synonym_termfreq(const std::vector<Xapian::doccount> &freqs, Xapian::doccount docs) {
  if (freqs.empty() || docs == 0) return 0;
  // Xapian's OrContext::postlist: a heap with the rarest on top; the two rarest are joined, again and
  // again (each OrPostList estimates P(l or r) = P(l) + P(r) - P(l) P(r), rounded to a count).
  std::vector<Xapian::doccount> heap = freqs;
  const auto rarer_on_top = std::greater<Xapian::doccount>();
  std::make_heap(heap.begin(), heap.end(), rarer_on_top);
  while (heap.size() > 1) {
    const double r = heap.front();
    std::pop_heap(heap.begin(), heap.end(), rarer_on_top);
    heap.pop_back();
    const double l = heap.front();
    const double est = l + r - (l * r / docs);
    std::pop_heap(heap.begin(), heap.end(), rarer_on_top);
    heap.back() = static_cast<Xapian::doccount>(std::floor(est + 0.5)); // Xapian: (doccount)(est + 0.5)
    std::push_heap(heap.begin(), heap.end(), rarer_on_top);
  }
  return heap.front();
}

bool is_unweighted(const Xapian::Query &q) {
  return q.get_type() == Xapian::Query::OP_SCALE_WEIGHT &&
         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q.get_subquery(0), 0.0).serialise() == q.serialise();
}

Xapian::Query with_lucene_idf(const Xapian::Query &q, const Xapian::Database &db, const ParsedQuery &parsed,
                              const TermFreqs *known, double blend) {
  if (q.empty()) return q;
  return LuceneIdf(db, parsed, known, blend).scaled(q);
}

TermFreqs gather_termfreqs(const Xapian::Database &db, const Xapian::Query &q) {
  std::vector<Xapian::Query> terms;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    const std::string term = *t;
    terms.emplace_back(term);
    if (!term.empty() && !is_prefixed(term)) terms.emplace_back(std::string(schema::kPrefixTitle) + term);
  }
  TermFreqs out;
  if (terms.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet m = enquire.get_mset(0, 0);
  for (const Xapian::Query &t : terms) {
    const std::string term = *t.get_terms_begin();
    out[term] = m.get_termfreq(term);
  }
  return out;
}

} // namespace parasearch::detail
