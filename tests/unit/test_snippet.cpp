// Snippets: which words are highlighted, and where the fragment is cut.
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "query/snippet.hpp"

#include <catch2/catch.hpp>

using namespace parasearch::detail;

namespace {
std::string marked(std::string_view text, const std::set<std::string> &terms, std::size_t max_chars = 1000) {
  const Xapian::Stem stem = make_stem("english");
  return make_snippet(text, find_matches(text, terms, stem), max_chars, "[", "]");
}
/// `text` with what `spec` asks marked, as an English index's search marks it (stemmer and stop words).
std::string marked_english(std::string_view text, const MatchSpec &spec) {
  const Xapian::Stem stem = make_stem("english");
  return make_snippet(text, find_matches(text, spec, stem, stopper_for("english")), 1000, "[", "]");
}
} // namespace

TEST_CASE("snippet: highlights the original words whose stems matched", "[snippet]") {
  CHECK(marked("Preventive diplomacy and prevention.", {"prevent", "diplomaci"}) ==
        "[Preventive] [diplomacy] and [prevention].");
  CHECK(marked("The Secretary-General’s message", {"general"}) == "The Secretary-[General’s] message");
  CHECK(marked("No match here.", {"diplomaci"}) == "No match here.");
}

TEST_CASE("snippet: a long paragraph is cut around the densest matches", "[snippet]") {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "Filler words about budgets and committees. ";
  text += "Here preventive diplomacy matters most. ";
  for (int i = 0; i < 40; ++i)
    text += "More filler on procedure and agenda items. ";
  const std::string s = marked(text, {"prevent", "diplomaci"}, 120);
  CHECK(s.find("[preventive] [diplomacy]") != std::string::npos);
  CHECK(s.starts_with("\xE2\x80\xA6 "));
  CHECK(s.ends_with(" \xE2\x80\xA6"));
  // At most 120 characters of text, plus the marks and ellipses.
  std::size_t chars = 0;
  for (unsigned char ch : s)
    chars += (ch & 0xC0) != 0x80;
  CHECK(chars <= 120 + 4 + 4);
}

TEST_CASE("snippet: CJK characters match one by one, and adjacent ones make one mark", "[snippet][cjk]") {
  const Xapian::Stem none;
  const std::string text = "人人生而自由";
  const auto m = find_matches(text, {"自", "由"}, none);
  REQUIRE(m.size() == 1); // 自由 is one range, not 自 and 由
  CHECK(text.substr(m[0].first, m[0].second - m[0].first) == "自由");
  CHECK(find_matches(text, {"人", "由"}, none).size() == 2); // 人人 … 由: two runs
  // A whole run of matched characters is one mark; characters apart stay apart.
  CHECK(marked("人人有受教育的权利。教育应当免费，权利平等。", {"受", "教", "育", "的", "权", "利"}) ==
        "人人有[受教育的权利]。[教育]应当免费，[权利]平等。");
}

TEST_CASE("snippet: adjacent Latin words keep a mark each", "[snippet][cjk]") {
  // Only words with nothing between them merge: a space, a hyphen or punctuation keeps marks apart.
  CHECK(marked("human rights, human-rights", {"human", "right"}) == "[human] [rights], [human]-[rights]");
  CHECK(marked("UNESCO组织 and UNESCO 组织", {"unesco", "组", "织"}) == "[UNESCO组织] and [UNESCO] [组织]");
}

TEST_CASE("snippet: a phrase matches across stop words, as in the index", "[snippet]") {
  const Xapian::Stem stem = make_stem("english");
  MatchSpec spec;
  spec.phrases.push_back({"right", "develop"}); // "right to development" without its stop word
  const std::string text = "Man has a right to the development of all. Development is a right.";
  const auto matches = find_matches(text, spec, stem, stopper_for("english"));
  CHECK(make_snippet(text, matches, 1000, "[", "]") ==
        "Man has a [right] to the [development] of all. Development is a right.");
  // Without the stopper, only literally consecutive words form the phrase.
  CHECK(find_matches(text, spec, stem).empty());
}

TEST_CASE("snippet: the joined word of a hyphenated compound highlights its parts", "[snippet][compounds]") {
  // The index stores "peace-keeping" also as "peacekeep" (common/compounds.hpp).
  CHECK(marked("UN peace-keeping and peace keeping; peacekeeping.", {"peacekeep"}) ==
        "UN [peace]-[keeping] and peace keeping; [peacekeeping].");
  CHECK(marked("Non-self-governing territories", {"nonselfgovern"}) == "[Non]-[self]-[governing] territories");
  // Only one hyphen joins: a dash with spaces, or two hyphens, does not.
  CHECK(marked("peace - keeping, peace--keeping", {"peacekeep"}) == "peace - keeping, peace--keeping");
}

TEST_CASE("snippet: a CJK phrase highlights its characters as one mark, not its bigrams", "[snippet][cjk]") {
  const Xapian::Stem stem = make_stem("english");
  // What query/cjk_phrases.cpp makes of "教育": the characters and the bigram between them.
  const std::vector<Xapian::Query> terms{Xapian::Query("教"), Xapian::Query("教育"), Xapian::Query("育")};
  ParsedQuery parsed;
  parsed.query = Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end());
  const MatchSpec spec = highlight_spec(parsed);
  const std::string text = "受教育和教学和育";
  CHECK(make_snippet(text, find_matches(text, spec, stem), 1000, "[", "]") == "受[教育]和教学和育");
}

TEST_CASE("snippet: a stop word is never highlighted, though its stem is a term asked for", "[snippet]") {
  // "beings" stems to "be", as "being" and "be" do; those two are stop words, not indexed, so they
  // did not match and are not marked (they used to pull the fragment away from the real matches).
  MatchSpec spec;
  spec.terms = {"be"};
  CHECK(marked_english("Human beings will be free, being equal.", spec) == "Human [beings] will be free, being equal.");
}

TEST_CASE("snippet: a wildcard highlights a hyphenated compound whose joined word it matches", "[snippet][compounds]") {
  MatchSpec spec;
  spec.prefixes = {"peacekeep"};
  CHECK(marked_english("UN peace-keeping and peacekeepers, but peace keeping apart.", spec) ==
        "UN [peace]-[keeping] and [peacekeepers], but peace keeping apart.");
}
