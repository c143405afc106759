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
    p.idf.push_back(bm25_idf(ranking.proximity, 1, mset.get_termfreq(p.terms[i]), docs));
    p.first.push_back(
        static_cast<std::size_t>(std::find(p.terms.begin(), p.terms.end(), p.terms[i]) - p.terms.begin()));
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
  Xapian::termcount len = 0;
  double w = 0;
  for (std::size_t i = 0; i + 1 < p.terms.size(); ++i) {
    const auto &a = positions(i);
    if (a.empty()) continue;
    const auto &b = positions(i + 1);
    if (b.empty() || !near(a, b, p.window)) continue;
    if (len == 0) len = db.get_doclength(did);
    // A body word's wdf is its number of positions (titles are indexed under their own prefix).
    w += bm25_part(p.idf[i], static_cast<Xapian::termcount>(a.size()), len, p.avg, p.k1, p.b, p.floor);
    w += bm25_part(p.idf[i + 1], static_cast<Xapian::termcount>(b.size()), len, p.avg, p.k1, p.b, p.floor);
  }
  return w;
}

} // namespace parasearch::detail
