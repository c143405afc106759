// Private: the words of a text as Xapian 1.4's TermGenerator sees them (lowercased; each CJK character
// a word of its own) and the terms they are indexed as. Shared by the indexer (compounds) and the
// query side (snippets, spelling), so both split text the same way.
#pragma once

#include <xapian.h>

#include <bitset>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// A byte range [begin, end) of a word in a text.
using Span = std::pair<std::size_t, std::size_t>;

/// One word of a text and the term it is indexed as.
struct Word {
  Span span;        ///< Where it stands in the text, in bytes.
  std::string word; ///< Lowercased.
  std::string term; ///< Lowercased and stemmed (as TermGenerator does with STEM_ALL).
};

/// The words of `text`, split as TermGenerator does; CJK characters are words of their own.
std::vector<Word> words_of(std::string_view text, const Xapian::Stem &stem);

/// Like words_of(text, stem), but a word that begins with an ASCII byte outside `initials` and has no
/// apostrophe is not stemmed: its term is left empty. For a stemmer that keeps an ASCII first letter
/// (keeps_ascii_initial), those are exactly the words whose term cannot begin with a byte in `initials`.
std::vector<Word> words_of(std::string_view text, const Xapian::Stem &stem, const std::bitset<128> &initials);

/// True if `stem` never changes the first letter of a word that begins with an ASCII letter and has no
/// apostrophe (parasearch's Snowball stemmers that strip suffixes only, and "none"; not Indonesian or
/// Irish, which strip prefixes, nor Turkish, which stems "bundan" to "p", nor any stemmer it does not know).
bool keeps_ascii_initial(const Xapian::Stem &stem);

/// True if code point `p` is CJK for Xapian 1.4 (its CJK::codepoint_is_cjk ranges).
bool is_cjk_codepoint(unsigned p);

} // namespace parasearch::detail
