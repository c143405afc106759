#include "query/title_boost.hpp"

#include "parasearch/schema.hpp"
#include "query/bm25.hpp"
#include "query/query_walk.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {
namespace {

/// The title bonus of body term `term`: `weight` x its idf for every paragraph whose title holds it;
/// empty if no title holds it. `blend` chooses the idf (bm25_idf).
Xapian::Query title_bonus(const std::string &term, const Xapian::Database &db, double weight, const TermFreqs *known,
                          double blend) {
  const double idf = weight * title_idf(term, db, known, blend);
  if (idf <= 0) return {};
  Xapian::Query fixed((new Xapian::FixedWeightPostingSource(idf))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, fixed, Xapian::Query(std::string(schema::kPrefixTitle) + term));
}

/// A term leaf with its title bonus: `title:word` scores as one body occurrence would (weight 1, whatever
/// `weight` is); a body word also matches the title, with `weight` (none if it is 0). nullopt for other
/// terms (fields, ids) or none.
std::optional<Xapian::Query> with_bonus(const Xapian::Query &leaf, const Xapian::Database &db, double weight,
                                        const TermFreqs *known, double blend) {
  const std::string term = *leaf.get_terms_begin();
  if (term.starts_with(schema::kPrefixTitle)) {
    Xapian::Query own = title_bonus(term.substr(schema::kPrefixTitle.size()), db, 1.0, known, blend);
    return own.empty() ? std::nullopt : std::optional(own);
  }
  if (weight <= 0 || term.empty() || is_prefixed(term)) return std::nullopt;
  Xapian::Query bonus = title_bonus(term, db, weight, known, blend);
  return bonus.empty() ? std::nullopt : std::optional(Xapian::Query(Xapian::Query::OP_OR, leaf, bonus));
}

} // namespace

double title_idf(const std::string &term, const Xapian::Database &db, const TermFreqs *known, double blend) {
  const Xapian::doccount in_titles = termfreq(db, known, std::string(schema::kPrefixTitle) + term);
  if (in_titles == 0) return 0;
  return bm25_idf(1, 1, std::max(termfreq(db, known, term), in_titles), db.get_doccount(), blend);
}

Xapian::Query with_title_matches(const Xapian::Query &q, const Xapian::Database &db, double weight,
                                 const TermFreqs *known, double blend) {
  if (db.get_doccount() == 0) return q;
  return rewrite(
      q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &subs) -> std::optional<Xapian::Query> {
        switch (node.get_type()) {
        case Xapian::Query::LEAF_TERM: return with_bonus(node, db, weight, known, blend);
        // What follows the first subquery of AND_NOT or FILTER does not score: a title must not change it.
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER: {
          std::vector<Xapian::Query> kept{subs.front()};
          for (std::size_t i = 1; i < node.get_num_subqueries(); ++i)
            kept.push_back(node.get_subquery(i));
          return Xapian::Query(node.get_type(), kept.begin(), kept.end());
        }
        // A synonym group scores as one term; a title bonus inside it would be counted as part of it.
        case Xapian::Query::OP_SYNONYM: return node;
        default: return std::nullopt; // phrases, NEAR, wildcards: as they are; other combiners: rebuilt
        }
      });
}

} // namespace parasearch::detail
