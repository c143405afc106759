#include "query/title_boost.hpp"

#include "parasearch/schema.hpp"
#include "query/bm25.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parasearch::detail {
namespace {

/// The title bonus of body term `term`: `weight` x its idf for every paragraph whose title holds it.
Xapian::Query title_bonus(const std::string &term, const Xapian::Database &db, double weight) {
  const std::string title_term = std::string(schema::kPrefixTitle) + term;
  const Xapian::doccount in_titles = db.get_termfreq(title_term);
  if (in_titles == 0) return {};
  const double docs = db.get_doccount();
  const double idf = bm25_idf(weight, 1, std::max(db.get_termfreq(term), in_titles), docs);
  if (idf <= 0) return {};
  Xapian::Query fixed((new Xapian::FixedWeightPostingSource(idf))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, fixed, Xapian::Query(title_term));
}

bool is_prefixed(const std::string &term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

Xapian::Query rewrite(const Xapian::Query &q, const Xapian::Database &db, double weight) {
  const auto op = q.get_type();
  if (op == Xapian::Query::LEAF_TERM) {
    const std::string term = *q.get_terms_begin();
    if (term.starts_with(schema::kPrefixTitle)) { // title:word, asked for: scores as one body occurrence would
      Xapian::Query own = title_bonus(term.substr(schema::kPrefixTitle.size()), db, 1.0);
      return own.empty() ? q : own;
    }
    if (term.empty() || is_prefixed(term)) return q;
    Xapian::Query bonus = title_bonus(term, db, weight);
    return bonus.empty() ? q : Xapian::Query(Xapian::Query::OP_OR, q, bonus);
  }
  // Only plain boolean structure is rebuilt. Phrases and NEAR take leaf terms only; a synonym group
  // scores as one term; wildcards, scaled and other subqueries stay as they are.
  switch (op) {
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_XOR:
  case Xapian::Query::OP_MAX: break;
  default: return q;
  }
  std::vector<Xapian::Query> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const Xapian::Query sub = q.get_subquery(i);
    // What follows the first subquery of AND_NOT or FILTER does not score: a title must not change it.
    const bool positive = i == 0 || (op != Xapian::Query::OP_AND_NOT && op != Xapian::Query::OP_FILTER);
    subs.push_back(positive ? rewrite(sub, db, weight) : sub);
  }
  return Xapian::Query(op, subs.begin(), subs.end());
}

} // namespace

Xapian::Query with_title_matches(const Xapian::Query &q, const Xapian::Database &db, double weight) {
  if (weight <= 0 || db.get_doccount() == 0) return q;
  return rewrite(q, db, weight);
}

} // namespace parasearch::detail
