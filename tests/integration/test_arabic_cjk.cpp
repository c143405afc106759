// Arabic normalisation and CJK ranking on the UDHR (issue 10 item 6): Arabic queries with or without
// diacritics, or spelled with ى/ي, ة/ه or أ/ا, find the same passages; Chinese and Japanese queries of
// 2-6 characters rank a passage holding them in sequence first, quoted or not, and highlight the run as
// one mark. The queries are in tests/data/udhr-cjk-arabic-queries.tsv (shared with
// scripts/eval-cjk-arabic); the texts in ../shared/corpora/udhr.
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

struct UdhrQuery {
  std::string file, query, expected, same_as;
};

/// The queries of tests/data/udhr-cjk-arabic-queries.tsv whose file is `file`.
std::vector<UdhrQuery> queries_for(const std::string &file) {
  std::ifstream in(parasearch::test::source_dir() / "tests" / "data" / "udhr-cjk-arabic-queries.tsv");
  REQUIRE(in);
  std::vector<UdhrQuery> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (std::size_t from = 0;;) {
      const std::size_t tab = line.find('\t', from);
      fields.push_back(line.substr(from, tab - from));
      if (tab == std::string::npos) break;
      from = tab + 1;
    }
    REQUIRE(fields.size() >= 3);
    if (fields[0] == file) out.push_back({fields[0], fields[1], fields[2], fields.size() > 3 ? fields[3] : ""});
  }
  return out;
}

/// The UDHR text `file`, or an empty path if ../shared is not there.
fs::path udhr(const std::string &file) {
  const fs::path p = parasearch::test::source_dir() / ".." / "shared" / "corpora" / "udhr" / file;
  return fs::exists(p) ? p : fs::path();
}

/// An index of `text` with stemming language `lang`, in `dir`.
void index_file(const fs::path &dir, const fs::path &text, const std::string &lang) {
  parasearch::IndexOptions options;
  options.db = dir;
  options.language = lang;
  parasearch::Indexer(options).index_paths({text});
}

/// The UDHR text `file` indexed into `dir` with stemming language `lang`; false, with the test marked
/// skipped, if ../shared is not there (the caller then returns).
bool index_udhr(const fs::path &dir, const std::string &file, const std::string &lang) {
  const fs::path text = udhr(file);
  if (text.empty()) {
    parasearch::test::skip("the UDHR texts (../shared/corpora/udhr) are not available");
    return false;
  }
  index_file(dir, text, lang);
  return true;
}

/// The (path, paragraph) of every hit of `q`.
std::set<std::pair<std::string, unsigned>> hits_of(Searcher &s, const std::string &q) {
  SearchOptions o;
  o.limit = 1000;
  std::set<std::pair<std::string, unsigned>> out;
  for (const auto &h : s.search(q, o).hits)
    out.insert({h.path, h.paragraph});
  return out;
}

/// The UTF-8 characters of `text`, one string each.
std::vector<std::string> characters(const std::string &text) {
  std::vector<std::string> out;
  for (char b : text)
    if ((static_cast<unsigned char>(b) & 0xC0) != 0x80 || out.empty())
      out.emplace_back(1, b);
    else
      out.back() += b;
  return out;
}

/// The text of the first hit of `q`, or "" if none.
std::string first_text(Searcher &s, const std::string &q) {
  const auto hits = s.search(q).hits;
  return hits.empty() ? std::string() : hits.front().text;
}

} // namespace

TEST_CASE("CJK: a query of 2-6 characters ranks a passage holding them in sequence first, quoted or not",
          "[integration][cjk][udhr]") {
  for (const std::string file : {"zh.txt", "ja.txt"}) {
    TempDir db;
    if (!index_udhr(db.path(), file, "none")) return;
    Searcher s(db.path());
    const auto queries = queries_for(file);
    CHECK(queries.size() >= 10);
    for (const UdhrQuery &q : queries) {
      INFO(file << ": " << q.query);
      CHECK(first_text(s, q.query).find(q.expected) != std::string::npos);
      CHECK(first_text(s, "\"" + q.query + "\"").find(q.expected) != std::string::npos);
      // The rewrite only ranks: the passages that match unquoted are those that matched before, all of
      // them holding every character.
      for (const auto &h : s.search(q.query).hits)
        for (const std::string &c : characters(q.query))
          CHECK(h.text.find(c) != std::string::npos);
    }
  }
}

TEST_CASE("CJK: the run of a query is highlighted as one mark", "[integration][cjk][udhr]") {
  TempDir db;
  if (!index_udhr(db.path(), "zh.txt", "none")) return;
  Searcher s(db.path());
  for (const std::string q : {"受教育的权利", "\"受教育的权利\"", "人身安全"}) {
    INFO(q);
    const auto hits = s.search(q).hits;
    REQUIRE(!hits.empty());
    std::vector<std::string> marks;
    for (const auto &[b, e] : hits.front().highlights)
      marks.push_back(hits.front().text.substr(b, e - b));
    const std::string run = q[0] == '"' ? q.substr(1, q.size() - 2) : q;
    CHECK(std::count(marks.begin(), marks.end(), run) == 1);
  }
}

TEST_CASE("Arabic: diacritics, ى/ي, ة/ه and hamza forms do not change what a query finds",
          "[integration][arabic][udhr]") {
  TempDir db;
  if (!index_udhr(db.path(), "ar.txt", "arabic")) return;
  Searcher s(db.path());
  const auto queries = queries_for("ar.txt");
  CHECK(queries.size() >= 6);
  for (const UdhrQuery &q : queries) {
    INFO(q.query << " (as " << q.same_as << ")");
    CHECK(first_text(s, q.query).find(q.expected) != std::string::npos);
    if (!q.same_as.empty()) CHECK(hits_of(s, q.query) == hits_of(s, q.same_as));
  }
}

TEST_CASE("CJK: --explain lists the in-sequence bonus, and the parts add up to the score", "[integration][cjk][udhr]") {
  TempDir db;
  if (!index_udhr(db.path(), "zh.txt", "none")) return;
  Searcher s(db.path());
  SearchOptions o;
  o.explain = true;
  const auto hits = s.search("平等的权利", o).hits;
  REQUIRE(hits.size() == 2);
  for (const auto &h : hits) {
    INFO(h.explanation);
    std::istringstream lines(h.explanation);
    std::string line;
    std::getline(lines, line);
    double sum = 0;
    std::size_t parts = 0;
    for (; std::getline(lines, line); ++parts)
      sum += std::stod(line);
    // Each line is rounded to 3 decimals: the sum is within 0.0005 a line of the score.
    CHECK(sum == Approx(h.score).margin(0.0005 * static_cast<double>(parts) + 1e-9));
    // Only the passage holding the run in sequence has the bonus.
    CHECK((h.explanation.find("'平等的权利' in sequence") != std::string::npos) ==
          (h.text.find("平等的权利") != std::string::npos));
  }
}

TEST_CASE("fullwidth: letters and digits typed or written in fullwidth find their ASCII forms and back",
          "[integration][cjk][fullwidth]") {
  TempDir db;
  {
    parasearch::IndexOptions options;
    options.db = db.path();
    parasearch::Indexer indexer(options);
    // ａｐａｒｔｈｅｉｄ, ＵＮ and ２０１５ as a CJK input method writes them, and the same in ASCII.
    indexer.add_record(
        "fullwidth.txt", "",
        "The policy of \xEF\xBD\x81\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x94\xEF\xBD\x88\xEF\xBD\x85"
        "\xEF\xBD\x89\xEF\xBD\x84 was condemned by the \xEF\xBC\xB5\xEF\xBC\xAE (\xEF\xBC\x92\xEF\xBC\x90"
        "\xEF\xBC\x91\xEF\xBC\x95).\n");
    indexer.add_record("ascii.txt", "", "Apartheid ended; the UN report of 2015 says so.\n");
    indexer.commit();
  }
  Searcher s(db.path());
  const std::string fullwidth_word = "\xEF\xBD\x81\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x94\xEF\xBD\x88"
                                     "\xEF\xBD\x85\xEF\xBD\x89\xEF\xBD\x84"; // ａｐａｒｔｈｅｉｄ
  const std::set<std::pair<std::string, unsigned>> both = {{"ascii.txt", 1}, {"fullwidth.txt", 1}};
  CHECK(hits_of(s, "apartheid") == both);
  CHECK(hits_of(s, fullwidth_word) == both);
  CHECK(hits_of(s, "\"policy of apartheid\"") == std::set<std::pair<std::string, unsigned>>{{"fullwidth.txt", 1}});
  CHECK(hits_of(s, "2015") == both);
  CHECK(hits_of(s, "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x95") == both); // ２０１５
  // The highlight covers the word as written, all 27 bytes of it.
  for (const parasearch::Hit &h : s.search("apartheid").hits) {
    if (h.path != "fullwidth.txt") continue;
    REQUIRE(h.highlights.size() == 1);
    CHECK(h.text.substr(h.highlights[0].first, h.highlights[0].second - h.highlights[0].first) == fullwidth_word);
  }
}

TEST_CASE("fullwidth: the Japanese UDHR's article numbers are found typed either way", "[integration][cjk][udhr]") {
  TempDir db;
  if (!index_udhr(db.path(), "ja.txt", "none")) return;
  Searcher s(db.path());
  // The text writes 第１条 (Article 1) with a fullwidth digit.
  const std::string ascii = "\"\xE7\xAC\xAC"
                            "1\xE6\x9D\xA1\"",
                    fullwidth = "\"\xE7\xAC\xAC\xEF\xBC\x91\xE6\x9D\xA1\"";
  const auto a = hits_of(s, ascii), f = hits_of(s, fullwidth);
  CHECK(!a.empty());
  CHECK(a == f);
  CHECK(first_text(s, ascii).find("\xE7\xAC\xAC\xEF\xBC\x91\xE6\x9D\xA1") != std::string::npos);
}
