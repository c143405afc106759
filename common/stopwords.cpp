#include "common/stopwords.hpp"

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

} // namespace parasearch::detail
