#include "query/proximity.hpp"

#include "query/bm25.hpp"
#include "query/query_walk.hpp"

#include <algorithm>

namespace parasearch::detail {

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

/// The query words in order, unprefixed, with adjacent repeats dropped: the proximity bonus's input.
std::vector<std::string> free_terms(const Xapian::Query &q) {
  std::vector<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
    if (!is_prefixed(*t) && (out.empty() || out.back() != *t)) out.push_back(*t);
  return out;
}

/// The words of the bonus for query `q` (none if it is off or `q` has fewer than two).
Proximity proximity_for(const Xapian::Query &q, const RankingOptions &ranking) {
  Proximity p;
  if (ranking.proximity <= 0 || ranking.rerank_depth == 0) return p;
  p.terms = free_terms(q);
  if (p.terms.size() < 2) p.terms.clear();
  return p;
}

/// Fills in the statistics of `p`, from the index and the word frequencies `mset` gathered.
void prepare(Proximity &p, const Xapian::Database &db, const Xapian::MSet &mset, const RankingOptions &ranking) {
  const double docs = db.get_doccount();
  const double avg = docs > 0 ? static_cast<double>(db.get_total_length()) / docs : 0.0;
  for (std::size_t i = 0; i < p.terms.size(); ++i) {
    p.idf.push_back(bm25_idf(ranking.proximity, 1, mset.get_termfreq(p.terms[i]), docs, ranking.idf_blend));
    p.first.push_back(
        static_cast<std::size_t>(std::find(p.terms.begin(), p.terms.end(), p.terms[i]) - p.terms.begin()));
    p.joined.push_back(db.synonyms_begin(p.terms[i]) != db.synonyms_end(p.terms[i]));
  }
  p.avg = avg > 0 ? avg : 1.0;
  p.k1 = std::max(0.0, ranking.k1);
  p.b = std::clamp(ranking.b, 0.0, 1.0);
  p.floor = ranking.length_floor;
  p.window = std::max(2u, ranking.proximity_window);
}

/// The proximity bonus of passage `did` (0 unless some neighbouring query words stand close).
double bonus(const Proximity &p, const Xapian::Database &db, Xapian::docid did) {
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
  // A word's wdf, as Xapian weighs it: its number of positions, except for a hyphenated compound's
  // joined form, which has two positions (its first and last part) but wdf 1 (index/document.cpp).
  // Only a joined form (a word with a split) is looked up, in the passage's termlist, read once: a
  // posting list per passage and word had opened one in every bucket, a quarter of a search. (A joined
  // form whose split is not kept, its stem being one of its parts', has as many positions as its wdf,
  // unless that part stands in the middle of three or more.)
  std::vector<Xapian::termcount> wdfs;
  auto wdf = [&](std::size_t i, std::size_t count) -> Xapian::termcount {
    const std::size_t k = p.first[i];
    if (count <= 1 || !p.joined[k]) return static_cast<Xapian::termcount>(count);
    if (wdfs.empty()) {
      wdfs.assign(p.terms.size(), 0);
      for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t)
        for (std::size_t j = 0; j < p.terms.size(); ++j)
          if (p.first[j] == j && p.terms[j] == *t) wdfs[j] = t.get_wdf();
    }
    return wdfs[k];
  };
  Xapian::termcount len = 0;
  double w = 0;
  for (std::size_t i = 0; i + 1 < p.terms.size(); ++i) {
    const auto &a = positions(i);
    if (a.empty()) continue;
    const auto &b = positions(i + 1);
    if (b.empty() || !near(a, b, p.window)) continue;
    if (len == 0) len = db.get_doclength(did);
    w += bm25_part(p.idf[i], wdf(i, a.size()), len, p.avg, p.k1, p.b, p.floor);
    w += bm25_part(p.idf[i + 1], wdf(i + 1, b.size()), len, p.avg, p.k1, p.b, p.floor);
  }
  return w;
}

std::map<Xapian::docid, double> matched_bonuses(const Proximity &p, const Xapian::Database &db,
                                                const Xapian::MSet &mset, const std::vector<std::string> &uids,
                                                const RankingOptions &ranking) {
  std::map<Xapian::docid, double> out;
  if (!p.active() || uids.empty()) return out;
  const Xapian::doccount docs = db.get_doccount();
  auto scaled = [&](const std::string &term) { // the term weighed with the blended idf (as with_lucene_idf)
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                         idf_scale(mset.get_termfreq(term), docs, ranking.idf_blend));
  };
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i + 1 < p.terms.size(); ++i) {
    const Xapian::Query words[] = {Xapian::Query(p.terms[i]), Xapian::Query(p.terms[i + 1])};
    const Xapian::Query near(Xapian::Query::OP_NEAR, words, words + 2, p.window);
    // Xapian 1.4 takes no scaled term inside NEAR: it matches unweighted, its words weigh beside it.
    const Xapian::Query parts[] = {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, 0.0), scaled(p.terms[i]),
                                   scaled(p.terms[i + 1])};
    pairs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts, parts + 3),
                       ranking.proximity);
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                  Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                                  Xapian::Query(Xapian::Query::OP_OR, uids.begin(), uids.end())));
  enquire.set_weighting_scheme(bm25_weight(ranking));
  const Xapian::MSet m = enquire.get_mset(0, static_cast<Xapian::doccount>(uids.size()));
  for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
    out[*it] = it.get_weight();
  return out;
}

} // namespace parasearch::detail
