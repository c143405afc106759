#include "query/workarounds.hpp"

#include "common/fold.hpp"
#include "query/query_tree.hpp"
#include "query/snippet.hpp"

#include <optional>
#include <vector>

namespace parasearch::detail {

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
