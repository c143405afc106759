#include "common/compounds.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace parasearch::detail {
namespace {

constexpr std::size_t kMaxWordBytes = 64; // TermGenerator drops longer words

/// True if `gap` is one hyphen: '-', U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, or U+FF0D FULLWIDTH
/// HYPHEN-MINUS (the indexer reads it as '-': common/fold.hpp fold_width; snippets see it in the stored text).
bool is_hyphen(std::string_view gap) {
  return gap == "-" || gap == "\xE2\x80\x90" || gap == "\xE2\x80\x91" || gap == "\xEF\xBC\x8D";
}

/// True if `word` starts with a CJK character (words_of() makes each one a word of its own).
bool is_cjk_word(const std::string &word) {
  Xapian::Utf8Iterator it(word);
  return it != Xapian::Utf8Iterator() && is_cjk_codepoint(*it);
}

/// The positions of `term` in `doc` (none if it is absent).
std::set<Xapian::termpos> positions(const Xapian::Document &doc, const std::string &term) {
  std::set<Xapian::termpos> out;
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(term);
  if (t == doc.termlist_end() || *t != term) return out;
  for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
    out.insert(*p);
  return out;
}

} // namespace

std::vector<Compound> hyphen_compounds(std::string_view text, const std::vector<Word> &words, const Xapian::Stem &stem,
                                       const Xapian::Stopper *stopper) {
  std::vector<Compound> out;
  for (std::size_t i = 0; i + 1 < words.size();) {
    std::size_t last = i;
    while (last + 1 < words.size() &&
           is_hyphen(text.substr(words[last].span.second, words[last + 1].span.first - words[last].span.second)))
      ++last;
    if (last == i) {
      ++i;
      continue;
    }
    std::string joined;
    bool usable = true;
    for (std::size_t k = i; k <= last && usable; ++k) {
      usable = !is_cjk_word(words[k].word) && (stopper == nullptr || !(*stopper)(words[k].word));
      joined += words[k].word;
    }
    if (usable && joined.size() <= kMaxWordBytes)
      if (std::string term = stem(joined); !term.empty()) out.push_back({i, last, std::move(term)});
    i = last + 1;
  }
  return out;
}

bool useful_split(const CompoundSplit &split) {
  const auto &[term, parts] = split;
  for (std::size_t from = 0; from <= parts.size();) {
    const std::size_t to = std::min(parts.find(' ', from), parts.size());
    if (parts.compare(from, to - from, term) == 0) return false;
    from = to + 1;
  }
  return true;
}

void add_compound_terms(Xapian::Document &doc, std::string_view text, const Xapian::Stem &stem,
                        const Xapian::Stopper *stopper, std::set<CompoundSplit> *splits) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  auto wordish = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) != 0; };
  std::set<std::string> done; // each compound once: its positions are found wherever it occurs
  std::size_t scanned = 0;    // the end of the last space-delimited piece of text looked at
  // Only the pieces of text between spaces that hold a hyphen between two word characters are
  // split again (splitting every paragraph cost 20% more indexing time).
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    std::size_t h = 0; // the hyphen's length in bytes
    if (text[i] == '-')
      h = 1;
    else if (text[i] == '\xE2' && (text.compare(i, 3, "\xE2\x80\x90") == 0 || text.compare(i, 3, "\xE2\x80\x91") == 0))
      h = 3; // the lead byte first: two 3-byte compares at every byte were 3 % of indexing instructions
    if (h == 0 || i < scanned || !wordish(text[i - 1]) || i + h >= text.size() || !wordish(text[i + h])) continue;
    std::size_t from = i, to = i + h;
    while (from > 0 && !is_space(text[from - 1]))
      --from;
    while (to < text.size() && !is_space(text[to]))
      ++to;
    scanned = to;
    const std::string_view piece = text.substr(from, to - from);
    const std::vector<Word> words = words_of(piece, stem);
    for (const Compound &c : hyphen_compounds(piece, words, stem, stopper)) {
      std::string parts_text;
      for (std::size_t k = c.first; k <= c.last; ++k)
        parts_text += (k == c.first ? "" : " ") + words[k].term;
      if (!done.insert(c.term + " " + parts_text).second) continue;
      if (splits != nullptr && useful_split({c.term, parts_text})) splits->emplace(c.term, parts_text);
      // The compound's parts stand at consecutive positions p, p+1, ... wherever TermGenerator put them.
      std::vector<std::set<Xapian::termpos>> parts;
      for (std::size_t k = c.first; k <= c.last; ++k)
        parts.push_back(positions(doc, words[k].term));
      const auto span = static_cast<Xapian::termpos>(c.last - c.first);
      for (const Xapian::termpos p : parts.front()) {
        bool all = true;
        for (Xapian::termpos k = 1; k <= span && all; ++k)
          all = parts[k].count(p + k) != 0;
        if (!all) continue;
        doc.add_posting(c.term, p, 1);
        doc.add_posting(c.term, p + span, 0);
      }
    }
  }
}

} // namespace parasearch::detail
