#include "common/stopwords.hpp"

#include <map>
#include <memory>

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

using Stoppers = std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>, std::less<>>;

/// Every stopper, built once (thread-safe static initialisation) and never changed.
const Stoppers &all_stoppers() {
  static const Stoppers stoppers = [] {
    Stoppers out;
    auto english = std::make_unique<Xapian::SimpleStopper>();
    for (const char *w : kEnglish)
      english->add(w);
    out.emplace("english", std::move(english));
    for (const StopList &list : embedded_stop_lists()) {
      auto s = std::make_unique<Xapian::SimpleStopper>();
      for (const std::string &w : parse_stop_list(list.text))
        s->add(w);
      out.emplace(std::string(list.language), std::move(s));
    }
    return out;
  }();
  return stoppers;
}

} // namespace

std::vector<std::string> parse_stop_list(std::string_view text) {
  std::vector<std::string> words;
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    if (const std::size_t bar = line.find('|'); bar != std::string_view::npos) line = line.substr(0, bar);
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        ++i;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
        ++j;
      if (j > i) words.emplace_back(line.substr(i, j - i));
      i = j;
    }
    line_start = line_end + 1;
  }
  return words;
}

const Xapian::Stopper *stopper_for(const std::string &language) {
  const Stoppers &all = all_stoppers();
  const auto it = all.find(language);
  return it == all.end() ? nullptr : it->second.get();
}

} // namespace parasearch::detail
