// HTML end to end: the Dag Hammarskjöld Library's Security Council tables (../shared/corpora/un-html)
// indexed and searched, one passage per meeting row; and hostile HTML (100,000-deep nesting, a 50 MB
// page) through the real parasearch-index, which goes on with the other files.
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::TempDir;
using parasearch::test::write_file;

fs::path un_html() {
  const fs::path p = parasearch::test::source_dir() / ".." / "shared" / "corpora" / "un-html";
  return fs::is_directory(p) ? p : fs::path();
}

std::vector<parasearch::Hit> search(const fs::path &db, const std::string &query, std::size_t limit = 10) {
  parasearch::Searcher searcher(db);
  parasearch::SearchOptions options;
  options.limit = limit;
  return searcher.search(query, options).hits;
}

/// The un-html folder indexed into a temporary index (default options).
struct DhlIndex {
  TempDir dir;
  parasearch::IndexSummary summary;
  explicit DhlIndex(const fs::path &corpus) {
    parasearch::IndexOptions options;
    options.db = dir.path();
    parasearch::Indexer indexer(options);
    summary = indexer.index_paths({corpus});
  }
  const fs::path &path() const { return dir.path(); }
};

} // namespace

TEST_CASE("html: the DHL Security Council tables are indexed one passage per meeting row", "[html][dhl]") {
  const fs::path corpus = un_html();
  if (corpus.empty()) {
    parasearch::test::skip("../shared/corpora/un-html is not available");
    return;
  }
  static const DhlIndex db(corpus); // built once for all sections
  CHECK(db.summary.added == 50);
  CHECK(db.summary.skipped == 0);
  CHECK(db.summary.failed == 0);
  SECTION("S/PV.7599 finds its row, first, as the whole passage") {
    const auto hits = search(db.path(), "S/PV.7599");
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].path == "scact2015_table_en.html");
    CHECK(hits[0].title == "Meetings conducted by the Security Council in 2015 (in reverse chronological order)");
    CHECK(hits[0].text == "S/PV.7599 | 31 December | SC/12189 | United Nations peacekeeping operations | "
                          "S/PRST/2015/26");
  }
  SECTION("'situation in Libya' finds meeting rows on Libya, each one row") {
    const auto hits = search(db.path(), "\"situation in Libya\"", 50);
    REQUIRE(hits.size() == 50);
    for (const auto &h : hits) {
      INFO(h.path << " ¶" << h.paragraph << ": " << h.text);
      CHECK(h.text.find("situation in Libya") != std::string::npos);
      CHECK(h.text.starts_with("S/PV."));                  // a meeting row, from its record symbol
      CHECK(h.text.find("S/PV.", 1) == std::string::npos); // and only one
    }
    // The 2015 row of the Libya meeting on 23 December.
    bool found = false;
    for (const auto &h : search(db.path(), "\"situation in Libya\" S/PV.7598"))
      found = found || h.text == "S/PV.7598 | 23 December | SC/12185 | The situation in Libya | S/RES/2259 (2015) "
                                 "15-0-0";
    CHECK(found);
  }
  SECTION("2015 has one passage per meeting: 250 rows, from S/PV.7599 down to S/PV.7355") {
    const auto first = search(db.path(), "S/PV.7355");
    REQUIRE_FALSE(first.empty());
    CHECK(first[0].path == "scact2015_table_en.html");
    CHECK(first[0].paragraph == 250);
    CHECK(first[0].text.starts_with("S/PV.7355 | "));
  }
  SECTION("no markup, entity or BOM reaches the index") {
    for (const std::string q : {"href", "tbltitle", "eacute", "mdash", "td"})
      CHECK(search(db.path(), q).empty());
    const auto hits = search(db.path(), "Côte d'Ivoire");
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].text.find("Côte d’Ivoire") + hits[0].text.find("Côte d'Ivoire") != 2 * std::string::npos);
  }
}

TEST_CASE("html: nesting 100,000 deep and a 50 MB page are indexed, and the other files too", "[html][badinput]") {
  TempDir in;
  TempDir db;
  write_file(in / "a_first.txt", "The Assembly discussed albatross conservation at length.\n");
  write_file(in / "z_last.html", "<html><body><p>The Council visited the zeppelin hangar in the capital.</p>"
                                 "</body></html>");
  {
    std::ofstream out(in / "b_deep.html", std::ios::binary);
    out << "<html><body>";
    for (int i = 0; i < 100000; ++i)
      out << "<div>";
    out << "<p>The ocelot paragraph sits at the bottom of a very deep page, with commas, as text.</p>";
    for (int i = 0; i < 100000; ++i)
      out << "</div>";
    out << "</body></html>";
  }
  // 50 MB of 2 KB paragraphs, mostly 80-letter tokens (too long to be terms, so Xapian's work stays small
  // and the test fast), each with a few real words and its number.
  constexpr std::size_t kBytes = std::size_t{50} << 20;
  std::string filler;
  std::uint32_t x = 7;
  while (filler.size() < 2000) {
    filler += ' ';
    for (int i = 0; i < 80; ++i) {
      x = x * 1103515245u + 12345u;
      filler += static_cast<char>('a' + (x >> 16) % 26);
    }
  }
  std::size_t paragraphs = 0;
  {
    std::ofstream out(in / "m_big.html", std::ios::binary);
    out << "<html><head><title>A big page</title></head><body><article>";
    for (std::size_t written = 0; written < kBytes; ++paragraphs) {
      const std::string p = "<p>The Council, recalling its resolutions, calls for a ceasefire," + filler +
                            ", paragraph " + std::to_string(paragraphs) + (paragraphs == 0 ? " wombat" : "") +
                            ".</p>\n";
      out << p;
      written += p.size();
    }
    out << "</article></body></html>";
  }
  parasearch::test::ProcessOptions options;
  options.env = {"ASAN_OPTIONS=quarantine_size_mb=0:detect_leaks=1:abort_on_error=1"};
  options.timeout = std::chrono::seconds(240);
  const auto r = parasearch::test::run_process(PARASEARCH_INDEX_EXE,
                                               {"--db", db.path().string(), "-v", in.path().string()}, options);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.signal == 0);
  CHECK(r.status == 0);
  CHECK(r.out.find("4 added") != std::string::npos);
  // The page (50 MB), its passages and Xapian's buffers; measured 230 MB.
  const long bound_mb = parasearch::test::kSanitized ? 900 : 500;
  INFO("peak RSS " << r.max_rss_kb / 1024 << " MB");
  if (!parasearch::test::kThreadSanitized) CHECK(r.max_rss_kb / 1024 < bound_mb);

  for (const auto &[word, path] : std::vector<std::pair<std::string, std::string>>{{"albatross", "a_first.txt"},
                                                                                   {"zeppelin", "z_last.html"},
                                                                                   {"ocelot", "b_deep.html"},
                                                                                   {"wombat", "m_big.html"}}) {
    const auto hits = search(db.path(), word);
    INFO(word);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].path == path);
  }
  const auto last = search(db.path(), "\"paragraph " + std::to_string(paragraphs - 1) + "\"");
  REQUIRE(last.size() == 1);
  CHECK(last[0].paragraph == paragraphs);
}
