// Language identification with CLD2: which language a document, or one of its paragraphs, is written in,
// restricted to the languages parasearch indexes by their own rules (Snowball's, plus Chinese, Japanese
// and Korean, indexed as CJK n-grams).
#pragma once

#include "parasearch/extract.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace parasearch {

/// Shortest text, in bytes, whose detected language is trusted (CLD2 guesses on less: Galician or
/// English for short Spanish, Belarusian for short Russian, all "reliable").
inline constexpr std::size_t kMinDetectBytes = 150;
/// Shortest paragraph, in bytes, that may get a language of its own, unlike its document's.
inline constexpr std::size_t kMinParagraphDetectBytes = 200;
/// How much of a document's text its language is detected on (its first paragraphs, up to this).
inline constexpr std::size_t kDocumentSampleBytes = std::size_t{64} << 10;

/// The ISO 639-1 code ("fr", "zh") of the language `text` (valid UTF-8) is written in, or "" when it
/// is shorter than kMinDetectBytes, CLD2 is not sure, or the language is not one parasearch_language() has.
std::string detect_language(std::string_view text);

/// The ISO 639-1 code of a declared language tag ("fr-CA", "pt_BR", "EN", "fra" -> "fr", "pt", "en",
/// "fr"), or "" if parasearch has no rules for that language.
std::string normalise_language_tag(std::string_view tag);

/// Fills `doc.language` and its paragraphs' languages: a declared document language (set by its reader,
/// e.g. HTML `lang`) is kept (normalised), else the language detected on its first kDocumentSampleBytes
/// of text, else "". A paragraph gets a language of its own only where it clearly differs: declared
/// by the reader, or at least kMinParagraphDetectBytes long and reliably detected as another language.
void assign_languages(ExtractedDocument &doc);

} // namespace parasearch
