// Private: --explain, how a hit's score was made: one line per query term or wildcard that scores in
// the passage (its weight, how often it occurs there, in how many passages), plus the in-sequence
// bonus of a CJK run and the proximity bonus; the lines add up to the score. Works without termlists
// (the index has none).
#pragma once

#include "parasearch/searcher.hpp"
#include "query/parsed_query.hpp"

#include <xapian.h>

#include <cstddef>
#include <string>

namespace parasearch::detail {

/// What explain() is asked about: one hit of one search.
struct ExplainedHit {
  Xapian::docid did = 0; ///< The passage, in the lane's database.
  double score = 0;      ///< Its score: BM25 plus `bonus`.
  double bonus = 0;      ///< Its proximity bonus.
  std::size_t rank = 0;  ///< Its rank, from 1.
  std::size_t depth = 0; ///< How many top passages got the bonus computed.
};

/// The explanation of `hit` in `db` (`doc` is its document) for the query `query` (this thread's
/// copy of `parsed`'s query; `parsed` names its wildcards), one line per part.
std::string explain(const Xapian::Database &db, const ExplainedHit &hit, const Xapian::Document &doc,
                    const Xapian::Query &query, const ParsedQuery &parsed, const RankingOptions &ranking);

} // namespace parasearch::detail
