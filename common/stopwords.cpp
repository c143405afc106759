#include "common/stopwords.hpp"

#include "query/query_tree.hpp"

#include <vector>

namespace parasearch::detail {
namespace {

// Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (33 words), plus pronouns, auxiliaries and a few
// adverbs from Snowball's English list. Words that are also names (us, who, can, will... as in "WHO")
// stay out unless Lucene has them. These words make ~9% of the (term, paragraph) pairs of UN
// speeches, and so of the positions table, while barely moving BM25 scores.
constexpr const char *kEnglish[] = {
    // Lucene
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
    "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    // Snowball additions
    "i", "me", "my", "we", "our", "ours", "you", "your", "he", "him", "his", "she", "her", "its", "them", "what",
    "which", "whom", "those", "am", "were", "been", "being", "have", "has", "had", "having", "do", "does", "did",
    "would", "should", "could", "from", "all", "also", "so", "than", "too", "very", "about"};

// A leaf is stopped when the word typed at its query position is a stop word, as the indexer decides
// on the word in the text: not its stem, which may equal a stop word's ("Doe" and "does" → "doe").
bool is_stopped_leaf(const Xapian::Query &q, const Xapian::Stopper &stopper, const TypedWords &typed_words) {
  if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
  const auto typed = typed_words.find(leaf_pos(q));
  return stopper(typed != typed_words.end() ? typed->second : *q.get_terms_begin());
}

} // namespace

const Xapian::Stopper *stopper_for(const std::string &language) {
  static const auto *english = [] {
    auto *s = new Xapian::SimpleStopper(); // NOLINT: lives for the whole process
    for (const char *w : kEnglish)
      s->add(w);
    return s;
  }();
  return language == "english" ? english : nullptr;
}

Xapian::Query drop_stopwords_in_phrases(const Xapian::Query &query, const Xapian::Stopper &stopper,
                                        const TypedWords &typed_words) {
  const auto op = query.get_type();
  const std::size_t n = query.get_num_subqueries();
  if (n == 0) return query;
  std::vector<Xapian::Query> subs;
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query sub = query.get_subquery(i);
    if ((op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) &&
        is_stopped_leaf(sub, stopper, typed_words)) {
      ++dropped;
      continue;
    }
    subs.push_back(drop_stopwords_in_phrases(sub, stopper, typed_words));
  }
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) {
    if (dropped == 0) return query;
    if (subs.empty()) return Xapian::Query();
    if (subs.size() == 1) return subs.front();
    const Xapian::termcount window = window_of(query);
    // A phrase's window is its length; a NEAR keeps its slack.
    const Xapian::termcount shrunk =
        op == Xapian::Query::OP_PHRASE ? 0 : (window > dropped ? window - static_cast<Xapian::termcount>(dropped) : 0);
    return Xapian::Query(op, subs.begin(), subs.end(), shrunk);
  }
  switch (op) {
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_XOR:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX: return Xapian::Query(op, subs.begin(), subs.end());
  default: return query; // scale-weight, value ranges, wildcards...: leave alone
  }
}

} // namespace parasearch::detail
