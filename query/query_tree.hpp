// Private: reading and rewriting parsed queries: the words as the user typed them (by their position
// in the query, for rewrites that must decide on the word rather than on its stem: stop words in
// phrases, compounds), a leaf's position, a phrase's window, and a bottom-up rewriter.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Query position (Xapian's term position within the query) → the word typed there, lowercased,
/// without its field prefix.
using TypedWords = std::map<Xapian::termpos, std::string>;

/// The typed words of `query`, read from a second parse of it by `parser` with stemming off (the
/// parser numbers words the same way whatever the stemming). `parser` must use STEM_ALL, which it is
/// given back. Parse it for real after this call: parse_query() resets the parser's unstem list.
TypedWords typed_words(Xapian::QueryParser &parser, const std::string &query, unsigned flags);

/// The query position of the leaf term `leaf` (its description is "term@pos"), or 0 if it has none.
Xapian::termpos leaf_pos(const Xapian::Query &leaf);

/// The word typed at the position of leaf `leaf`, or "" if unknown.
std::string typed_word(const TypedWords &typed, const Xapian::Query &leaf);

/// The window of a NEAR or PHRASE node as its description shows it ("(a@1 PHRASE 2 b@2)"), or 0.
Xapian::termcount window_of(const Xapian::Query &q);

/// Rebuilds `q` bottom up through the operators the query parser nests queries under (anything else
/// — terms, phrases, wildcards, ranges — is a leaf). `replace(node, subs)` sees each node with its
/// children already rewritten (none for a leaf) and returns its replacement, or nullopt to keep it
/// (an operator is then rebuilt only if a child changed). Sets `changed` if anything was replaced.
template <typename Replace> Xapian::Query rewrite(const Xapian::Query &q, const Replace &replace, bool &changed) {
  const auto op = q.get_type();
  std::vector<Xapian::Query> subs;
  bool sub_changed = false;
  switch (op) {
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX:
  case Xapian::Query::OP_XOR:
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
      subs.push_back(rewrite(q.get_subquery(i), replace, sub_changed));
    break;
  default: break;
  }
  if (std::optional<Xapian::Query> r = replace(q, subs)) {
    changed = true;
    return *r;
  }
  changed |= sub_changed;
  return sub_changed ? Xapian::Query(op, subs.begin(), subs.end()) : q;
}

/// rewrite() from the root (`q` itself if nothing was replaced).
template <typename Replace> Xapian::Query rewrite(const Xapian::Query &q, const Replace &replace) {
  bool changed = false;
  return rewrite(q, replace, changed);
}

} // namespace parasearch::detail
