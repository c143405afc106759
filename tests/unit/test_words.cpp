// words_of(): the words of a text as TermGenerator sees them, with their byte spans and terms.
#include "common/snowball_stem.hpp"
#include "common/words.hpp"

#include <catch2/catch.hpp>

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
  // Fullwidth forms are CJK for Xapian 1.4 (U+FF21 'Ａ'), as the indexer's n-grams treat them.
  CHECK(words("\xEF\xBC\xA1\xEF\xBC\xA2").size() == 2);
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
