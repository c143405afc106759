// Integration tests of query-language matching: stop words in phrases are decided on the word as
// typed, every kind of double quote and guillemet delimits a phrase, quoted CJK text matches exactly
// where the text holds it (synthetic text and the Chinese and Japanese UDHR from ../shared), and a
// compound matches in its three spellings (peacekeeping, peace-keeping, peace keeping).
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
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

TEST_CASE("phrases: guillemets and typographic quotes delimit phrases; apostrophes stay", "[integration][quotes]") {
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

