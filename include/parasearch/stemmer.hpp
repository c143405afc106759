// Stemming languages: Snowball's libstemmer, shared by indexing, query parsing and snippets.
#pragma once

#include <string>
#include <vector>

namespace parasearch {

/// Every language name libstemmer accepts (e.g. "english", "french", "russian"), sorted, plus "none".
std::vector<std::string> stemming_languages();

/// Canonical name for a language given by name or ISO 639-1 code ("en" -> "english"); "none" stays "none".
/// Throws UsageError naming the language if libstemmer does not know it.
std::string canonical_language(const std::string &name);

/// The ISO 639-1 code of a stemming language ("french" -> "fr"; a code is returned as it is), or "" if
/// it has none ("none", "porter").
std::string language_code(const std::string &language);

/// How text in the language of ISO 639-1 `code` is stemmed: its Snowball name ("fr" -> "french"),
/// "none" for Chinese, Japanese and Korean (CJK n-grams, no stemmer), "" if parasearch has no rules for it.
std::string stemming_language_of(const std::string &code);

/// Stems one lowercase UTF-8 word with the given language, after dropping an elided article and folding
/// Latin diacritics, as the index does ("l'égalité" -> "egalit" in French; "none" does not stem).
/// For tests and tools, not hot loops.
std::string stem_word(const std::string &language, const std::string &word);

} // namespace parasearch
