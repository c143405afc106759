#include "query/workarounds.hpp"

#include "common/fold.hpp"
#include "query/snippet.hpp"

#include <optional>
#include <vector>

namespace parasearch::detail {
namespace {

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

} // namespace

Xapian::Query fold_wildcards(const Xapian::Query &q, Xapian::termcount max_expansion) {
  return rewrite(q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::OP_WILDCARD) return std::nullopt;
    const std::string pattern = wildcard_pattern(node);
    const std::string folded = normalise_word(pattern);
    if (pattern.empty() || folded == pattern) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_WILDCARD, folded, max_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::Query::OP_SYNONYM);
  });
}

Xapian::Query replace_xor(const Xapian::Query &q) {
  return rewrite(q,
                 [](const Xapian::Query &node, const std::vector<Xapian::Query> &subs) -> std::optional<Xapian::Query> {
                   if (node.get_type() != Xapian::Query::OP_XOR) return std::nullopt;
                   Xapian::Query acc = subs.empty() ? Xapian::Query() : subs.front();
                   for (std::size_t i = 1; i < subs.size(); ++i)
                     acc = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, acc, subs[i]),
                                         Xapian::Query(Xapian::Query::OP_AND, acc, subs[i]));
                   return acc;
                 });
}

} // namespace parasearch::detail
