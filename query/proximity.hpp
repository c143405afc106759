// Private: the proximity bonus. For each pair of neighbouring query words that stand less than
// `window` positions apart in a passage, `proximity` × (the BM25 weight of each of the two words
// there, with query frequency 1): exactly the weight Xapian gives OP_SCALE_WEIGHT(OP_NEAR(a, b),
// proximity). It re-ranks the top `rerank_depth` passages, so positions are read only for those.
#pragma once

#include "parasearch/searcher.hpp"

#include <xapian.h>

#include <map>

#include <string>
#include <vector>

namespace parasearch::detail {

/// The proximity bonus of one search.
struct Proximity {
  std::vector<std::string> terms; ///< The query words in order (free_terms).
  std::vector<double> idf;        ///< bm25_idf of each, scaled by the bonus weight.
  std::vector<std::size_t> first; ///< Index of each word's first occurrence in `terms`.
  /// True for a word that is some compound's joined form (it has a split in the synonym table): only
  /// there can its wdf differ from its number of positions.
  std::vector<bool> joined;
  double avg = 1, k1 = 0, b = 0; ///< Average passage length and BM25 parameters.
  double floor = 0;              ///< BM25's length floor (RankingOptions::length_floor).
  Xapian::termpos window = 2;    ///< Words closer than this count as close.
  /// True if there is a bonus to compute (two words or more).
  bool active() const { return terms.size() >= 2; }
};

/// The query words of `q` in query order, unprefixed, with adjacent repeats dropped.
std::vector<std::string> free_terms(const Xapian::Query &q);

/// The words of the bonus for query `q` (none if it is off or `q` has fewer than two).
Proximity proximity_for(const Xapian::Query &q, const RankingOptions &ranking);

/// Fills in the statistics of `p`: from `db` and the word frequencies `mset` gathered.
void prepare(Proximity &p, const Xapian::Database &db, const Xapian::MSet &mset, const RankingOptions &ranking);

/// The proximity bonus of passage `did` of `db` (0 unless some neighbouring query words stand close).
double bonus(const Proximity &p, const Xapian::Database &db, Xapian::docid did);

/// The proximity bonus of each passage `uids` names (its unique Q term) whose neighbouring query words
/// stand close, by docid of `db`, computed by Xapian's matcher in one match: per pair of words a, b,
/// OP_SCALE_WEIGHT(OP_NEAR(a, b) with a, b scaled to Lucene's idf, proximity), which is what bonus()
/// computes from positions. Over remote shards this is one round trip per shard, where bonus() costs
/// one per passage and word. `mset` is the search's (for the words' frequencies).
std::map<Xapian::docid, double> matched_bonuses(const Proximity &p, const Xapian::Database &db,
                                                const Xapian::MSet &mset, const std::vector<std::string> &uids,
                                                const RankingOptions &ranking);

/// True if some position in `a` and some position in `b` are less than `window` apart (both sorted;
/// distinct terms never share a position): the same condition as Xapian 1.4's OP_NEAR for two terms.
bool near(const std::vector<Xapian::termpos> &a, const std::vector<Xapian::termpos> &b, Xapian::termpos window);

} // namespace parasearch::detail
