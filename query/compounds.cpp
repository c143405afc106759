#include "query/compounds.hpp"

#include "common/compounds.hpp"

#include "query/cjk_phrases.hpp"
#include "query/parsed_query.hpp"
#include "query/query_walk.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parasearch::detail {
namespace {

constexpr std::size_t kMaxWordBytes = 64; // TermGenerator drops longer words
/// The query position of every joined term this file adds (the parser numbers words from 1 up).
constexpr Xapian::termpos kJoinedPos = 0xFFFFFFF0;
/// CompoundSplits forgets what it learnt when it knows this many terms.
constexpr std::size_t kMaxKnownTerms = 100000;

/// The word typed for leaf `leaf` if it can be part of a compound: an unprefixed term made of letters
/// and digits (no CJK); else "".
std::string part_of(const Xapian::Query &leaf, const TypedWords &typed) {
  if (leaf.get_type() != Xapian::Query::LEAF_TERM) return {};
  const std::string term = *leaf.get_terms_begin();
  if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return {};
  std::string word = typed_word(typed, leaf);
  for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it)
    if (is_cjk_codepoint(*it) || !Xapian::Unicode::is_wordchar(*it)) return {};
  return word;
}

/// The stemmed join of `words` if it is a word of `db` and, where `db` knows the joined word's
/// hyphenated spellings (its synonym table), one of them is `words`; else "".
std::string joined_term(const std::vector<std::string> &words, const Xapian::Stem &stem, const Xapian::Database &db) {
  std::string joined;
  for (const std::string &w : words)
    joined += w;
  if (joined.size() > kMaxWordBytes) return {};
  std::string term = stem(joined);
  // "must" + "fully" stems to "must": a joined form that is one of its own parts would add every
  // passage holding that part (found by the differential test).
  for (const std::string &w : words)
    if (stem(w) == term) return {};
  if (term.empty() || !db.term_exists(term)) return {};
  // Where the index saw the compound hyphenated, its split must be these words: "new foundations"
  // joins to "newfound", the stem of "new-found", whose split "new found" it is not.
  std::string split;
  for (const std::string &w : words) {
    if (!split.empty()) split += ' ';
    split += stem(w);
  }
  bool seen = false;
  for (auto s = db.synonyms_begin(term); s != db.synonyms_end(term); ++s) {
    if (*s == split) return term;
    seen = true;
  }
  return seen ? std::string() : term;
}

/// `original` OR `joined` where `original` does not match: passages that match as before keep their
/// weight (a hyphenated compound, indexed both ways, is not counted twice); passages with only the
/// joined spelling are added, weighted by it.
Xapian::Query or_else(const Xapian::Query &original, const Xapian::Query &joined) {
  return Xapian::Query(Xapian::Query::OP_OR, original, Xapian::Query(Xapian::Query::OP_AND_NOT, joined, original));
}

/// Joined term `joined` and the phrases `apart` of its parts as one word: a synonym group, weighed by
/// the group's frequency, where a passage holding both spellings counts once.
Xapian::Query one_word(const Xapian::Query &joined, const std::vector<Xapian::Query> &apart) {
  std::vector<Xapian::Query> spellings{joined};
  for (const Xapian::Query &phrase : apart)
    spellings.emplace_back(Xapian::Query::OP_AND_NOT, phrase, joined);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
}

/// True if leaves `a` then `b` were typed as neighbouring words (consecutive query positions).
bool neighbours(const Xapian::Query &a, const Xapian::Query &b) {
  const Xapian::termpos pa = leaf_pos(a);
  return pa != 0 && leaf_pos(b) == pa + 1;
}

/// The phrase `phrase` OR'ed (as synonyms) with its variants where neighbouring parts are joined; nullopt
/// if none of the joined words is in the index.
std::optional<Xapian::Query> expand_phrase(const Xapian::Query &phrase, const TypedWords &typed,
                                           const Xapian::Stem &stem, const Xapian::Database &db,
                                           const std::string &text) {
  const std::size_t n = phrase.get_num_subqueries();
  std::vector<Xapian::Query> leaves;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < n; ++i) {
    leaves.push_back(phrase.get_subquery(i));
    words.push_back(part_of(leaves.back(), typed));
  }
  const Xapian::termcount window = window_of(phrase, text).value_or(0); // unknown: a plain phrase
  if (window > n) return std::nullopt;                                  // ADJ/n: not a phrase of neighbouring words
  std::vector<Xapian::Query> variants{phrase};
  // Joins leaves [from, to) into `term`: the variant phrase, or the bare term if nothing is left.
  auto add_variant = [&](std::size_t from, std::size_t to, const std::string &term) {
    std::vector<Xapian::Query> subs(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(from));
    subs.emplace_back(term, 1, kJoinedPos);
    subs.insert(subs.end(), leaves.begin() + static_cast<std::ptrdiff_t>(to), leaves.end());
    variants.push_back(subs.size() == 1 ? subs.front()
                                        : Xapian::Query(Xapian::Query::OP_PHRASE, subs.begin(), subs.end()));
  };
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (words[i].empty() || words[i + 1].empty() || !neighbours(leaves[i], leaves[i + 1])) continue;
    if (const std::string term = joined_term({words[i], words[i + 1]}, stem, db); !term.empty())
      add_variant(i, i + 2, term);
  }
  if (n >= 3) { // "non-self-governing" → "nonselfgoverning"
    bool all = !words[0].empty();
    for (std::size_t i = 0; i + 1 < n && all; ++i)
      all = !words[i + 1].empty() && neighbours(leaves[i], leaves[i + 1]);
    if (all)
      if (const std::string term = joined_term(words, stem, db); !term.empty()) add_variant(0, n, term);
  }
  if (variants.size() == 1) return std::nullopt;
  if (n == 2) { // peace-keeping, "peace keeping"
    // One word however it is written: the joined word, typed where the pair was (split_compounds() then
    // adds the pair written apart, from the index's synonym table, as it does for "peacekeeping"), so
    // the three spellings are one query. Where the index never saw the compound hyphenated it has no
    // split: the pair typed is its spelling apart. This also halves the cost of "phrase, or else the
    // joined word", which checks the phrase's positions twice per passage.
    const std::string term = *variants[1].get_terms_begin();
    const Xapian::Query joined(term, 1, leaf_pos(leaves[0]));
    if (db.synonyms_begin(term) != db.synonyms_end(term)) return joined;
    // Its parts carry the reserved position, as a split's do: the proximity bonus sees the joined word.
    const std::vector<Xapian::Query> parts{Xapian::Query(leaf_term(leaves[0]), 1, kJoinedPos),
                                           Xapian::Query(leaf_term(leaves[1]), 1, kJoinedPos)};
    return one_word(joined, {Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end())});
  }
  return or_else(phrase, Xapian::Query(Xapian::Query::OP_OR, variants.begin() + 1, variants.end()));
}

/// The OR or AND group `op` of `subs` with the joined word of each two neighbouring words added;
/// nullopt if there is none.
std::optional<Xapian::Query> expand_group(Xapian::Query::op op, const std::vector<Xapian::Query> &subs,
                                          const TypedWords &typed, const Xapian::Stem &stem,
                                          const Xapian::Database &db) {
  std::vector<Xapian::Query> out;
  bool changed = false;
  for (std::size_t i = 0; i < subs.size(); ++i) {
    if (i + 1 < subs.size() && neighbours(subs[i], subs[i + 1])) {
      const std::string a = part_of(subs[i], typed), b = part_of(subs[i + 1], typed);
      if (const std::string term = a.empty() || b.empty() ? std::string() : joined_term({a, b}, stem, db);
          !term.empty()) {
        const Xapian::Query joined(term, 1, kJoinedPos);
        // Either (OR) or both (AND) words, or else the joined one.
        out.push_back(or_else(Xapian::Query(op, subs[i], subs[i + 1]), joined));
        ++i;
        changed = true;
        continue;
      }
    }
    out.push_back(subs[i]);
  }
  if (!changed) return std::nullopt;
  return Xapian::Query(op, out.begin(), out.end());
}

} // namespace

Xapian::Query expand_compounds(const Xapian::Query &q, const TypedWords &typed, const Xapian::Stem &stem,
                               const Xapian::Database &db, const std::string &text) {
  return rewrite(
      q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &subs) -> std::optional<Xapian::Query> {
        const auto op = node.get_type();
        if (op == Xapian::Query::OP_PHRASE) return expand_phrase(node, typed, stem, db, text);
        if (op == Xapian::Query::OP_OR || op == Xapian::Query::OP_AND) return expand_group(op, subs, typed, stem, db);
        return std::nullopt;
      });
}

const std::vector<Xapian::Query> &CompoundSplits::apart(const std::string &term) {
  if (auto it = known_.find(term); it != known_.end()) return it->second;
  if (known_.size() >= kMaxKnownTerms) known_.clear(); // a long-lived searcher's memory stays bounded
  std::vector<Xapian::Query> found;
  for (auto s = db_.synonyms_begin(term); s != db_.synonyms_end(term); ++s) {
    const std::string split = *s;
    if (!useful_split({term, split})) continue; // an index written before the indexer left these out
    std::vector<Xapian::Query> parts;
    for (std::size_t from = 0; from < split.size();) {
      std::size_t to = split.find(' ', from);
      if (to == std::string::npos) to = split.size();
      if (to > from) parts.emplace_back(split.substr(from, to - from), 1, kJoinedPos);
      from = to + 1;
    }
    if (parts.size() < 2) continue;
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, parts.begin(), parts.end());
    // Does any passage hold the parts apart but not the joined term? One match answers it.
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, phrase, Xapian::Query(term)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (!enquire.get_mset(0, 1).empty()) found.push_back(std::move(phrase));
  }
  return known_.emplace(term, std::move(found)).first->second;
}

Xapian::Query split_compounds(const Xapian::Query &q, const TypedWords &typed, CompoundSplits &splits) {
  return rewrite(q, [&](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    if (node.get_type() != Xapian::Query::LEAF_TERM || leaf_pos(node) == kJoinedPos || part_of(node, typed).empty())
      return std::nullopt;
    const std::vector<Xapian::Query> &apart = splits.apart(*node.get_terms_begin());
    if (apart.empty()) return std::nullopt;
    // One word however it is written: a synonym group weighs the spellings as one term (the joined
    // word's frequency plus the split's), where an OR would weigh the split by its parts, fragments such
    // as "responsi" + "bility" whose rarity made them outweigh every real match.
    return one_word(node, apart);
  });
}

Xapian::Query without_compounds(const Xapian::Query &q) {
  // Xapian drops the MatchNothing subqueries this leaves in an OR or SYNONYM.
  return rewrite(q, [](const Xapian::Query &node, const std::vector<Xapian::Query> &) -> std::optional<Xapian::Query> {
    const auto op = node.get_type();
    if (op == Xapian::Query::LEAF_TERM)
      return leaf_pos(node) == kJoinedPos ? std::optional(Xapian::Query()) : std::nullopt;
    if (op != Xapian::Query::OP_PHRASE) return std::nullopt;
    for (std::size_t i = 0; i < node.get_num_subqueries(); ++i)
      if (leaf_pos(node.get_subquery(i)) == kJoinedPos) return Xapian::Query();
    return std::nullopt;
  });
}

} // namespace parasearch::detail
