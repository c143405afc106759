#include "query/cjk_phrases.hpp"

#include "query/parsed_query.hpp"
#include "query/query_tree.hpp"
#include "query/query_walk.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {
namespace {

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

/// The phrase of the run of CJK characters `chars` (unigram terms, unprefixed) at query position
/// `pos`: A AB B BC C, where the indexer puts them.
Xapian::Query run_phrase(const std::vector<std::string> &chars, Xapian::termpos pos) {
  std::vector<Xapian::Query> terms;
  for (std::size_t k = 0; k < chars.size(); ++k) {
    terms.emplace_back(chars[k], 1, pos);
    if (k + 1 < chars.size()) terms.emplace_back(chars[k] + chars[k + 1], 1, pos);
  }
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end());
}

/// The phrases of the unquoted CJK runs among the subqueries `subs` of an AND: each run is a sequence
/// of unprefixed CJK leaves at one query position, characters and bigrams, with two characters or more.
std::vector<Xapian::Query> run_phrases(const std::vector<Xapian::Query> &subs) {
  std::vector<Xapian::Query> out;
  std::vector<std::string> chars;
  Xapian::termpos pos = 0;
  bool bigram = false;
  auto flush = [&] {
    if (chars.size() >= 2 && bigram) out.push_back(run_phrase(chars, pos));
    chars.clear();
    bigram = false;
  };
  for (const Xapian::Query &sub : subs) {
    const bool leaf = sub.get_type() == Xapian::Query::LEAF_TERM;
    const std::string term = leaf ? *sub.get_terms_begin() : std::string();
    const std::size_t n = leaf && prefix_length(term) == 0 ? cjk_chars(term) : 0;
    if (n == 0 || n > 2 || (!chars.empty() && leaf_pos(sub) != pos)) flush();
    if (n == 0 || n > 2) continue;
    pos = leaf_pos(sub);
    if (n == 1)
      chars.push_back(term);
    else
      bigram = true;
  }
  flush();
  return out;
}

} // namespace

Xapian::Query boost_cjk_runs(const Xapian::Query &q, const std::string &text, double boost) {
  if (boost <= 0 || !has_cjk(text)) return q;
  return rewrite(
      q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &subs) -> std::optional<Xapian::Query> {
        if (node.get_type() != Xapian::Query::OP_AND) return std::nullopt;
        const std::vector<Xapian::Query> phrases = run_phrases(subs);
        if (phrases.empty()) return std::nullopt;
        std::vector<Xapian::Query> parts{Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end())};
        for (const Xapian::Query &p : phrases)
          parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, p, boost);
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts.begin(), parts.end());
      });
}

bool has_cjk(const std::string &text) {
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it)
    if (is_cjk_codepoint(*it)) return true;
  return false;
}

Xapian::Query cjk_phrases(const Xapian::Query &q, const std::string &text) {
  return rewrite(q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
    return expand(node, text);
  });
}

bool is_cjk_ngram(const std::string &term) { return cjk_chars(term) >= 2; }

} // namespace parasearch::detail
