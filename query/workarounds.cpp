#include "query/workarounds.hpp"

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

} // namespace

Xapian::Query replace_xor(const Xapian::Query &q) {
  bool changed = false;
  Xapian::Query out = rewrite(q, changed);
  return changed ? out : q;
}

} // namespace parasearch::detail
