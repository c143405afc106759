// Private: ordinary query words also match the document's title. Title words are indexed with wdf 0
// (so they never lengthen a paragraph for BM25) and scored here instead: a paragraph whose file's
// title holds query word t gets `weight` x idf(t), through Xapian's built-in FixedWeightPostingSource
// (so the query still runs on a stock remote backend).
#pragma once

#include <xapian.h>

#include <map>
#include <string>

namespace parasearch::detail {

/// The idf a title bonus of body term `term` is weighed by (before its factor): the blended idf
/// (`blend`, query/bm25.hpp) of the more frequent of `term` and its title form; 0 if no title holds
/// `term`. `known` as for with_title_matches.
double title_idf(const std::string &term, const Xapian::Database &db,
                 const std::map<std::string, Xapian::doccount> *known = nullptr, double blend = 0);

/// `q` with every positive, unprefixed term t (outside phrases and NEAR) turned into
/// OR(t, title bonus of t), and every `title:word` leaf into its title score (1 x idf, whatever
/// `weight` is); `weight` 0 adds no bonus to body words. `db` gives the idf (whole index), or
/// `known` (optional: term frequencies gathered in advance, query/bm25.hpp); `blend` chooses it
/// (RankingOptions::idf_blend: 0 = Lucene's).
Xapian::Query with_title_matches(const Xapian::Query &q, const Xapian::Database &db, double weight,
                                 const std::map<std::string, Xapian::doccount> *known = nullptr, double blend = 0);

} // namespace parasearch::detail
