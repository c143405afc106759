#include "query/query_tree.hpp"

#include "query/query_walk.hpp"

namespace parasearch::detail {
namespace {

/// Adds the leaves of `q` to `out`.
void collect(const Xapian::Query &q, TypedWords &out) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    const Xapian::termpos pos = leaf_pos(q);
    if (pos == 0) return;
    const std::string term = *q.get_terms_begin(); // a copy: the iterator yields a temporary
    // Field prefixes are capitals, followed by ':' when the word starts with one too.
    std::size_t skip = prefix_length(term);
    if (skip > 0 && skip < term.size() && term[skip] == ':') ++skip;
    out[pos] = term.substr(skip);
    return;
  }
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    collect(q.get_subquery(i), out);
}

} // namespace

TypedWords typed_words(Xapian::QueryParser &parser, const std::string &query, unsigned flags) {
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
  Xapian::Query q;
  try {
    q = parser.parse_query(query, flags);
  } catch (...) {
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    throw;
  }
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  TypedWords out;
  collect(q, out);
  return out;
}

Xapian::termpos leaf_pos(const Xapian::Query &leaf) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return 0;
  // Xapian 1.4 offers no accessor for a leaf's query position (a query's term iterator has no
  // positions), so it is read from the description, "Query(term#wqf@pos)" (as leaf_wqf reads the wqf).
  const std::string d = leaf.get_description();
  const std::size_t at = d.rfind('@');
  if (at == std::string::npos) return 0;
  Xapian::termpos pos = 0;
  for (std::size_t i = at + 1; i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i)
    pos = pos * 10 + static_cast<Xapian::termpos>(d[i] - '0');
  return pos;
}

std::string leaf_term(const Xapian::Query &leaf) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return {};
  const auto t = leaf.get_terms_begin();
  return t == leaf.get_terms_end() ? std::string() : std::string(*t);
}

Xapian::termcount leaf_wqf(const Xapian::Query &leaf) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return 1;
  const std::string term = leaf_term(leaf);
  const Xapian::termpos pos = leaf_pos(leaf);
  const std::string serialised = leaf.serialise();
  if (Xapian::Query(term, 1, pos).serialise() == serialised) return 1; // what the query parser makes
  // "Query(term#wqf@pos)" (no "#wqf" when it is 1, no "@pos" when 0): the digits after the last '#'.
  const std::string d = leaf.get_description();
  const std::size_t hash = d.rfind('#');
  if (hash == std::string::npos) return 1;
  Xapian::termcount wqf = 0;
  for (std::size_t i = hash + 1; i < d.size() && d[i] >= '0' && d[i] <= '9' && wqf < 100000000; ++i)
    wqf = wqf * 10 + static_cast<Xapian::termcount>(d[i] - '0');
  return Xapian::Query(term, wqf, pos).serialise() == serialised ? wqf : 1;
}

std::string typed_word(const TypedWords &typed, const Xapian::Query &leaf) {
  const auto it = typed.find(leaf_pos(leaf));
  return it == typed.end() ? std::string() : it->second;
}

bool is_stopped_leaf(const Xapian::Query &leaf, const Xapian::Stopper &stopper, const TypedWords &typed) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return false;
  const std::string word = typed_word(typed, leaf);
  return stopper(word.empty() ? std::string(*leaf.get_terms_begin()) : word);
}

} // namespace parasearch::detail
