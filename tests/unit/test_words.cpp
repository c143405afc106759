// words_of(): the words of a text as TermGenerator sees them, with their byte spans and terms.
#include "common/snowball_stem.hpp"
#include "common/words.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <bitset>
#include <filesystem>
#include <string>
#include <vector>

using namespace parasearch::detail;

namespace {

std::vector<std::string> words(const std::string &text) {
  std::vector<std::string> out;
  for (const Word &w : words_of(text, Xapian::Stem()))
    out.push_back(w.word);
  return out;
}

} // namespace

TEST_CASE("words: ASCII, accented, apostrophes and CJK split as TermGenerator does", "[words]") {
  CHECK(words("The Secretary-General's report, 1995.") ==
        std::vector<std::string>{"the", "secretary", "general's", "report", "1995"});
  CHECK(words("\xC3\x89tats \xC3\xA0 l\xE2\x80\x99ONU") ==
        std::vector<std::string>{"\xC3\xA9tats", "\xC3\xA0", "l'onu"}); // É lowercased, ’ read as '
  // Each CJK character is a word; Latin next to it is not glued to it.
  CHECK(words("UN\xE6\x95\x99\xE8\x82\xB2x") == std::vector<std::string>{"un", "\xE6\x95\x99", "\xE8\x82\xB2", "x"});
  // Fullwidth letters and digits are read as ASCII, as the indexer reads the text (common/fold.hpp
  // fold_width): ＡＢ is the word ab (Xapian 1.4 alone would take each for a CJK character).
  CHECK(words("\xEF\xBC\xA1\xEF\xBC\xA2") == std::vector<std::string>{"ab"});
  CHECK(words("\xE7\xAC\xAC\xEF\xBC\x91\xE6\x9D\xA1") ==
        std::vector<std::string>{"\xE7\xAC\xAC", "1", "\xE6\x9D\xA1"}); // 第１条
  CHECK(words("it's' end'") == std::vector<std::string>{"it's", "end"});
  CHECK(words("").empty());
  CHECK(words(" -- ").empty());
}

TEST_CASE("words: spans are byte ranges of the words in the text, and terms are stemmed", "[words]") {
  const std::string text = "caf\xC3\xA9 peace-keeping";
  const auto w = words_of(text, parasearch::detail::make_stem("english"));
  REQUIRE(w.size() == 3);
  CHECK(text.substr(w[0].span.first, w[0].span.second - w[0].span.first) == "caf\xC3\xA9");
  CHECK(text.substr(w[2].span.first, w[2].span.second - w[2].span.first) == "keeping");
  CHECK(w[2].term == "keep");
  // A byte that is not UTF-8 is one character (Latin-1), never a crash or a skipped rest.
  CHECK(words("a\xFF"
              "b c")
            .size() >= 2);
}

TEST_CASE("words: the stemmers said to keep an ASCII initial keep it on the UDHR in every language",
          "[words][snippet]") {
  // find_matches() stems only the words whose first letter a query term has; that is exact only if
  // these stemmers never change the first letter of an ASCII word without an apostrophe.
  const std::filesystem::path udhr = parasearch::test::source_dir() / ".." / "shared" / "corpora" / "udhr";
  if (!std::filesystem::exists(udhr / "en.txt")) {
    parasearch::test::skip("the UDHR texts (../shared/corpora/udhr) are not available");
    return;
  }
  std::string all; // every language's text, so each stemmer also sees foreign words
  for (const char *code : {"en", "fr", "es", "de", "ru", "tr", "el", "ar", "hi"})
    all += parasearch::test::read_file(udhr / (std::string(code) + ".txt")) + "\n";
  all += "Dying skies generously. Ugly early news idly. Ar bhfuil gcathair mbean. Mengambil diambil.\n";
  std::size_t checked = 0;
  for (const std::string language :
       {"english", "porter",     "french",  "spanish", "italian",    "portuguese", "german",  "dutch",
        "danish",  "norwegian",  "swedish", "finnish", "hungarian",  "romanian",   "russian", "turkish",
        "catalan", "lithuanian", "basque",  "none",    "indonesian", "irish"}) {
    INFO("language " << language);
    const Xapian::Stem stem = make_stem(language);
    bool keeps = true;
    for (const Word &w : words_of(all, stem)) {
      const auto first = static_cast<unsigned char>(w.word.front());
      if (first >= 0x80 || w.word.find('\'') != std::string::npos) continue;
      keeps &= !w.term.empty() && w.term.front() == w.word.front();
      ++checked;
    }
    CHECK(keeps == keeps_ascii_initial(stem)); // the list is right both ways (Indonesian, Irish: prefixes)
  }
  CHECK(checked > 10000);
  // The filtered split stems what it must and leaves the rest unstemmed.
  std::bitset<128> initials;
  initials.set('h');
  const std::vector<Word> some = words_of("Human rights for humanity", make_stem("english"), initials);
  REQUIRE(some.size() == 4);
  CHECK(some[0].term == "human");
  CHECK(some[1].term.empty());
  CHECK(some[3].term == "human");
}

TEST_CASE("words: a fullwidth word's span covers its bytes in the text as written", "[words]") {
  const std::string text = "the \xEF\xBD\x81\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x94 era"; // ａｐａｒｔ
  const auto w = words_of(text, parasearch::detail::make_stem("english"));
  REQUIRE(w.size() == 3);
  CHECK(w[1].word == "apart");
  CHECK(w[1].span == std::pair<std::size_t, std::size_t>{4, 19});
  CHECK(w[2].span.first == 20);
}
