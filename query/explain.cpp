#include "query/explain.hpp"

#include "index/document.hpp"
#include "index/record.hpp"
#include "parasearch/schema.hpp"
#include "query/bm25.hpp"
#include "query/cjk_phrases.hpp"
#include "query/query_tree.hpp"
#include "query/query_walk.hpp"
#include "query/title_boost.hpp"

#include <cstdio>
#include <optional>
#include <set>
#include <vector>

namespace parasearch::detail {
namespace {

/// The boolean query matching only the paragraph stored as `doc`: its unique `Q` term. A filter, not
/// a MatchDecider, so the explanation also runs on remote shards (xapian-tcpsrv takes no decider).
Xapian::Query only_paragraph(const Xapian::Document &doc) {
  const std::optional<StoredParagraph> p = decode_paragraph(doc.get_data());
  return Xapian::Query(p ? DocumentBuilder::uid_term(p->file_id, p->number) : std::string("Q"));
}

std::string format_weight(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%8.3f", w);
  return buf;
}

/// The weight `q` alone gives the paragraph `only` accepts (0 if it does not match).
double weight_in(const Xapian::Database &db, const Xapian::Query &q, const Xapian::Query &only,
                 const RankingOptions &ranking) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, only));
  enquire.set_weighting_scheme(bm25_weight(ranking));
  const Xapian::MSet m = enquire.get_mset(0, 1);
  return m.empty() ? 0.0 : m.begin().get_weight();
}

/// `q` without the OP_SCALE_WEIGHT that with_lucene_idf (query/bm25.hpp) puts around a term, a
/// wildcard or a synonym group; `q` itself if it is none of those.
Xapian::Query unscaled(const Xapian::Query &q) {
  if (q.get_type() != Xapian::Query::OP_SCALE_WEIGHT) return q;
  Xapian::Query inner = q.get_subquery(0);
  switch (inner.get_type()) {
  case Xapian::Query::LEAF_TERM:
  case Xapian::Query::OP_WILDCARD:
  case Xapian::Query::OP_SYNONYM: return inner;
  default: return q;
  }
}

/// True for a title bonus (query/title_boost.hpp): a fixed weight filtered by a title term.
bool is_title_bonus(const Xapian::Query &q) {
  return q.get_type() == Xapian::Query::OP_FILTER && q.get_num_subqueries() == 2 &&
         q.get_subquery(0).get_type() == Xapian::Query::LEAF_POSTING_SOURCE;
}

/// True for OP_PHRASE and OP_NEAR.
bool is_windowed(Xapian::Query::op op) { return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR; }

/// The phrase or NEAR group `q` is: `q` itself, or the unweighted one of the AND_MAYBE that
/// with_lucene_idf (query/bm25.hpp) makes of it; an empty query for anything else.
Xapian::Query windowed_of(const Xapian::Query &q) {
  if (is_windowed(q.get_type())) return q;
  if (q.get_type() != Xapian::Query::OP_AND_MAYBE || !is_unweighted(q.get_subquery(0))) return {};
  const Xapian::Query inner = q.get_subquery(0).get_subquery(0);
  return is_windowed(inner.get_type()) ? inner : Xapian::Query();
}

/// True for the in-sequence bonus of an unquoted CJK run (query/cjk_phrases.hpp): a scaled phrase.
bool is_run_bonus(const Xapian::Query &q) {
  return q.get_type() == Xapian::Query::OP_SCALE_WEIGHT && q.get_num_subqueries() == 1 &&
         windowed_of(q.get_subquery(0)).get_type() == Xapian::Query::OP_PHRASE;
}

/// The pattern of wildcard `q` (an OP_WILDCARD of `parsed`, or the synonym group of its words that
/// with_lucene_idf makes of it: the longest pattern of `parsed` that starts each of its words, but
/// for the stem widen_wildcards added); "" if unknown.
std::string wildcard_pattern(const Xapian::Query &q, const ParsedQuery &parsed) {
  if (q.get_type() == Xapian::Query::OP_WILDCARD) return parsed.pattern_of(q);
  std::string best;
  for (const auto &[serialised, pattern] : parsed.wildcards) {
    bool all = pattern.size() > best.size();
    for (auto t = q.get_terms_begin(); all && t != q.get_terms_end(); ++t)
      all = (*t).starts_with(pattern) || parsed.typed_stems.count(*t) > 0;
    if (all) best = pattern;
  }
  return best;
}

/// The characters of the CJK run whose phrase (characters and bigrams) is `phrase`.
std::string run_text(const Xapian::Query &phrase) {
  std::string out;
  for (std::size_t i = 0; i < phrase.get_num_subqueries(); ++i)
    if (const std::string term = *phrase.get_subquery(i).get_terms_begin(); !is_cjk_ngram(term)) out += term;
  return out;
}

/// The positive scoring units of `q`, left to right, each once (`seen` holds their serialised forms:
/// the same term at another query position is another leaf): terms, wildcards and synonym groups
/// (each with its idf scale), title bonuses, CJK run bonuses, phrases and NEAR groups, which score only
/// where they match (their words may stand apart elsewhere), and AND_NOT groups, which score only where
/// their right side does not match (a compound's joined word is added as "joined AND_NOT original":
/// query/compounds.hpp).
std::vector<Xapian::Query> scoring_units(const Xapian::Query &q, std::set<std::string> &seen) {
  std::vector<Xapian::Query> out;
  visit(q, Descend::kPositive, [&](const Xapian::Query &node) {
    if (is_unweighted(node)) return false; // a phrase that only says where its scaled words weigh
    const auto op = unscaled(node).get_type();
    if (op != Xapian::Query::LEAF_TERM && op != Xapian::Query::OP_WILDCARD && op != Xapian::Query::OP_SYNONYM &&
        op != Xapian::Query::OP_AND_NOT && windowed_of(node).empty() && !is_title_bonus(node) && !is_run_bonus(node))
      return true;
    if (seen.insert(node.serialise()).second) out.push_back(node);
    return false;
  });
  return out;
}

} // namespace

std::string explain(const Xapian::Database &db, const ExplainedHit &hit, const Xapian::Document &doc,
                    const Xapian::Query &query, const ParsedQuery &parsed, const RankingOptions &ranking) {
  const Xapian::docid id = hit.did;
  const Xapian::Query only = only_paragraph(doc);
  std::string out;
  char head[300];
  const std::string floor =
      ranking.length_floor > 0
          ? ", counted as at least " + std::to_string(ranking.length_floor).substr(0, 4) + " x average"
          : "";
  const std::string idf = ranking.idf_blend >= 1  ? ", Xapian's idf"
                          : ranking.idf_blend > 0 ? ", idf " + std::to_string(ranking.idf_blend).substr(0, 4) +
                                                        " x Xapian's + the rest Lucene's"
                                                  : "";
  std::snprintf(head, sizeof head, "%s  total: BM25 (k1=%g, b=%g%s%s), passage of %u words (average %.1f)\n",
                format_weight(hit.score).c_str(), ranking.k1, ranking.b, floor.c_str(), idf.c_str(),
                db.get_doclength(id), db.get_avlength());
  out += head;
  std::set<std::string> seen;
  std::vector<Xapian::Query> units = scoring_units(query, seen);
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Xapian::Query unit = units[i];
    const double w = weight_in(db, unit, only, ranking);
    const Xapian::Query leaf = unscaled(unit);
    if (w == 0) continue;
    if (leaf.get_type() == Xapian::Query::OP_AND_NOT || !windowed_of(leaf).empty()) {
      // It scores here: list what scores inside it (the left side of AND_NOT; a phrase's words).
      const std::size_t parts = leaf.get_type() == Xapian::Query::OP_AND_NOT ? 1 : leaf.get_num_subqueries();
      std::vector<Xapian::Query> inner;
      for (std::size_t k = 0; k < parts; ++k) {
        const std::vector<Xapian::Query> more = scoring_units(leaf.get_subquery(k), seen);
        inner.insert(inner.end(), more.begin(), more.end());
      }
      units.insert(units.begin() + static_cast<std::ptrdiff_t>(i) + 1, inner.begin(), inner.end());
      continue;
    }
    if (is_title_bonus(leaf)) {
      const std::string term = (*leaf.get_subquery(1).get_terms_begin()).substr(schema::kPrefixTitle.size());
      // The factor as title_boost.cpp applied it: --title-weight for a body word, 1 for title:word.
      const double base = title_idf(term, db, nullptr, ranking.idf_blend);
      char factor[32];
      std::snprintf(factor, sizeof factor, "%.2f", base > 0 ? w / base : 0.0);
      out +=
          format_weight(w) + "  title bonus: the document's title holds '" + term + "' (x" + factor + " of its idf)\n";
      continue;
    }
    if (is_run_bonus(leaf)) {
      out += format_weight(w) + "  '" + run_text(windowed_of(leaf.get_subquery(0))) + "' in sequence (x" +
             std::to_string(kCjkRunBoost).substr(0, 4) + " of its characters' and bigrams' weights)\n";
      continue;
    }
    if (leaf.get_type() == Xapian::Query::OP_WILDCARD || leaf.get_type() == Xapian::Query::OP_SYNONYM) {
      const std::string pattern = wildcard_pattern(leaf, parsed);
      if (pattern.empty() && leaf.get_type() == Xapian::Query::OP_SYNONYM && leaf.get_num_subqueries() > 1 &&
          leaf.get_subquery(0).get_type() == Xapian::Query::LEAF_TERM) { // query/compounds.hpp: split_compounds
        out += format_weight(w) + "  '" + leaf_term(leaf.get_subquery(0)) +
               "', written as one word or apart (weighed as one word)\n";
        continue;
      }
      out += format_weight(w) + "  wildcard" + (pattern.empty() ? "" : " '" + pattern + "*'") + "\n";
      continue;
    }
    const std::string term = leaf_term(leaf);
    auto p = db.postlist_begin(term);
    p.skip_to(id);
    const Xapian::termcount wdf = p != db.postlist_end(term) && *p == id ? p.get_wdf() : 0;
    const std::string shown =
        term.starts_with(schema::kPrefixTitle) ? "title:" + term.substr(schema::kPrefixTitle.size()) : term;
    out += format_weight(w) + "  '" + shown + "': " + std::to_string(wdf) + (wdf == 1 ? " time" : " times") +
           " here, in " + std::to_string(db.get_termfreq(term)) + " of " + std::to_string(db.get_doccount()) +
           " passages\n";
  }
  if (hit.bonus > 0)
    out += format_weight(hit.bonus) + "  proximity bonus: neighbouring query words within " +
           std::to_string(ranking.proximity_window) + " words (x" + std::to_string(ranking.proximity).substr(0, 4) +
           " of their weights)\n";
  else if (hit.rank > hit.depth && hit.depth > 0)
    out += format_weight(0) + "  proximity bonus: not computed (only the top " + std::to_string(hit.depth) +
           " passages get it)\n";
  return out;
}

} // namespace parasearch::detail
