// Private: the weighting scheme. BM25 with the non-negative idf of Lucene and Anserini,
// log(1 + (N - n + 0.5) / (n + 0.5)), built from Xapian's own classes only, so a query runs the same on
// a stock remote backend (xapian-tcpsrv knows no custom Weight): Xapian's BM25Weight (k2 = 0, k3 = 0,
// min_normlen = 0) weighs each term with its idf log((N - n + 0.5) / (n + 0.5)), squashed below 2 as
// Xapian 1.4 does, and with_lucene_idf() scales each term by Lucene's idf over that (OP_SCALE_WEIGHT),
// from the whole index's statistics (the same on any number of buckets, lanes or machines).
#pragma once

#include "parasearch/searcher.hpp"
#include "query/parsed_query.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace parasearch::detail {

/// Lucene's idf of a term in `n` of `docs` passages: log(1 + (docs - n + 0.5) / (n + 0.5)), > 0.
inline double lucene_idf(double n, double docs) { return std::log(1.0 + (docs - n + 0.5) / (n + 0.5)); }

/// Xapian 1.4's BM25Weight idf (weight/bm25weight.cc, no relevance set) of a term in `n` of `docs`
/// passages, computed as it does: tw = (docs - n + 0.5) / (n + 0.5), tw < 2 becomes tw / 2 + 1, log(tw).
/// Always > 0 (it never truncates to 0, unlike the "official" formula).
double xapian_idf(Xapian::doccount n, Xapian::doccount docs);

/// The idf of a term in `n` of `docs` passages under RankingOptions::idf_blend `blend`: `blend` x
/// xapian_idf + (1 - `blend`) x lucene_idf (Lucene's at 0, Xapian's at 1).
inline double blended_idf(double n, double docs, double blend) {
  const double lucene = lucene_idf(n, docs);
  if (blend <= 0) return lucene;
  const double xapian = xapian_idf(static_cast<Xapian::doccount>(n), static_cast<Xapian::doccount>(docs));
  return blend >= 1 ? xapian : blend * xapian + (1 - blend) * lucene;
}

/// The idf part of a term's BM25 weight, times `factor` and `wqf`: the blended_idf of a term in `n`
/// of `docs` passages (Lucene's with the default `blend` 0). The proximity bonus and the title bonus use it.
inline double bm25_idf(double factor, double wqf, double n, double docs, double blend = 0) {
  return factor * wqf * blended_idf(n, docs, blend);
}

/// The OP_SCALE_WEIGHT factor that makes Xapian's BM25Weight weigh a term in `n` of `docs` passages
/// with blended_idf(n, docs, `blend`) instead of its own idf: their ratio (0 if Xapian's is not > 0).
inline double idf_scale(Xapian::doccount n, Xapian::doccount docs, double blend) {
  const double x = xapian_idf(n, docs);
  return x > 0 ? blended_idf(n, docs, blend) / x : 0.0;
}

/// A term's BM25 weight in a passage of length `len` where it occurs `wdf` times (0 if it does not),
/// given its bm25_idf() and the average passage length `avg` (1 if the index is empty); a passage
/// shorter than `floor` x `avg` counts as that long (as bm25_weight's min_normlen).
inline double bm25_part(double idf, Xapian::termcount wdf, Xapian::termcount len, double avg, double k1, double b,
                        double floor = 0) {
  if (wdf == 0) return 0;
  const double norm = k1 * (1 - b + b * std::max(len / avg, floor));
  return idf * wdf * (k1 + 1) / (wdf + norm);
}

/// Xapian's BM25Weight with the k1, b and length floor (min_normlen) of `ranking` (k2 = 0: no
/// document-length extra; k3 = 0: the query frequency is left to with_lucene_idf's factor).
Xapian::BM25Weight bm25_weight(const RankingOptions &ranking);

/// Passage frequencies of terms known in advance (gather_termfreqs), by term.
using TermFreqs = std::map<std::string, Xapian::doccount>;

/// The passage frequency of `term` in `db`: from `known` if it holds it, else asked of `db`.
inline Xapian::doccount termfreq(const Xapian::Database &db, const TermFreqs *known, const std::string &term) {
  if (known != nullptr)
    if (const auto it = known->find(term); it != known->end()) return it->second;
  return db.get_termfreq(term);
}

/// The passage frequencies of every term of `q` and of each unprefixed one's title form, from one
/// match (over remote shards one round trip per shard, in parallel, where db.get_termfreq costs one
/// per term and shard, one after another).
TermFreqs gather_termfreqs(const Xapian::Database &db, const Xapian::Query &q);

/// `q` with every term that can score (not in the right side of AND_NOT or FILTER) wrapped in
/// OP_SCALE_WEIGHT by wqf x idf_scale of its passage frequency in `db` (the whole index) and
/// `blend` (RankingOptions::idf_blend; 0, the default here, is Lucene's idf); a wildcard or synonym group (one virtual
/// term for Xapian) by the same ratio for its estimated combined frequency. A phrase or NEAR group P of a, b becomes
/// AND_MAYBE(P x 0, a', b'): Xapian 1.4 takes no scaled term inside P, so P matches unweighted and a', b' (scaled)
/// weigh what they weighed inside it. Under bm25_weight() every term then weighs exactly as BM25 with blended_idf.
/// `parsed` names the wildcards (their patterns). `known` (optional) gives term frequencies gathered in advance.
Xapian::Query with_lucene_idf(const Xapian::Query &q, const Xapian::Database &db, const ParsedQuery &parsed,
                              const TermFreqs *known = nullptr, double blend = 0);

/// True for OP_SCALE_WEIGHT(x, 0): a subquery that matches but never weighs (a phrase under with_lucene_idf).
bool is_unweighted(const Xapian::Query &q);

/// The passage frequency Xapian 1.4 gives a synonym group of terms in `freqs` passages each (in the
/// order of the group) in an index of `docs` passages: its estimate assuming independence,
/// combined pairwise from the rarest up and rounded at each step as its matcher does for one database.
Xapian::doccount synonym_termfreq(const std::vector<Xapian::doccount> &freqs, Xapian::doccount docs);

} // namespace parasearch::detail
