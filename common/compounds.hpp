// Private: hyphenated compounds ("peace-keeping", "non-self-governing"). The indexer stores each one's
// joined form beside its parts, so that "peacekeeping" finds "peace-keeping"; snippets highlight the
// parts when the query asks for the joined form. The query side is query/compounds.hpp.
#pragma once

#include "common/words.hpp"

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// Words `first`..`last` of a text written with one hyphen between each two and nothing else.
struct Compound {
  std::size_t first = 0; ///< Index of the first part in the words.
  std::size_t last = 0;  ///< Index of the last part.
  std::string term;      ///< The joined form, stemmed: the term "peacekeeping" is indexed as.
};

/// The hyphenated compounds among `words` (words_of(`text`, `stem`)): runs of two or more non-CJK words
/// separated by exactly one hyphen (- U+2010 U+2011), with `term` = `stem` of the joined words. Runs
/// with a stop word of `stopper` (may be null), or whose joined word is over 64 bytes, are left out.
std::vector<Compound> hyphen_compounds(std::string_view text, const std::vector<Word> &words, const Xapian::Stem &stem,
                                       const Xapian::Stopper *stopper);

/// A compound's joined term and its parts' terms separated by spaces ("peacekeep" and "peace keep"):
/// how a joined word is split again to find the parts written apart ("peace keeping").
using CompoundSplit = std::pair<std::string, std::string>;

/// False if one of the parts of `split` ("peac fulli") is its joined term itself ("peac", the stem of both
/// "peace" and "peacefully"): splitting such a term would make every passage holding the part look for a
/// phrase that only a hyphenation artefact wrote. The indexer stores, and queries use, only useful splits.
bool useful_split(const CompoundSplit &split);

/// Adds to `doc`, already indexed from `text` by TermGenerator with `stem` and `stopper`, each hyphenated
/// compound's joined term at the positions of its first part (wdf 1) and of its last part (wdf 0), so that
/// phrases continue on either side ("UN peacekeeping", "peacekeeping operations"). Each compound's
/// split is added to `splits` if it is not null.
void add_compound_terms(Xapian::Document &doc, std::string_view text, const Xapian::Stem &stem,
                        const Xapian::Stopper *stopper, std::set<CompoundSplit> *splits = nullptr);

} // namespace parasearch::detail
