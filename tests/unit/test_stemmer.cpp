// The libstemmer adapter: languages, ISO codes, stems in several languages, and Xapian integration.
#include "common/snowball_stem.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/stemmer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>

using namespace parasearch;

TEST_CASE("stemmer: stems words in several languages", "[stemmer]") {
  struct Case {
    const char *lang, *word, *stem;
  };
  const auto c = GENERATE(values<Case>({
      {"english", "diplomacy", "diplomaci"},
      {"english", "nations", "nation"},
      {"english", "preventive", "prevent"},
      {"french", "nations", "nation"},
      {"french", "déclaration", "declar"}, // diacritics are folded first
      {"french", "declaration", "declar"},
      {"spanish", "derechos", "derech"},
      {"russian", "права", "прав"},
      {"german", "menschenrechte", "menschenrecht"},
      {"arabic", "الإنسان", "انس"},
      {"none", "nations", "nations"},
  }));
  CAPTURE(c.lang, c.word);
  CHECK(stem_word(c.lang, c.word) == c.stem);
}

TEST_CASE("stemmer: language list and ISO codes", "[stemmer]") {
  const auto langs = stemming_languages();
  for (const char *l : {"english", "french", "russian", "arabic", "spanish", "none"})
    CHECK(std::find(langs.begin(), langs.end(), l) != langs.end());
  CHECK(canonical_language("en") == "english");
  CHECK(canonical_language("FR") == "french");
  CHECK(canonical_language("ru") == "russian");
  CHECK(canonical_language("none") == "none");
  CHECK_THROWS_AS(canonical_language("klingon"), UsageError);
  CHECK_THROWS_WITH(canonical_language("klingon"), Catch::Contains("klingon"));
}

TEST_CASE("stemmer: the adapter plugs into Xapian's TermGenerator", "[stemmer][xapian]") {
  Xapian::Stem stem = detail::make_stem("english");
  CHECK(stem.get_description().find("snowball:english") != std::string::npos);
  Xapian::TermGenerator tg;
  tg.set_stemmer(stem);
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text("Preventive diplomacy of the nations");
  std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  CHECK(terms == std::vector<std::string>{"diplomaci", "nation", "of", "prevent", "the"});
}

TEST_CASE("stemmer: Arabic spelling variants give one stem", "[stemmer][arabic]") {
  // Pairs that Snowball's Arabic stemmer alone stems apart (ى/ي, ة/ه, a word with and without harakat
  // or a hamza on its alef); normalise_arabic() runs first, in the index and in the query alike.
  const std::pair<const char *, const char *> pairs[] = {
      {"على", "علي"},     {"حتى", "حتي"},         {"مستوى", "مستوي"},     {"الحرية", "الحريه"}, {"حرية", "حريه"},
      {"كرامة", "كرامه"}, {"الإنسان", "الانسان"}, {"التَّعْلِيمُ", "التعليم"}, {"الْحُرِّيَّةُ", "الحرية"}, {"أساسية", "اساسيه"},
      {"ک", "ك"}};
  for (const auto &[a, b] : pairs) {
    CAPTURE(a, b);
    CHECK(stem_word("arabic", a) == stem_word("arabic", b));
    CHECK(stem_word("none", a) == stem_word("none", b));
  }
  // ...and what the stemmer stems together stays together: a noun with and without the article (which
  // Lucene's ة → ه alone would part: الأسرة → الاسره keeps its ه), a pronoun suffix.
  const std::pair<const char *, const char *> stemmed[] = {
      {"أسرة", "الأسرة"}, {"اسره", "الاسره"}, {"حياة", "حياته"}, {"كرامة", "الكرامة"}};
  for (const auto &[a, b] : stemmed) {
    CAPTURE(a, b);
    CHECK(stem_word("arabic", a) == stem_word("arabic", b));
  }
}
