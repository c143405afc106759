#include "query/cjk_phrases.hpp"

#include "query/parsed_query.hpp"
#include "query/query_tree.hpp"
#include "query/query_walk.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {
namespace {

/// The length of the field prefix (capitals) at the start of `term`.
std::size_t prefix_length(const std::string &term) {
  std::size_t n = 0;
  while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z')
    ++n;
  return n;
}

/// The number of CJK characters of `term` after its prefix, or 0 if anything else follows the prefix.
std::size_t cjk_chars(const std::string &term) {
  const std::size_t skip = prefix_length(term);
  std::size_t n = 0;
  for (Xapian::Utf8Iterator it(term.data() + skip, term.size() - skip); it != Xapian::Utf8Iterator(); ++it) {
    if (!is_cjk_codepoint(*it)) return 0;
    ++n;
  }
  return n;
}

/// The phrase `phrase` with its CJK runs expanded, or nullopt if it has none of two characters or more.
std::optional<Xapian::Query> expand(const Xapian::Query &phrase, const std::string &text) {
  const std::size_t n = phrase.get_num_subqueries();
  std::vector<Xapian::Query> terms;
  bool changed = false;
  for (std::size_t i = 0; i < n;) {
    const Xapian::Query leaf = phrase.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM || cjk_chars(*leaf.get_terms_begin()) != 1) {
      terms.push_back(leaf);
      ++i;
      continue;
    }
    // A run: the following single CJK characters the parser gave the same query position.
    const Xapian::termpos pos = leaf_pos(leaf);
    std::size_t end = i + 1;
    while (end < n) {
      const Xapian::Query next = phrase.get_subquery(end);
      if (next.get_type() != Xapian::Query::LEAF_TERM || cjk_chars(*next.get_terms_begin()) != 1 ||
          leaf_pos(next) != pos)
        break;
      ++end;
    }
    for (std::size_t k = i; k < end; ++k) {
      const std::string term = *phrase.get_subquery(k).get_terms_begin();
      terms.emplace_back(term, 1, pos);
      if (k + 1 < end) {
        const std::string next = *phrase.get_subquery(k + 1).get_terms_begin();
        terms.emplace_back(term + next.substr(prefix_length(next)), 1, pos);
        changed = true;
      }
    }
    i = end;
  }
  if (!changed) return std::nullopt;
  if (terms.size() == 1) return terms.front();
  const Xapian::termcount window = window_of(phrase, text).value_or(0); // unknown: a plain phrase
  const auto added = static_cast<Xapian::termcount>(terms.size() - n);
  // A phrase's window is its length (0 means that too); ADJ/n keeps its slack.
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window > n ? window + added : 0);
}

} // namespace

Xapian::Query cjk_phrases(const Xapian::Query &q, const std::string &text) {
  return rewrite(q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
    return expand(node, text);
  });
}

bool is_cjk_ngram(const std::string &term) { return cjk_chars(term) >= 2; }

} // namespace parasearch::detail
