// Private: the words of a parsed query as the user typed them, by their position in the query, for
// rewrites that must decide on the word rather than on its stem (stop words in phrases, compounds).
// Walking and rebuilding query trees is query/query_walk.hpp's job.
#pragma once

#include <xapian.h>

#include <map>
#include <string>

namespace parasearch::detail {

/// Query position (Xapian's term position within the query) → the word typed there, lowercased,
/// without its field prefix.
using TypedWords = std::map<Xapian::termpos, std::string>;

/// The typed words of `query`, read from a second parse of it by `parser` with stemming off (the
/// parser numbers words the same way whatever the stemming). `parser` must use STEM_ALL, which it is
/// given back. Parse it for real after this call: parse_query() resets the parser's unstem list.
TypedWords typed_words(Xapian::QueryParser &parser, const std::string &query, unsigned flags);

/// The query position of the leaf term `leaf` (read from its description), or 0 if it has none.
Xapian::termpos leaf_pos(const Xapian::Query &leaf);

/// The within-query frequency (wqf) of the leaf term `leaf`, read from its description and confirmed
/// by identity (a leaf of that term, wqf and position serialises like it); 1 if it cannot be told.
Xapian::termcount leaf_wqf(const Xapian::Query &leaf);

/// The term of the leaf `leaf`; "" for Query::MatchAll (whose term iterator is empty) or a non-leaf.
std::string leaf_term(const Xapian::Query &leaf);

/// The word typed at the position of leaf `leaf`, or "" if unknown.
std::string typed_word(const TypedWords &typed, const Xapian::Query &leaf);

/// True if `leaf` is a term whose typed word (else the term itself) is a stop word of `stopper`: the
/// indexer decides on the word in the text, never on its stem ("Doe" and "does" both stem to "doe").
bool is_stopped_leaf(const Xapian::Query &leaf, const Xapian::Stopper &stopper, const TypedWords &typed);

} // namespace parasearch::detail
