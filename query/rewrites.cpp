#include "query/rewrites.hpp"

#include "common/fold.hpp"
#include "query/query_walk.hpp"

#include <optional>
#include <vector>

namespace parasearch::detail {

void fold_wildcards(ParsedQuery &q) {
  q.query = rewrite(q.query,
                    [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
                      if (node.get_type() != Xapian::Query::OP_WILDCARD) return std::nullopt;
                      const std::string pattern = q.pattern_of(node);
                      const std::string folded = normalise_word(pattern);
                      if (pattern.empty() || folded == pattern) return std::nullopt;
                      return q.make_wildcard(folded, Xapian::Query::OP_SYNONYM);
                    });
}

void widen_wildcards(ParsedQuery &q, const Xapian::Stem &stem) {
  q.query = rewrite(q.query,
                    [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
                      if (node.get_type() != Xapian::Query::OP_WILDCARD) return std::nullopt;
                      const std::string pattern = q.pattern_of(node);
                      const std::size_t field = prefix_length(pattern); // title:nations* has one
                      const std::string word = pattern.substr(field);
                      if (word.empty()) return std::nullopt;
                      const std::string stemmed = stem(word);
                      if (stemmed.empty() || stemmed.starts_with(word)) return std::nullopt; // matched already
                      const std::string term = pattern.substr(0, field) + stemmed;
                      q.typed_stems.insert(term);
                      return Xapian::Query(Xapian::Query::OP_SYNONYM, node, Xapian::Query(term));
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

Xapian::Query drop_stopwords_in_phrases(const Xapian::Query &q, const std::string &text, const Xapian::Stopper &stopper,
                                        const TypedWords &typed) {
  return rewrite(q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    const auto op = node.get_type();
    if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR) return std::nullopt;
    std::vector<Xapian::Query> kept;
    for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
      const Xapian::Query sub = node.get_subquery(i);
      if (!is_stopped_leaf(sub, stopper, typed)) kept.push_back(sub);
    }
    const auto dropped = static_cast<Xapian::termcount>(node.get_num_subqueries() - kept.size());
    if (dropped == 0) return std::nullopt;
    if (kept.empty()) return Xapian::Query();
    if (kept.size() == 1) return kept.front();
    const std::optional<Xapian::termcount> window = window_of(node, text);
    if (!window) return std::nullopt;
    // A phrase's window is its length; a NEAR keeps its slack.
    const Xapian::termcount shrunk = op == Xapian::Query::OP_PHRASE ? 0 : (*window > dropped ? *window - dropped : 0);
    return Xapian::Query(op, kept.begin(), kept.end(), shrunk);
  });
}

} // namespace parasearch::detail
