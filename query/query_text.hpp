// Private: string-level work on query text that happens before or after Xapian's parser: helpful
// syntax error messages, quote normalisation, synonym expansion and spelling replacement.
#pragma once

#include <string>
#include <vector>

namespace parasearch::detail {

/// A complete message for a query Xapian refused: names the query, the offending operator and its
/// character position when one can be found, and says how to fix it. `xapian_msg` is the parser's text.
std::string describe_syntax_error(const std::string &query, const std::string &xapian_msg);

/// `query` with each bare occurrence of a synonym group's variant (whole words, case-insensitive; not
/// inside quotes, after a field name, or next to + - *) replaced by `(variant OR "other variant" ...)`.
std::string expand_synonyms(const std::string &query, const std::vector<std::vector<std::string>> &groups);

/// Replaces each whole-word, ASCII-case-insensitive occurrence of `word` in `text` with `replacement`;
/// returns true if any was replaced.
bool replace_word(std::string &text, const std::string &word, const std::string &replacement);

/// `query` with every double quote and guillemet (« » ‹ › “ ” „ ‟ ＂ 〝 〞 〟 「 」 『 』) replaced by an ASCII
/// double quote, since Xapian 1.4's parser takes only " “ ” for phrase delimiters. Single quotes and
/// apostrophes (’ in d’Ivoire) are left alone. Synonym expansion and error messages know these quotes too.
std::string normalise_quotes(const std::string &query);

/// `s` with leading and trailing white space removed and inner runs collapsed to one space.
std::string normalise_space(const std::string &s);

} // namespace parasearch::detail
