// Private: folding of diacritics, so that "Cote d'Ivoire" finds "Côte d'Ivoire" and "developpement"
// finds "développement". Applied to every stem (common/stemmer.cpp), hence alike at indexing, query
// parsing and snippet highlighting.
#pragma once

#include <string>
#include <string_view>

namespace parasearch::detail {

/// `utf8` with each Latin letter that carries diacritics replaced by the plain letter(s) (é → e,
/// ß → ss, æ → ae, ł → l) and combining marks dropped; other text, including Cyrillic, Greek, Arabic
/// and CJK, is unchanged. Bytes that are not UTF-8 pass through.
std::string fold_diacritics(std::string_view utf8);

} // namespace parasearch::detail
