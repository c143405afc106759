// Private: a parsed query together with what Xapian 1.4 does not tell about it. Its Query offers no
// accessor for a wildcard's pattern or a NEAR/PHRASE window (only debug descriptions, whose format
// is not an interface), so they are recovered from the query text and confirmed by identity: a
// candidate counts only if the query it builds serialises exactly like the node in the tree.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// The most index words one wildcard may expand to, counted over the whole index.
inline constexpr Xapian::termcount kMaxWildcardTerms = 2000;

/// A parsed query, and the patterns of its wildcards.
struct ParsedQuery {
  Xapian::Query query;                          ///< What to run.
  std::map<std::string, std::string> wildcards; ///< Pattern of each wildcard leaf, by the leaf's serialise().
  std::set<std::string> typed_stems;            ///< Terms a wildcard matches besides its pattern's (widen_wildcards).

  /// The pattern (prefix included) of `leaf`, an OP_WILDCARD node of `query`; "" if it is not known.
  std::string pattern_of(const Xapian::Query &leaf) const;
  /// A wildcard over `pattern`, limited to kMaxWildcardTerms words, combined with `combiner`; recorded.
  Xapian::Query make_wildcard(const std::string &pattern, Xapian::Query::op combiner);
};

/// `query` as parsed from `text`, with the pattern of each of its wildcards that `text` shows (a
/// word, lowercased, before a `*`; with the prefix of its field, for `prefixes` maps field → prefix).
ParsedQuery record_wildcards(const Xapian::Query &query, const std::string &text,
                             const std::map<std::string, std::string> &prefixes);

/// The window of `node`, an OP_NEAR or OP_PHRASE node parsed from `text` (a phrase, `NEAR[/n]` or
/// `ADJ[/n]`), or nullopt if it is none of those the query parser makes.
std::optional<Xapian::termcount> window_of(const Xapian::Query &node, const std::string &text);

} // namespace parasearch::detail
