// Private: the one walk over a parsed Xapian::Query tree. Everything that reads a query (the words to
// highlight, the leaves to explain, the wildcards to check) visits it with visit(); everything that
// changes one (wildcard folding, the XOR workaround, stop words in phrases) rebuilds it with rewrite().
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {

/// True for a term carrying a prefix (a title word, a path field, an id): prefixes are capitals.
inline bool is_prefixed(const std::string &term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

/// The length of the field prefix (capitals) at the start of `term`: 0 for an unprefixed term.
inline std::size_t prefix_length(const std::string &term) {
  std::size_t n = 0;
  while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z')
    ++n;
  return n;
}

/// Which subqueries of a node visit() goes into.
enum class Descend {
  kAll,      ///< Every subquery.
  kPositive, ///< Only those that can make a passage match and score: the first of AND_NOT and FILTER.
};

/// True for the operators the query parser nests other queries under, whose subqueries rewrite()
/// rebuilds (phrases, NEAR, wildcards, ranges and the like are rebuilt by a `replace` callback).
inline bool is_combiner(Xapian::Query::op op) {
  switch (op) {
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX:
  case Xapian::Query::OP_XOR: return true;
  default: return false;
  }
}

/// Calls `fn(node)` on `q` and then on its subqueries, depth first, left to right. `fn` returns true
/// to go into the node's subqueries (as `descend` allows), false to skip them.
template <typename Fn> void visit(const Xapian::Query &q, Descend descend, const Fn &fn) {
  if (!fn(q)) return;
  const auto op = q.get_type();
  const bool positive_only =
      descend == Descend::kPositive && (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER);
  const std::size_t n = positive_only ? std::min<std::size_t>(q.get_num_subqueries(), 1) : q.get_num_subqueries();
  for (std::size_t i = 0; i < n; ++i)
    visit(q.get_subquery(i), descend, fn);
}

/// Rebuilds `q` bottom up. The subqueries of combiners (is_combiner) are rewritten first; then
/// `replace(node, subs)` sees the node with its rewritten subqueries (empty for any other node, whose
/// subqueries it may read itself) and returns its replacement, or nullopt to keep it (a combiner is
/// then rebuilt only if a subquery changed). Sets `changed` if anything was replaced.
template <typename Replace> Xapian::Query rewrite(const Xapian::Query &q, const Replace &replace, bool &changed) {
  const auto op = q.get_type();
  std::vector<Xapian::Query> subs;
  bool sub_changed = false;
  if (is_combiner(op))
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
      subs.push_back(rewrite(q.get_subquery(i), replace, sub_changed));
  if (std::optional<Xapian::Query> r = replace(q, subs)) {
    changed = true;
    return *r;
  }
  changed |= sub_changed;
  return sub_changed ? Xapian::Query(op, subs.begin(), subs.end()) : q;
}

/// rewrite() from the root: `q` itself if nothing was replaced.
template <typename Replace> Xapian::Query rewrite(const Xapian::Query &q, const Replace &replace) {
  bool changed = false;
  return rewrite(q, replace, changed);
}

} // namespace parasearch::detail
