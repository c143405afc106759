// Private: CJK query text as the terms the indexer stores for it: quoted runs as phrases of those
// terms, unquoted runs with a bonus where the text holds them in sequence.
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

/// How much a passage holding an unquoted CJK run in sequence gains: the phrase of the run scores
/// this times its terms' weight on top of theirs (so with 1, in-sequence passages score double).
inline constexpr double kCjkRunBoost = 1.0;

/// `q` with each unquoted CJK run of two characters or more (the AND of its characters and bigrams
/// that FLAG_CJK_NGRAM makes) turned into that AND, and maybe (OP_AND_MAYBE) the run's phrase scaled
/// by `boost`: the same passages match, those holding the characters in sequence rank first. `text`
/// is the query as parsed; a query without CJK characters is returned as it is, untouched.
Xapian::Query boost_cjk_runs(const Xapian::Query &q, const std::string &text, double boost = kCjkRunBoost);

/// True if `text` (UTF-8) holds a CJK code point (is_cjk_codepoint).
bool has_cjk(const std::string &text);

/// True if `term` (after any field prefix) is two or more CJK characters: an n-gram, not a character.
bool is_cjk_ngram(const std::string &term);

} // namespace parasearch::detail
