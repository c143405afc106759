// Private: the words of a text as Xapian 1.4's TermGenerator sees them (lowercased; each CJK character
// a word of its own) and the terms they are indexed as. Shared by the indexer (compounds) and the
// query side (snippets, spelling), so both split text the same way.
#pragma once

#include <xapian.h>

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

/// True if code point `p` is CJK for Xapian 1.4 (its CJK::codepoint_is_cjk ranges).
bool is_cjk_codepoint(unsigned p);

} // namespace parasearch::detail
