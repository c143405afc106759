// Private: how text and words are normalised: fullwidth Latin letters and digits read as ASCII (before
// the text is split into words); and, before a word is stemmed, diacritics folded, so that "Cote d'Ivoire"
// finds "Côte d'Ivoire" and "developpement" finds "développement", and an elided article dropped, so
// that "homme" finds "l'homme", and Arabic letters normalised, so that a word written with or without
// its vowel marks, or with ى/ي or ة/ه, gives the same stem. Applied in the stemmer (common/stemmer.cpp), hence alike at
// indexing, query parsing and snippet highlighting.
#pragma once

#include <string>
#include <string_view>

namespace parasearch::detail {

/// The ASCII character U+0021-U+007E for fullwidth form `cp` U+FF01-U+FF5E (Ａ → A, ９ → 9, （ → (, － → -),
/// as CJK input methods type them; any other code point unchanged.
constexpr unsigned fold_width(unsigned cp) { return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp; }

/// `utf8` with every fullwidth form U+FF01-U+FF5E replaced by its ASCII character (fold_width), so that
/// "ａｐａｒｔｈｅｉｄ" is the word apartheid and "第１条" holds the number 1 (Xapian 1.4 takes fullwidth
/// forms for CJK characters). Applied to a paragraph's text before it is indexed, and to the query before
/// it is parsed; common/words.cpp reads the stored text the same way. Other bytes are unchanged.
std::string fold_width(std::string_view utf8);

/// `utf8` with each Latin letter that carries diacritics replaced by the plain letter(s) (é → e,
/// ß → ss, æ → ae, ł → l) and combining marks dropped; other text, including Cyrillic, Greek, Arabic
/// and CJK, is unchanged. Bytes that are not UTF-8 pass through.
std::string fold_diacritics(std::string_view utf8);

/// The rest of `word` after an elided article, pronoun or preposition of French or Italian (l', d',
/// j', m', n', s', t', c', qu', jusqu', lorsqu', puisqu'; dall', dell', nell', sull', all', un'), when
/// something follows it; else `word`. The apostrophe may be ' or ’; case is ignored.
std::string_view strip_elision(std::string_view word);

/// The word `utf8` with Arabic spelling variants unified, as Lucene's ArabicNormalizer does (and a
/// little more): أ إ آ ٱ → ا, ى → ي, ة → ه; tatweel (ـ), harakat (U+064B-U+065F) and superscript alef
/// (U+0670) dropped; Persian/Urdu ک → ك and ی → ي. One change for Snowball's Arabic stemmer: a final
/// ة/ه after the article (ال, وال, بال, لل, ...) is ة, which the stemmer strips there (it keeps a
/// final ه). Other text, and bytes that are not UTF-8, are unchanged.
std::string normalise_arabic(std::string_view utf8);

/// What the stemmer is given for `word`: normalise_arabic(fold_diacritics(strip_elision(word))).
std::string normalise_word(std::string_view word);

} // namespace parasearch::detail
