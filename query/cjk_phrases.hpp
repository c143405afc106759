// Private: quoted CJK text as the phrase of the terms the indexer stores for it.
#pragma once

#include "common/words.hpp"

#include <xapian.h>

#include <string>

namespace parasearch::detail {

/// `q` with the CJK characters of each phrase replaced by the terms TermGenerator indexes for them.
/// With FLAG_CJK_NGRAM and STEM_ALL, Xapian 1.4.22's TermGenerator gives a run of CJK characters
/// ABC the positions A B C at 1 3 5 and the bigrams AB BC at 2 4, but its QueryParser turns a quoted
/// run into the phrase A B C at consecutive positions, which never matches. Each run (the leaves the
/// parser gave one query position) becomes A AB B BC C, so the phrase matches exactly where the text
/// holds the string; Latin words and the phrase's slack are kept. NEAR groups are left alone. `text`
/// is the query as parsed (for phrase windows).
Xapian::Query cjk_phrases(const Xapian::Query &q, const std::string &text);

/// True if `term` (after any field prefix) is two or more CJK characters: an n-gram, not a character.
bool is_cjk_ngram(const std::string &term);

} // namespace parasearch::detail
