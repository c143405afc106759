// Private: --spelling, "Did you mean": each query word that is not in the index is replaced by the
// closest indexed word (edit distance 1 for words of 3–4 letters, 2 for longer ones, same first
// letter, commonest first), spelled as the text spells it. No spelling table is needed: candidates
// come from the index's own term list.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

namespace parasearch::detail {

/// The query `text` with each word of `q` that `db` does not hold replaced by the closest word that
/// it does; empty if every word is known or nothing close was found. `unstem(term)` gives the words
/// of `text` that became `term`; `stem` is the index's stemmer; `text_of(did)` a passage's text.
std::string suggest(const Xapian::Database &db, const std::string &text, const Xapian::Query &q,
                    const std::function<std::vector<std::string>(const std::string &)> &unstem,
                    const Xapian::Stem &stem, const std::function<std::string(Xapian::docid)> &text_of);

/// Levenshtein distance between two code point strings, or `limit + 1` if it exceeds `limit`.
std::size_t edit_distance(const std::u32string &a, const std::u32string &b, std::size_t limit);

} // namespace parasearch::detail
