// Diacritic folding (common/fold.hpp): what it folds and what it leaves alone.
#include "common/fold.hpp"

#include <catch2/catch.hpp>

using parasearch::detail::fold_diacritics;
using parasearch::detail::fold_width;

TEST_CASE("fold: Latin letters lose their diacritics", "[fold]") {
  CHECK(fold_diacritics("C\xC3\xB4te d\xE2\x80\x99Ivoire") == "Cote d\xE2\x80\x99Ivoire"); // the apostrophe stays
  CHECK(fold_diacritics("S\xC3\xA3o Tom\xC3\xA9") == "Sao Tome");
  CHECK(fold_diacritics("d\xC3\xA9veloppement") == "developpement");
  CHECK(fold_diacritics("Stra\xC3\x9F"
                        "e") == "Strasse");
  CHECK(fold_diacritics("\xC5\x81\xC3\xB3"
                        "d\xC5\xBA") == "Lodz");
  CHECK(fold_diacritics("\xC5\x93uvre \xC3\xA6ther") == "oeuvre aether");
  CHECK(fold_diacritics("Vi\xE1\xBB\x87t Nam") == "Viet Nam"); // Latin Extended Additional
  CHECK(fold_diacritics("Rom\xC3\xA2nia, \xC8\x98tefan") == "Romania, Stefan");
  CHECK(fold_diacritics("e\xCC\x81t\xC3\xA9") == "ete"); // a decomposed é (e + U+0301) and a composed one
}

TEST_CASE("fold: other scripts, symbols and broken bytes are left as they are", "[fold]") {
  const std::string kept[] = {
      "\xD0\x92\xD1\x81\xD0\xB5\xD0\xBE\xD0\xB1\xD1\x89\xD0\xB0\xD1\x8F \xD1\x91\xD0\xB6", // Всеобщая ёж
      "\xD8\xA7\xD9\x84\xD8\xA5\xD9\x86\xD8\xB3\xD8\xA7\xD9\x86",                          // الإنسان
      "\xE4\xB8\x96\xE7\x95\x8C",                                                          // 世界
      "\xCE\x86\xCF\x81\xCE\xB8\xCF\x81\xCE\xBF",                                          // Άρθρο
      "2 \xC3\x97 3 \xC3\xB7 6 \xC2\xA7 \xC2\xAB\xC2\xBB",                                 // × ÷ § « »
      "plain ASCII",
      "broken \xFF\xC3 bytes \xE2\x82"};
  for (const std::string &s : kept) {
    INFO(s);
    CHECK(fold_diacritics(s) == s);
  }
}

TEST_CASE("fold: an elided French or Italian article is dropped before stemming", "[fold]") {
  using parasearch::detail::normalise_word;
  using parasearch::detail::strip_elision;
  CHECK(strip_elision("l'homme") == "homme");
  CHECK(strip_elision("d\xE2\x80\x99Ivoire") == "Ivoire"); // ’
  CHECK(strip_elision("qu'il") == "il");
  CHECK(strip_elision("jusqu'au") == "au");
  CHECK(strip_elision("L'Organisation") == "Organisation");
  CHECK(strip_elision("dell'umanit\xC3\xA0") == "umanit\xC3\xA0");
  CHECK(normalise_word("l'\xC3\xA9galit\xC3\xA9") == "egalite");
  // Not elisions: other apostrophes, a bare article, an apostrophe first.
  for (const char *kept : {"don't", "iran's", "o'clock", "rock'n'roll", "l'", "'tis", "homme", "aujourd'hui"}) {
    INFO(kept);
    CHECK(strip_elision(kept) == kept);
  }
}

TEST_CASE("fold: Arabic spelling variants are unified before stemming", "[fold][arabic]") {
  using parasearch::detail::normalise_arabic;
  using parasearch::detail::normalise_word;
  // Harakat (fatha, shadda, sukun, kasra, damma, tanween) and tatweel are dropped: التَّعْلِيمُ → التعليم.
  CHECK(normalise_arabic("\xD8\xA7\xD9\x84\xD8\xAA\xD9\x8E\xD9\x91\xD8\xB9\xD9\x92\xD9\x84\xD9\x90\xD9\x8A\xD9\x85"
                         "\xD9\x8F") == "\xD8\xA7\xD9\x84\xD8\xAA\xD8\xB9\xD9\x84\xD9\x8A\xD9\x85");
  CHECK(normalise_arabic("\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8\xD9\x8B\xD8\xA7") ==
        "\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8\xD8\xA7");                                                 // كتابًا
  CHECK(normalise_arabic("\xD8\xB9\xD9\x80\xD9\x80\xD8\xB1\xD8\xA8") == "\xD8\xB9\xD8\xB1\xD8\xA8"); // عــرب → عرب
  CHECK(normalise_arabic("\xD9\x87\xD9\x80\xD9\xB0\xD8\xB0\xD8\xA7") == "\xD9\x87\xD8\xB0\xD8\xA7"); // هـٰذا → هذا
  // Alef with hamza above/below, madda and wasla → bare alef.
  CHECK(normalise_arabic("\xD8\xA5\xD9\x86\xD8\xB3\xD8\xA7\xD9\x86") ==
        "\xD8\xA7\xD9\x86\xD8\xB3\xD8\xA7\xD9\x86");                                 // إنسان
  CHECK(normalise_arabic("\xD8\xA3\xD9\x85\xD9\x85") == "\xD8\xA7\xD9\x85\xD9\x85"); // أمم
  CHECK(normalise_arabic("\xD8\xA2\xD8\xAE\xD8\xB1") == "\xD8\xA7\xD8\xAE\xD8\xB1"); // آخر
  CHECK(normalise_arabic("ٱبن") == "ابن");
  // Alef maksura → yeh, teh marbuta → heh: على/علي, حرية/حريه.
  CHECK(normalise_arabic("\xD8\xB9\xD9\x84\xD9\x89") == "\xD8\xB9\xD9\x84\xD9\x8A");
  CHECK(normalise_arabic("\xD8\xAD\xD8\xB1\xD9\x8A\xD8\xA9") == "\xD8\xAD\xD8\xB1\xD9\x8A\xD9\x87");
  // After the article, a final ة/ه is ة (Snowball's Arabic stemmer strips it there): الحريه → الحرية.
  CHECK(normalise_arabic("الحريه") == "الحرية");
  CHECK(normalise_arabic("الحرية") == "الحرية");
  CHECK(normalise_arabic("بالحريه") == "بالحرية");
  CHECK(normalise_arabic("للحريه") == "للحرية");
  CHECK(normalise_arabic("وللحرية") == "وللحرية");
  CHECK(normalise_arabic("حياته") == "حياته"); // no article: a final ه stays (here a pronoun, "his life")
  // Persian/Urdu keheh and Farsi yeh → Arabic kaf and yeh: کی → كي.
  CHECK(normalise_arabic("\xDA\xA9\xDB\x8C") == "\xD9\x83\xD9\x8A");
  // Hamza on waw or yeh (ؤ ئ) and bare hamza (ء) are letters of their own and stay.
  for (const char *kept : {"\xD8\xA4", "\xD8\xA6", "\xD8\xA1", "\xD9\x83\xD8\xB1\xD8\xA7\xD9\x85", "plain",
                           "\xD0\x92\xD1\x81\xD0\xB5", "\xE4\xB8\x96\xE7\x95\x8C", "broken \xFF\xD9 \xD8"}) {
    INFO(kept);
    CHECK(normalise_arabic(kept) == kept);
  }
  // normalise_word applies it after the Latin folding, so it reaches every stemmer.
  CHECK(normalise_word(
            "\xD8\xA7\xD9\x84\xD9\x92\xD8\xAD\xD9\x8F\xD8\xB1\xD9\x91\xD9\x90\xD9\x8A\xD9\x91\xD9\x8E\xD8\xA9") ==
        "\xD8\xA7\xD9\x84\xD8\xAD\xD8\xB1\xD9\x8A\xD8\xA9"); // الْحُرِّيَّة → الحرية
}

TEST_CASE("fold: fullwidth letters, digits and punctuation are read as ASCII", "[fold]") {
  CHECK(fold_width("\xEF\xBD\x81\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x94\xEF\xBD\x88\xEF\xBD\x85\xEF\xBD\x89"
                   "\xEF\xBD\x84") == "apartheid"); // ａｐａｒｔｈｅｉｄ
  CHECK(fold_width("\xE7\xAC\xAC\xEF\xBC\x91\xE6\x9D\xA1") == "\xE7\xAC\xAC"
                                                              "1\xE6\x9D\xA1"); // 第１条 → 第1条
  // Ｕ Ｎ （ ２ ０ ） － ＂ and ～ (U+FF5E, the last one folded)
  CHECK(fold_width("\xEF\xBC\xB5\xEF\xBC\xAE\xEF\xBC\x88\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x89\xEF\xBC\x8D\xEF\xBC\x82"
                   "\xEF\xBD\x9E") == "UN(20)-\"~");
  CHECK(fold_width(0xFF21) == 'A');
  CHECK(fold_width(0xFF5A) == 'z');
  CHECK(fold_width(0xFF01) == '!');
  // Left alone: U+FF00 and U+FF5F (just outside the range), halfwidth katakana ｱ (U+FF71), the
  // ideographic space, other CJK, ASCII, and broken or cut sequences.
  const std::string kept[] = {
      "\xEF\xBC\x80", "\xEF\xBD\x9F", "\xEF\xBD\xB1", "\xE3\x80\x80",       "\xE4\xB8\x96\xE7\x95\x8C",
      "plain ASCII",  "cut \xEF\xBC", "cut \xEF",     "broken \xEF\xBC\x41"};
  for (const std::string &s : kept)
    CHECK(fold_width(s) == s);
  CHECK(fold_width(0x3000) == 0x3000);
}
