#include "query/workarounds.hpp"

#include "common/fold.hpp"
#include "query/snippet.hpp"

#include <vector>

namespace parasearch::detail {
namespace {

// Rewrites `q`; sets `changed` if it held an XOR. Only the operators the query parser nests XOR under
// are rebuilt; anything else (terms, phrases, wildcards, ranges) is returned as it is.
Xapian::Query rewrite(const Xapian::Query &q, bool &changed) {
  const auto op = q.get_type();
  switch (op) {
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX:
  case Xapian::Query::OP_XOR: break;
  default: return q;
  }
  bool sub_changed = false;
  std::vector<Xapian::Query> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    subs.push_back(rewrite(q.get_subquery(i), sub_changed));
  if (op != Xapian::Query::OP_XOR) {
    if (!sub_changed) return q;
    changed = true;
    return Xapian::Query(op, subs.begin(), subs.end());
  }
  changed = true;
  Xapian::Query acc = subs.empty() ? Xapian::Query() : subs.front();
  for (std::size_t i = 1; i < subs.size(); ++i)
    acc = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, acc, subs[i]),
                        Xapian::Query(Xapian::Query::OP_AND, acc, subs[i]));
  return acc;
}

// The same walk for wildcards: `q` with folded wildcard patterns; sets `changed` if any was folded.
Xapian::Query fold(const Xapian::Query &q, Xapian::termcount max_expansion, bool &changed) {
  const auto op = q.get_type();
  if (op == Xapian::Query::OP_WILDCARD) {
    const std::string pattern = wildcard_pattern(q);
    const std::string folded = normalise_word(pattern);
    if (pattern.empty() || folded == pattern) return q;
    changed = true;
    return Xapian::Query(Xapian::Query::OP_WILDCARD, folded, max_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::Query::OP_SYNONYM);
  }
  switch (op) {
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX:
  case Xapian::Query::OP_XOR: break;
  default: return q; // the parser puts no wildcard under other operators
  }
  bool sub_changed = false;
  std::vector<Xapian::Query> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    subs.push_back(fold(q.get_subquery(i), max_expansion, sub_changed));
  if (!sub_changed) return q;
  changed = true;
  return Xapian::Query(op, subs.begin(), subs.end());
}

} // namespace

Xapian::Query fold_wildcards(const Xapian::Query &q, Xapian::termcount max_expansion) {
  bool changed = false;
  Xapian::Query out = fold(q, max_expansion, changed);
  return changed ? out : q;
}

Xapian::Query replace_xor(const Xapian::Query &q) {
  bool changed = false;
  Xapian::Query out = rewrite(q, changed);
  return changed ? out : q;
}

} // namespace parasearch::detail
