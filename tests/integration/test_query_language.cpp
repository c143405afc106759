// Integration tests of query-language matching: stop words in phrases are decided on the word as
// typed, every kind of double quote and guillemet delimits a phrase, quoted CJK text matches exactly
// where the text holds it (synthetic text and the Chinese and Japanese UDHR from ../shared), and a
// compound matches in its three spellings (peacekeeping, peace-keeping, peace keeping).
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parasearch::Hit;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

/// An index of `files` (path, text) in `dir`, English stemming.
void index_texts(const fs::path &dir, const std::vector<std::pair<std::string, std::string>> &files,
                 const std::string &lang = "english") {
  parasearch::IndexOptions options;
  options.db = dir;
  options.language = lang;
  parasearch::Indexer indexer(options);
  for (const auto &[path, text] : files)
    indexer.add_text(path, text);
  indexer.commit();
}

/// The text of every passage `q` finds.
std::set<std::string> texts(Searcher &s, const std::string &q) {
  SearchOptions o;
  o.limit = 10000;
  std::set<std::string> out;
  for (const Hit &h : s.search(q, o).hits)
    out.insert(h.text);
  return out;
}

/// The words highlighted in the passage of `q`'s hits whose text is `text`.
std::vector<std::string> highlighted(Searcher &s, const std::string &q, const std::string &text) {
  SearchOptions o;
  o.limit = 10000;
  std::vector<std::string> out;
  for (const Hit &h : s.search(q, o).hits)
    if (h.text == text)
      for (const auto &[b, e] : h.highlights)
        out.push_back(h.text.substr(b, e - b));
  return out;
}

std::string read_file(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

TEST_CASE("phrases: a word whose stem equals a stop word's stays in the phrase", "[integration][phrase-stopwords]") {
  TempDir dir;
  const std::string smith = "John Smith spoke for the delegation.";
  const std::string doe = "John Doe spoke for the delegation.";
  const std::string dev = "We affirm the right to the development of all peoples.";
  index_texts(dir.path(), {{"a.txt", smith + "\n" + doe + "\n" + dev + "\n"}});
  Searcher s(dir.path());
  // "Doe" stems to "doe", as the stop word "does" does: it must not be dropped from the phrase.
  CHECK(texts(s, "\"John Doe\"") == std::set<std::string>{doe});
  CHECK(texts(s, "\"john doe spoke\"") == std::set<std::string>{doe});
  // Stop words typed in a phrase are still skipped, as the index skips them.
  CHECK(texts(s, "\"right to development\"") == std::set<std::string>{dev});
  // The same stem typed once as a stop word and once not: each word is judged as typed.
  CHECK(texts(s, "\"John does Doe\"") == std::set<std::string>{doe});
}

TEST_CASE("phrases: guillemets and typographic quotes delimit phrases, apostrophes stay", "[integration][quotes]") {
  TempDir dir;
  const std::string together = "Une paix durable est notre but commun.";
  const std::string apart = "La paix ne sera jamais durable sans justice.";
  const std::string homme = "Les droits de l\u2019homme libre sont universels.";
  const std::string reversed = "Libre est l\u2019homme qui pense.";
  index_texts(dir.path(), {{"fr.txt", together + "\n" + apart + "\n" + homme + "\n" + reversed + "\n"}});
  Searcher s(dir.path());
  // Without quotes the words are found apart too: this is what an unrecognised quote falls back to.
  REQUIRE(texts(s, "paix durable").size() == 2);
  for (const std::string q : {"\u00ABpaix durable\u00BB", "\u00AB\u00A0paix durable\u00A0\u00BB",
                              "\u00BBpaix durable\u00AB", "\u201Epaix durable\u201C", "\u201Epaix durable\u201D",
                              "\u201Cpaix durable\u201D", "\u2039paix durable\u203A", "\u300Cpaix durable\u300D",
                              "\u300Epaix durable\u300F", "\uFF02paix durable\uFF02", "\u301Dpaix durable\u301E"}) {
    INFO(q);
    CHECK(texts(s, q) == std::set<std::string>{together});
  }
  // An apostrophe inside a word is not a quote: the elided article stays with its word.
  for (const std::string q :
       {"\u00ABl\u2019homme libre\u00BB", "\u201El'homme libre\u201C", "\u2039l\u2019homme libre\u203A"}) {
    INFO(q);
    CHECK(texts(s, q) == std::set<std::string>{homme});
  }
  // Operators inside guillemets are words, and synonyms are not expanded there.
  s.add_synonyms({"paix", "concorde"});
  CHECK(texts(s, "\u00ABpaix durable\u00BB") == std::set<std::string>{together});
  CHECK(texts(s, "paix") == texts(s, "concorde"));
}

TEST_CASE("CJK: a quoted string matches exactly the passages holding it", "[integration][cjk]") {
  TempDir dir;
  const std::string whole =
      "\u6211\u4eec\u53d7\u6559\u80b2\u7684\u6743\u5229\u5f88\u91cd\u8981"; // 我们受教育的权利很重要
  const std::string parts = "\u53d7\u6559\u80b2\u548c\u6743\u5229";         // 受教育和权利
  const std::string reversed = "\u80b2\u6559\u4eba\u4eba";                  // 育教人人
  const std::string mixed = "UNESCO\u7ec4\u7ec7\u7684\u5de5\u4f5c";         // UNESCO组织的工作
  const std::string mixed_apart = "\u7ec4\u7ec7 UNESCO \u7684\u5de5\u4f5c"; // 组织 UNESCO 的工作
  // A title first (a heading-like first line is the title); blank lines between paragraphs, as lines
  // without sentence ends would be joined as wrapped text.
  index_texts(dir.path(), {{"zh.txt", "\u6807\u9898\n\n" + whole + "\n\n" + parts + "\n\n" + reversed + "\n\n" + mixed +
                                          "\n\n" + mixed_apart + "\n"}});
  Searcher s(dir.path());
  const std::string phrase = "\u53d7\u6559\u80b2\u7684\u6743\u5229"; // 受教育的权利
  CHECK(texts(s, "\"" + phrase + "\"") == std::set<std::string>{whole});
  CHECK(texts(s, phrase) == std::set<std::string>{whole});                        // unquoted: every unigram and bigram
  CHECK(texts(s, "\"\u6559\u80b2\"") == std::set<std::string>{whole, parts});     // "教育"
  CHECK(texts(s, "\"\u6559\"") == std::set<std::string>{whole, parts, reversed}); // one character: a word
  CHECK(texts(s, "\"\u4eba\u4eba\"") == std::set<std::string>{reversed});         // a repeated character
  CHECK(texts(s, "\"\u6743\u5229 \u6559\u80b2\"").empty());                       // 权利 教育: not in this order
  // Mixed CJK and Latin: the Latin word stands next to the CJK run, with or without a space.
  CHECK(texts(s, "\"UNESCO\u7ec4\u7ec7\"") == std::set<std::string>{mixed});
  CHECK(texts(s, "\"unesco \u7ec4\u7ec7\u7684\"") == std::set<std::string>{mixed});
  CHECK(texts(s, "\"\u7ec4\u7ec7 UNESCO\"") == std::set<std::string>{mixed_apart});
  // Title phrases too, and the phrase's characters are what is highlighted, as one mark.
  CHECK(highlighted(s, "\"" + phrase + "\"", whole) == std::vector<std::string>{phrase});
  CHECK(highlighted(s, phrase, whole) == std::vector<std::string>{phrase}); // unquoted too
  CHECK(highlighted(s, "\"\u6559\u80b2\"", parts) == std::vector<std::string>{"\u6559\u80b2"});
}

TEST_CASE("CJK: quoted strings in the Chinese and Japanese UDHR find exactly the paragraphs holding them",
          "[integration][cjk][udhr]") {
  // ../shared from the source tree, or $PARASEARCH_SHARED (a worktree elsewhere has no ../shared).
  const char *env = std::getenv("PARASEARCH_SHARED");
  const fs::path shared =
      env != nullptr && *env != '\0' ? fs::path(env) : parasearch::test::source_dir() / ".." / "shared";
  const fs::path udhr = shared / "corpora" / "udhr";
  if (!fs::exists(udhr / "zh.txt") || !fs::exists(udhr / "ja.txt")) {
    parasearch::test::skip("no UDHR texts in ../shared/corpora/udhr");
    return;
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"zh.txt",
       {"\u53d7\u6559\u80b2\u7684\u6743\u5229", "\u6559\u80b2", "\u4eba\u4eba", "\u4eba\u4eba\u6709\u6743",
        "\u57fa\u672c\u81ea\u7531", "\u4e16\u754c\u4eba\u6743\u5ba3\u8a00"}},
      {"ja.txt",
       {"\u6559\u80b2", "\u3059\u3079\u3066\u306e\u4eba", "\u6559\u80b2\u3092\u53d7\u3051\u308b\u6a29\u5229",
        "\u57fa\u672c\u7684\u81ea\u7531", "\u4e16\u754c\u4eba\u6a29\u5ba3\u8a00"}}};
  for (const auto &[file, strings] : cases) {
    TempDir dir;
    index_texts(dir.path(), {{file, read_file(udhr / file)}}, "none");
    Searcher s(dir.path());
    for (const std::string &str : strings) {
      INFO(file << ": " << str);
      // Expected: the passages (among those holding every character) whose text holds the string.
      std::set<std::string> expected;
      for (const std::string &t : texts(s, str))
        if (t.find(str) != std::string::npos) expected.insert(t);
      CHECK(!expected.empty());
      CHECK(texts(s, "\"" + str + "\"") == expected);
    }
  }
}

TEST_CASE("compounds: peacekeeping, peace-keeping and peace keeping find each other", "[integration][compounds]") {
  TempDir dir;
  const std::string hyphen = "UN peace-keeping operations grew in 1995.";
  const std::string solid = "Peacekeeping operations are costly.";
  const std::string space = "Peace keeping matters to every region.";
  const std::string apart = "Peace is precious; keeping it is hard.";
  const std::string other = "Operations grew.";
  index_texts(dir.path(), {{"a.txt", hyphen + "\n" + solid + "\n" + space + "\n" + apart + "\n" + other + "\n"}});
  Searcher s(dir.path());
  const std::set<std::string> compound{hyphen, solid, space};
  CHECK(texts(s, "peace-keeping") == compound);
  CHECK(texts(s, "\"peace keeping\"") == compound);
  CHECK(texts(s, "\u00ABpeace keeping\u00BB") == compound);
  // The joined word finds the hyphenated spelling (indexed joined beside its parts), and the parts
  // written apart (the compound's split is in the index's synonym table, from the hyphenated one).
  CHECK(texts(s, "peacekeeping") == compound);
  CHECK(texts(s, "Peacekeeping OR budget") == compound);
  CHECK(texts(s, "\"peacekeeping operations\"") == std::set<std::string>{hyphen, solid});
  CHECK(texts(s, "\"UN peacekeeping\"") == std::set<std::string>{hyphen});
  CHECK(texts(s, "\"UN peace-keeping operations\"") == std::set<std::string>{hyphen});
  // Two bare words find the joined spelling as well, with OR and with AND.
  CHECK(texts(s, "peace keeping").count(solid) == 1);
  SearchOptions all;
  all.default_and = true;
  all.limit = 100;
  std::set<std::string> and_hits;
  for (const Hit &h : s.search("peace keeping", all).hits)
    and_hits.insert(h.text);
  CHECK(and_hits == std::set<std::string>{hyphen, solid, space, apart});
  // Snippets highlight the compound as written, whichever spelling the query used.
  CHECK(highlighted(s, "peacekeeping", hyphen) == std::vector<std::string>{"peace", "keeping"});
  CHECK(highlighted(s, "peace-keeping", solid) == std::vector<std::string>{"Peacekeeping"});
  CHECK(highlighted(s, "\"peace keeping\"", hyphen) == std::vector<std::string>{"peace", "keeping"});
  CHECK(highlighted(s, "peacekeeping", space) == std::vector<std::string>{"Peace", "keeping"});
  CHECK(highlighted(s, "peacekeeping", apart).empty()); // "Peace ... keeping" apart is no compound
  // The three spellings are one query: the same passages with the same scores.
  auto scored = [&](const std::string &q) {
    std::map<std::string, double> out;
    for (const Hit &h : s.search(q).hits)
      out[h.text] = h.score;
    return out;
  };
  const std::map<std::string, double> joined = scored("peacekeeping operations");
  CHECK(joined.size() == 4);
  for (const char *q : {"peace-keeping operations", "\"peace keeping\" operations"}) {
    INFO(q);
    const std::map<std::string, double> spelt = scored(q);
    REQUIRE(spelt.size() == joined.size());
    for (const auto &[text, score] : joined)
      CHECK(spelt.at(text) == Approx(score).epsilon(1e-12));
  }
}

TEST_CASE("compounds: U+2010 and U+2011 hyphens join like '-', an en dash or other E2 character does not",
          "[integration][compounds]") {
  TempDir dir;
  // U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN; U+2013 EN DASH and U+2019 share their lead byte E2.
  const std::string u2010 = "Peace\u2010keeping in 1995.";
  const std::string u2011 = "Nation\u2011building in 1996.";
  const std::string dash = "Ceasefire\u2013monitoring in 1997.";
  const std::string quote = "The Council\u2019s re\u2010building in 1998.";
  index_texts(dir.path(), {{"a.txt", u2010 + "\n" + u2011 + "\n" + dash + "\n" + quote + "\n"}});
  Searcher s(dir.path());
  CHECK(texts(s, "peacekeeping") == std::set<std::string>{u2010});
  CHECK(texts(s, "nationbuilding") == std::set<std::string>{u2011});
  CHECK(texts(s, "rebuilding") == std::set<std::string>{quote});
  CHECK(texts(s, "ceasefiremonitoring").empty()); // an en dash joins no compound
}

TEST_CASE("compounds: a joined word is split only where the index saw it hyphenated", "[integration][compounds]") {
  TempDir dir;
  // "peace-building" is hyphenated somewhere, "landlocked" never: "land locked" is not its split.
  index_texts(dir.path(), {{"a.txt", "Peace-building takes years.\nPeace building is slow.\nLandlocked States.\n"
                                     "Land locked away.\n"}});
  Searcher s(dir.path());
  CHECK(texts(s, "peacebuilding") == std::set<std::string>{"Peace-building takes years.", "Peace building is slow."});
  CHECK(texts(s, "landlocked") == std::set<std::string>{"Landlocked States."});
}

TEST_CASE("compounds: a hyphenation whose joined stem is one of its parts is not split", "[integration][compounds]") {
  TempDir dir;
  // "peace-fully" (a line-break artefact) joins to "peacefully", stemmed "peac" like "peace" itself:
  // splitting it would make every query for "peace" look for the phrase "peace fully" too.
  index_texts(dir.path(), {{"a.txt", "Settle it peace-fully.\nPeace matters.\nRestore peace fully.\n"}});
  Xapian::Database db(dir.path().string());
  CHECK(db.synonyms_begin("peac") == db.synonyms_end("peac"));
  Searcher s(dir.path());
  const auto r = s.search("peace");
  CHECK(r.parsed_query.find("fulli") == std::string::npos);
  CHECK(r.hits.size() == 3);
}

TEST_CASE("compounds: a split is searched for only where some passage writes it apart", "[integration][compounds]") {
  TempDir dir;
  index_texts(dir.path(), {{"a.txt", "Peace-keeping works.\nPeacekeeping costs.\n"}});
  Searcher s(dir.path());
  // The index knows the split "peace keep", but no passage writes it apart: no phrase to look for.
  CHECK(s.search("peacekeeping").parsed_query.find("PHRASE") == std::string::npos);
  // Once one does (and the Searcher sees the new index), the phrase finds it.
  index_texts(dir.path(), {{"b.txt", "Peace keeping is hard.\n"}});
  const auto r = s.search("peacekeeping");
  CHECK(r.parsed_query.find("PHRASE") != std::string::npos);
  std::set<std::string> found;
  for (const Hit &h : r.hits)
    found.insert(h.text);
  CHECK(found == std::set<std::string>{"Peace-keeping works.", "Peacekeeping costs.", "Peace keeping is hard."});
}

TEST_CASE("compounds: two words are not joined into another compound's stem", "[integration][compounds]") {
  TempDir dir;
  // "new foundations" joins to "newfoundations", stemmed "newfound" like "new-found": not the same compound.
  index_texts(dir.path(), {{"a.txt", "A new-found resolve.\nOn new foundations.\nA newfound hope.\n"}});
  Searcher s(dir.path());
  CHECK(texts(s, "\"new foundations\"") == std::set<std::string>{"On new foundations."});
  CHECK(texts(s, "\"new found\"") == std::set<std::string>{"A new-found resolve.", "A newfound hope."});
}

TEST_CASE("compounds: --explain lists the joined word only where it scores, and the lines add up",
          "[integration][compounds][explain]") {
  TempDir dir;
  index_texts(dir.path(), {{"a.txt", "UN peace-keeping operations grew in 1995.\nPeacekeeping operations are costly.\n"
                                     "Peace is precious; keeping it is hard.\n"}});
  Searcher s(dir.path());
  SearchOptions o;
  o.explain = true;
  o.limit = 10;
  for (const std::string q : {"peace keeping", "peace-keeping", "\"peace keeping operations\""}) {
    const auto hits = s.search(q, o).hits;
    REQUIRE(!hits.empty());
    for (const Hit &h : hits) {
      INFO(q << "\n" << h.text << "\n" << h.explanation);
      std::istringstream lines(h.explanation);
      std::string line;
      std::getline(lines, line);
      double sum = 0;
      while (std::getline(lines, line))
        sum += std::stod(line);
      CHECK(sum == Approx(h.score).margin(0.002));
      // Two words or a longer phrase: the joined word scores only in the passage that has no other
      // spelling of the compound. A compound of two words typed hyphenated is the joined word itself.
      const bool joined = h.explanation.find("'peacekeep'") != std::string::npos;
      if (q == "peace-keeping")
        CHECK(joined);
      else
        CHECK(joined == (h.text.find("Peacekeeping") == 0));
    }
  }
}
