// Integration tests: build real indexes in temporary folders with Indexer, then query them with Searcher.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::FileEvent;
using parasearch::FileStatus;
using parasearch::Hit;
using parasearch::IndexOptions;
using parasearch::IndexSummary;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::contains;
using parasearch::test::TempDir;
using parasearch::test::write_file;

constexpr const char *kCorpusFile = "000_8dde486aecdac76d.txt";
constexpr const char *kTitleStart = "Preventive Diplomacy Encompasses More than Conflict";

fs::path corpus_dir() { return parasearch::test::source_dir() / "corpus"; }

/// The lines of the sample corpus file, without line ends.
std::vector<std::string> corpus_lines() {
  std::istringstream in(parasearch::test::read_file(corpus_dir() / kCorpusFile));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

/// Indexes `paths` into `db` with a fresh Indexer (released on return); collects the file events.
IndexSummary index_into(const fs::path &db, const std::vector<fs::path> &paths, const std::string &language = {},
                        std::vector<FileEvent> *events = nullptr) {
  IndexOptions options;
  options.db = db;
  options.language = language;
  parasearch::Indexer indexer(options);
  return indexer.index_paths(paths, [&](const FileEvent &ev) {
    if (events != nullptr) events->push_back(ev);
  });
}

/// Up to `limit` hits of `query` in `db`.
std::vector<Hit> search(const fs::path &db, std::string_view query, std::size_t limit = 100) {
  Searcher searcher(db);
  SearchOptions options;
  options.limit = limit;
  return searcher.search(query, options).hits;
}

/// The hits of `query` in `db` when titles do not match ordinary words (title_weight 0): what the
/// paragraphs' own text selects.
std::vector<Hit> search_text(const fs::path &db, std::string_view query) {
  Searcher searcher(db);
  SearchOptions options;
  options.limit = 100;
  options.ranking.title_weight = 0;
  return searcher.search(query, options).hits;
}

/// The paragraph numbers of hits.
std::set<unsigned> paragraphs_of(const std::vector<Hit> &hits) {
  std::set<unsigned> out;
  for (const Hit &h : hits)
    out.insert(h.paragraph);
  return out;
}

/// The paragraph numbers of the hits that come from the press release (other files are ignored).
std::set<unsigned> press_paragraphs(const std::vector<Hit> &hits) {
  std::set<unsigned> out;
  for (const Hit &h : hits)
    if (h.path == kCorpusFile) out.insert(h.paragraph);
  return out;
}

/// Indexes the real corpus/ folder (the press release, plus whatever else the folder holds, such as its
/// README) into `db`; returns the press release's file event.
FileEvent index_corpus_folder(const TempDir &db) {
  std::vector<FileEvent> events;
  const IndexSummary summary = index_into(db.path(), {corpus_dir()}, {}, &events);
  REQUIRE(summary.failed == 0);
  const auto it =
      std::find_if(events.begin(), events.end(), [](const FileEvent &ev) { return ev.path == kCorpusFile; });
  REQUIRE(it != events.end());
  REQUIRE(it->status == FileStatus::kIndexed);
  return *it;
}

/// Indexes a folder holding only a copy of the press release into `db`, so that every hit comes from it.
void index_press_release(const TempDir &db) {
  TempDir input;
  write_file(input / kCorpusFile, parasearch::test::read_file(corpus_dir() / kCorpusFile));
  const IndexSummary summary = index_into(db.path(), {input.path()});
  REQUIRE(summary.indexed() == 1);
  REQUIRE(summary.paragraphs == 8);
}

} // namespace

// ---------------------------------------------------------------- the sample corpus

TEST_CASE("corpus: indexing corpus/ and searching 'preventive diplomacy' ranks 'Since taking office' first",
          "[integration][search]") {
  TempDir db;
  const FileEvent press = index_corpus_folder(db);
  CHECK(press.paragraphs == 8);
  const std::vector<std::string> lines = corpus_lines();
  // Lines 1-5 are the title, "| |||", the DPI header and a two-line copy of the title: not paragraphs.
  // So file line 6 ("Following is ...") is paragraph 1, and file line L is paragraph L - 5.
  REQUIRE(lines.size() > 8);
  REQUIRE(lines[5].starts_with("Following is"));
  const auto since = std::find_if(lines.begin(), lines.end(),
                                  [](const std::string &l) { return l.starts_with("Since taking office"); });
  REQUIRE(since != lines.end());
  const auto expected_paragraph = static_cast<unsigned>(since - lines.begin() + 1 - 5);
  REQUIRE(expected_paragraph == 4);

  const std::vector<Hit> hits = search(db.path(), "preventive diplomacy", 10);
  REQUIRE_FALSE(hits.empty());
  const Hit &first = hits.front();
  CHECK(first.rank == 1);
  CHECK(first.text.starts_with("Since taking office"));
  CHECK(first.text == *since);
  CHECK(first.title.starts_with(kTitleStart));
  CHECK(first.path == kCorpusFile);
  CHECK(first.paragraph == expected_paragraph);
  CHECK(first.score > 0);
  for (std::size_t i = 1; i < hits.size(); ++i) {
    CHECK(hits[i].rank == i + 1);
    CHECK(hits[i].score <= hits[i - 1].score);
  }
  // Highlighting: both query words are wrapped in the default "**" marks.
  CHECK(contains(first.snippet, "**preventive**"));
  CHECK(contains(first.snippet, "**diplomacy**"));
  REQUIRE_FALSE(first.highlights.empty());
  for (const auto &[b, e] : first.highlights) {
    REQUIRE(b < e);
    REQUIRE(e <= first.text.size());
    std::string word = first.text.substr(b, e - b);
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    CHECK((word.starts_with("prevent") || word == "diplomacy"));
  }
}

TEST_CASE("corpus: paragraphs are numbered from the first body line and match the file's lines",
          "[integration][paragraphs]") {
  TempDir db;
  const FileEvent press = index_corpus_folder(db);
  const std::vector<std::string> lines = corpus_lines();
  // Body lines 6..13; line 14 "* *** *" and the "For information media" footer are not paragraphs.
  CHECK(press.paragraphs == 8);
  // Every paragraph of the press release carries its title, so title:terrorism lists all of them.
  const std::vector<Hit> hits = search(db.path(), "title:terrorism");
  CHECK(press_paragraphs(hits) == std::set<unsigned>{1, 2, 3, 4, 5, 6, 7, 8});
  for (const Hit &h : hits) {
    if (h.path != kCorpusFile) continue;
    INFO("paragraph " << h.paragraph);
    REQUIRE(h.paragraph >= 1);
    REQUIRE(h.paragraph <= 8);
    CHECK(h.text == lines[h.paragraph + 4]); // paragraph n is file line n + 5 (index n + 4)
    CHECK(h.title == lines[0]);
  }
}

TEST_CASE("corpus: title, title copy, header and decoration lines are never returned as hits",
          "[integration][paragraphs]") {
  TempDir db;
  index_corpus_folder(db);
  const std::vector<std::string> lines = corpus_lines();
  const std::string &title = lines[0];
  REQUIRE(title == lines[3] + " " + lines[4]); // lines 4-5 are the title wrapped over two lines
  const std::vector<std::string> queries = {
      "preventive diplomacy encompasses more than conflict secretary general tells international meeting",
      "security issues citing terrorism organized crime",
      "department public information news media division new york official record",
      "title:terrorism",
  };
  std::size_t seen = 0;
  for (const std::string &q : queries) {
    INFO("query: " << q);
    for (const Hit &h : search(db.path(), q)) {
      ++seen;
      CHECK(h.text != "| |||");
      CHECK(h.text != "* *** *");
      CHECK(h.text != title);
      CHECK(h.text != lines[3]);
      CHECK(h.text != lines[4]);
      if (h.path != kCorpusFile) continue;
      CHECK_FALSE(contains(h.text, "Department of Public Information"));
      CHECK_FALSE(contains(h.text, "not an official record"));
      CHECK_FALSE(h.text.starts_with("Preventive Diplomacy Encompasses"));
    }
  }
  CHECK(seen > 8);
  // Words found only in the press release's DPI header or footer match none of its paragraphs. Words
  // only in its title match every paragraph through the title (none by their own text).
  CHECK(press_paragraphs(search(db.path(), "department public news division york")).empty());
  CHECK(press_paragraphs(search(db.path(), "information media official record")).empty());
  CHECK(press_paragraphs(search_text(db.path(), "tells citing")).empty());
  CHECK(press_paragraphs(search(db.path(), "tells citing")).size() == 8);
  CHECK(press_paragraphs(search(db.path(), "title:tells")).size() == 8);
}

// ---------------------------------------------------------------- query language

TEST_CASE("query: phrase search matches the words in order only", "[integration][query]") {
  TempDir db;
  index_press_release(db);
  const std::vector<Hit> phrase = search(db.path(), "\"preventive diplomacy\"");
  REQUIRE(phrase.size() == 1);
  CHECK(phrase[0].paragraph == 4);
  CHECK(search(db.path(), "\"diplomacy preventive\"").empty());
  // The same words without quotes do match: the phrase fails because of the order.
  CHECK_FALSE(search(db.path(), "diplomacy preventive").empty());
  CHECK(paragraphs_of(search(db.path(), "\"transnational organized crime\"")) == std::set<unsigned>{5});
}

TEST_CASE("query: boolean AND, OR, NOT and +/- select the right paragraphs", "[integration][query]") {
  TempDir db;
  index_press_release(db);
  // "security" is in paragraphs 1, 2, 3, 6, 7; "Russian" in 1 and 2; "nuclear" and "proliferation" in 5;
  // "greetings" in 2. (Titles off: "Security" is also in the release's title, which every paragraph shares.)
  CHECK(paragraphs_of(search_text(db.path(), "security")) == std::set<unsigned>{1, 2, 3, 6, 7});
  CHECK(paragraphs_of(search_text(db.path(), "nuclear AND proliferation")) == std::set<unsigned>{5});
  CHECK(search_text(db.path(), "nuclear AND greetings").empty());
  CHECK(paragraphs_of(search_text(db.path(), "nuclear OR greetings")) == std::set<unsigned>{2, 5});
  CHECK(paragraphs_of(search_text(db.path(), "security NOT russian")) == std::set<unsigned>{3, 6, 7});
  CHECK(paragraphs_of(search_text(db.path(), "+security -russian")) == std::set<unsigned>{3, 6, 7});
  CHECK(paragraphs_of(search_text(db.path(), "+nuclear +greetings")).empty());
  CHECK(paragraphs_of(search_text(db.path(), "(nuclear OR greetings) AND russian")) == std::set<unsigned>{2});
  // With titles on, the title's "Security" makes every paragraph match, the five that say it first.
  const std::vector<Hit> titled = search(db.path(), "security");
  REQUIRE(titled.size() == 8);
  CHECK(paragraphs_of({titled.begin(), titled.begin() + 5}) == std::set<unsigned>{1, 2, 3, 6, 7});
  CHECK(paragraphs_of(search(db.path(), "security NOT russian")) == std::set<unsigned>{3, 4, 5, 6, 7, 8});
}

TEST_CASE("query: default_and requires every bare word", "[integration][query]") {
  TempDir db;
  index_press_release(db);
  Searcher searcher(db.path());
  SearchOptions options;
  options.limit = 100;
  CHECK(paragraphs_of(searcher.search("nuclear greetings", options).hits) == std::set<unsigned>{2, 5});
  options.default_and = true;
  CHECK(searcher.search("nuclear greetings", options).hits.empty());
  CHECK(paragraphs_of(searcher.search("nuclear proliferation", options).hits) == std::set<unsigned>{5});
}

TEST_CASE("query: title: searches the document title only", "[integration][query]") {
  TempDir db;
  index_press_release(db);
  // All 8 paragraphs of the press release carry its title ("... Citing Terrorism, Organized Crime").
  CHECK(paragraphs_of(search(db.path(), "title:terrorism")) == std::set<unsigned>{1, 2, 3, 4, 5, 6, 7, 8});
  // "nuclear" is in the body (paragraph 5) but not in the title.
  CHECK(paragraphs_of(search(db.path(), "nuclear")) == std::set<unsigned>{5});
  CHECK(search(db.path(), "title:nuclear").empty());
  // Title words are not body words: "Yekaterinburg" is only in paragraph 1's body.
  CHECK(paragraphs_of(search(db.path(), "yekaterinburg")) == std::set<unsigned>{1});
  CHECK(search(db.path(), "title:yekaterinburg").empty());
}

TEST_CASE("query: limit and offset page through the ranking", "[integration][query]") {
  TempDir db;
  index_press_release(db);
  Searcher searcher(db.path());
  SearchOptions all;
  all.limit = 100;
  const auto full = searcher.search("security threats", all);
  REQUIRE(full.hits.size() >= 4);
  SearchOptions page;
  page.limit = 2;
  page.offset = 1;
  const auto paged = searcher.search("security threats", page);
  REQUIRE(paged.hits.size() == 2);
  CHECK(paged.hits[0].rank == 2);
  CHECK(paged.hits[1].rank == 3);
  CHECK(paged.hits[0].paragraph == full.hits[1].paragraph);
  CHECK(paged.hits[1].paragraph == full.hits[2].paragraph);
  CHECK(full.estimated_total >= full.hits.size());
}

// ---------------------------------------------------------------- stemming and languages

TEST_CASE("stemming: inflected query words match other forms in english", "[integration][stemming]") {
  TempDir db;
  {
    IndexOptions options;
    options.db = db.path();
    parasearch::Indexer indexer(options);
    CHECK(indexer.language() == "english");
    indexer.add_text("press.txt", "The diplomat spoke to the Council about the crisis.\n"
                                  "Armed groups threatened the villages near the border.\n");
    indexer.commit();
  }
  Searcher searcher(db.path());
  CHECK(searcher.language() == "english");
  const auto diplomats = searcher.search("diplomats").hits;
  REQUIRE(diplomats.size() == 1);
  CHECK(diplomats[0].text.starts_with("The diplomat spoke"));
  CHECK(contains(diplomats[0].snippet, "**diplomat**"));
  const auto threatening = searcher.search("threatening").hits;
  REQUIRE(threatening.size() == 1);
  CHECK(threatening[0].text.starts_with("Armed groups threatened"));
  CHECK(contains(threatening[0].snippet, "**threatened**"));
}

TEST_CASE("stemming: the corpus matches 'organizing' in 'organized'", "[integration][stemming]") {
  TempDir db;
  index_press_release(db);
  // Paragraph 2 has "organizing", paragraph 5 only "organized" (and the title "Organized").
  const auto hits = search_text(db.path(), "organizing");
  CHECK(paragraphs_of(hits) == std::set<unsigned>{2, 5});
  for (const Hit &h : hits)
    if (h.paragraph == 5) CHECK(contains(h.snippet, "**organized**"));
}

TEST_CASE("stemming: the index's language is stored and used by the Searcher", "[integration][stemming]") {
  const std::string french = "Nous continuerons nos efforts pour la paix et la s\xC3\xA9"
                             "curit\xC3\xA9 internationales.\n";
  TempDir fr_db, en_db, input;
  write_file(input / "discours.txt", french);
  REQUIRE(index_into(fr_db.path(), {input.path()}, "french").indexed() == 1);
  REQUIRE(index_into(en_db.path(), {input.path()}, "english").indexed() == 1);

  Searcher fr(fr_db.path());
  CHECK(fr.language() == "french");
  // French stemming maps "continuer" and "continuerons" to the same stem; english does not.
  const auto hits = fr.search("continuer").hits;
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].path == "discours.txt");
  CHECK(contains(hits[0].snippet, "**continuerons**"));
  CHECK(Searcher(en_db.path()).search("continuer").hits.empty());

  // Reopening the index without a language keeps french; asking for another one is refused.
  {
    IndexOptions options;
    options.db = fr_db.path();
    parasearch::Indexer again(options);
    CHECK(again.language() == "french");
  }
  IndexOptions other;
  other.db = fr_db.path();
  other.language = "english";
  CHECK_THROWS_AS(parasearch::Indexer(other), parasearch::UsageError);
}

// ---------------------------------------------------------------- re-indexing

TEST_CASE("reindex: indexing the same folder twice changes nothing", "[integration][reindex]") {
  TempDir db;
  const IndexSummary first = index_into(db.path(), {corpus_dir()});
  const std::vector<Hit> before = search(db.path(), "security threats international", 10);
  const std::size_t count_before = Searcher(db.path()).paragraph_count();
  const IndexSummary second = index_into(db.path(), {corpus_dir()});
  const std::vector<Hit> after = search(db.path(), "security threats international", 10);

  CHECK(count_before >= 8); // the press release's 8, plus whatever else corpus/ holds
  CHECK(count_before == first.total_paragraphs);
  CHECK(Searcher(db.path()).paragraph_count() == count_before);
  CHECK(second.total_paragraphs == first.total_paragraphs);
  CHECK(second.paragraphs == 0); // nothing changed: nothing re-indexed
  CHECK(second.unchanged == first.indexed());
  CHECK(second.buckets_rebuilt == 0);
  REQUIRE(before.size() == after.size());
  REQUIRE(before.size() >= 5);
  for (std::size_t i = 0; i < before.size(); ++i) {
    INFO("rank " << i + 1);
    CHECK(after[i].path == before[i].path);
    CHECK(after[i].paragraph == before[i].paragraph);
    CHECK(after[i].score == Approx(before[i].score).epsilon(1e-12));
  }
}

TEST_CASE("reindex: a file with fewer paragraphs loses its extra ones", "[integration][reindex]") {
  TempDir db, input;
  write_file(input / "notes.txt", "The Assembly adopted the agenda.\n"
                                  "Delegates discussed maritime boundaries at length.\n"
                                  "The chair thanked the interpreters.\n");
  REQUIRE(index_into(db.path(), {input.path()}).paragraphs == 3);
  CHECK(Searcher(db.path()).paragraph_count() == 3);
  CHECK(search(db.path(), "maritime").size() == 1);
  CHECK(search(db.path(), "interpreters").size() == 1);

  write_file(input / "notes.txt", "The Assembly adopted the agenda.\n");
  const IndexSummary again = index_into(db.path(), {input.path()});
  CHECK(again.paragraphs == 1);
  CHECK(again.total_paragraphs == 1);
  CHECK(Searcher(db.path()).paragraph_count() == 1);
  CHECK(search(db.path(), "maritime").empty());
  CHECK(search(db.path(), "interpreters").empty());
  const auto agenda = search(db.path(), "agenda");
  REQUIRE(agenda.size() == 1);
  CHECK(agenda[0].paragraph == 1);
  CHECK(agenda[0].path == "notes.txt");
}

// ---------------------------------------------------------------- bad input

TEST_CASE("bad input: binary, empty and unreadable files don't stop the run", "[integration][badinput]") {
  TempDir db, input;
  // Names sort so that every problem file comes before the good one.
  std::string binary = "\x7f"
                       "ELF";
  binary += std::string(200, '\0');
  binary += "some text after the header";
  write_file(input / "a_binary.txt", binary);
  write_file(input / "b_empty.txt", "");
  write_file(input / "c_unreadable.txt", "Unreadable paragraph about fisheries.\n");
  REQUIRE(::chmod((input / "c_unreadable.txt").c_str(), 0) == 0);
  write_file(input / "d_good.txt", "Member States reaffirmed their commitment to disarmament.\n"
                                   "The Assembly adopted the resolution without a vote.\n");
  const bool root = ::geteuid() == 0; // root can read a mode-000 file

  std::vector<FileEvent> events;
  const IndexSummary summary = index_into(db.path(), {input.path()}, {}, &events);
  std::map<std::string, FileEvent> by_path;
  for (const FileEvent &ev : events)
    by_path[ev.path] = ev;

  REQUIRE(events.size() == 4);
  CHECK(summary.files == 4);
  REQUIRE(by_path.count("a_binary.txt") == 1);
  CHECK(by_path["a_binary.txt"].status == FileStatus::kSkipped);
  CHECK(contains(by_path["a_binary.txt"].reason, "binary"));
  CHECK(by_path["a_binary.txt"].paragraphs == 0);
  REQUIRE(by_path.count("b_empty.txt") == 1);
  CHECK(by_path["b_empty.txt"].status == FileStatus::kEmpty);
  CHECK(by_path["b_empty.txt"].paragraphs == 0);
  REQUIRE(by_path.count("d_good.txt") == 1);
  CHECK(by_path["d_good.txt"].status == FileStatus::kIndexed);
  CHECK(by_path["d_good.txt"].paragraphs == 2);
  CHECK(by_path["d_good.txt"].reason.empty());
  REQUIRE(by_path.count("c_unreadable.txt") == 1);
  if (!root) {
    CHECK(by_path["c_unreadable.txt"].status == FileStatus::kFailed);
    CHECK_FALSE(by_path["c_unreadable.txt"].reason.empty());
    CHECK(summary.failed == 1);
    CHECK(search(db.path(), "fisheries").empty());
  }
  CHECK(summary.skipped == 1);
  CHECK(summary.empty == 1);
  CHECK(summary.indexed() == (root ? 2u : 1u));

  const auto hits = search(db.path(), "disarmament");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].path == "d_good.txt");
  CHECK(hits[0].paragraph == 1);
  CHECK(search(db.path(), "header").empty()); // nothing from the binary file
  // The "done" counter runs 1..4 over the files.
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].done == i + 1);
    CHECK(events[i].total == 4);
  }
}

TEST_CASE("progress: files found removed count in the total, so done never passes it", "[integration][progress]") {
  TempDir db, input;
  for (const char *name : {"a.txt", "b.txt", "c.txt", "d.txt"})
    write_file(input / name, std::string("The Committee approved the budget of ") + name + ".\n");
  index_into(db.path(), {input.path()});
  fs::remove(input / "b.txt");
  fs::remove(input / "c.txt");
  std::vector<FileEvent> events;
  parasearch::IndexOptions options;
  options.db = db.path();
  parasearch::Indexer indexer(options);
  const auto summary = indexer.index_paths({input.path()}, [&](const FileEvent &ev) { events.push_back(ev); });
  CHECK(summary.removed == 2);
  REQUIRE(events.size() == 4); // two unchanged, two removed
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].done == i + 1);
    CHECK(events[i].total == 4);
  }
}

TEST_CASE("bad input: a path that does not exist is reported as failed", "[integration][badinput]") {
  TempDir db, input;
  write_file(input / "ok.txt", "The Committee approved the budget.\n");
  std::vector<FileEvent> events;
  const fs::path missing = input / "no-such-folder";
  const IndexSummary summary = index_into(db.path(), {missing, input / "ok.txt"}, {}, &events);
  REQUIRE(events.size() == 2);
  CHECK(events[0].status == FileStatus::kFailed);
  CHECK(events[0].path == missing.generic_string());
  CHECK_FALSE(events[0].reason.empty());
  CHECK(events[1].status == FileStatus::kIndexed);
  CHECK(summary.failed == 1);
  CHECK(summary.indexed() == 1);
  CHECK(search(db.path(), "budget").size() == 1);
}

TEST_CASE("bad input: invalid UTF-8 is replaced with U+FFFD and stored text is valid UTF-8",
          "[integration][badinput][utf8]") {
  TempDir db, input;
  // Latin-1 "ô" (0xF4) and a truncated three-byte sequence (0xE2 0x80) in otherwise plain text.
  write_file(input / "latin1.txt", "The delegation of C\xF4te d'Ivoire welcomed the report.\n"
                                   "The delegation stressed the need for dialogue \xE2\x80 and restraint.\n");
  REQUIRE(index_into(db.path(), {input.path()}).paragraphs == 2);
  const auto hits = search(db.path(), "delegation");
  REQUIRE(hits.size() == 2);
  std::size_t replaced = 0;
  for (const Hit &h : hits) {
    INFO(h.text);
    CHECK(parasearch::is_valid_utf8(h.text));
    CHECK(parasearch::is_valid_utf8(h.snippet));
    CHECK(parasearch::is_valid_utf8(h.title));
    if (contains(h.text, "\xEF\xBF\xBD")) ++replaced;
  }
  CHECK(replaced == 2);
  const auto welcomed = search(db.path(), "welcomed");
  REQUIRE(welcomed.size() == 1);
  CHECK(contains(welcomed[0].text, "C\xEF\xBF\xBDte d'Ivoire"));
  const auto restraint = search(db.path(), "restraint");
  REQUIRE(restraint.size() == 1);
  // The truncated sequence becomes U+FFFD (one or more); the words around it survive.
  CHECK(contains(restraint[0].text, "dialogue \xEF\xBF\xBD"));
  CHECK(contains(restraint[0].text, "\xEF\xBF\xBD and restraint."));
}

// ---------------------------------------------------------------- locking and errors

TEST_CASE("locking: a second Indexer on the same database throws IndexBusyError", "[integration][lock]") {
  TempDir db;
  IndexOptions options;
  options.db = db.path();
  {
    parasearch::Indexer first(options);
    CHECK_THROWS_AS(parasearch::Indexer(options), parasearch::IndexBusyError);
    try {
      parasearch::Indexer second(options);
    } catch (const parasearch::IndexBusyError &e) {
      CHECK(e.code() == parasearch::ExitCode::kBusy);
      CHECK(contains(e.what(), "busy"));
    }
  }
  // Once the first one is gone, the lock is free again.
  CHECK_NOTHROW(parasearch::Indexer(options));
}

TEST_CASE("errors: a malformed query throws QueryError naming the query", "[integration][errors]") {
  TempDir db;
  index_press_release(db);
  Searcher searcher(db.path());
  CHECK_THROWS_AS(searcher.search("AND"), parasearch::QueryError);
  CHECK_THROWS_AS(searcher.search("NOT"), parasearch::QueryError);
  try {
    searcher.search("security AND");
    FAIL("no QueryError for 'security AND'");
  } catch (const parasearch::QueryError &e) {
    CHECK(contains(e.what(), "security AND"));
    CHECK(e.code() == parasearch::ExitCode::kUsage);
  }
  CHECK_THROWS_AS(searcher.search(std::string(5000, 'a')), parasearch::QueryError);
  // The searcher still works after an error.
  CHECK_FALSE(searcher.search("security").hits.empty());
}

// Unbalanced brackets get Xapian's fallback: "title:(" searches the word "title"; a query with no words
// left ("(") is a QueryError, as is a blank one.
TEST_CASE("errors: unbalanced brackets fall back sensibly or throw QueryError", "[integration][errors]") {
  TempDir db;
  index_press_release(db);
  Searcher searcher(db.path());
  const auto fallback = searcher.search("title:(");
  CHECK(fallback.parsed_query.find("titl@") != std::string::npos); // stemmed "title"
  CHECK_THROWS_AS(searcher.search("("), parasearch::QueryError);
  CHECK_THROWS_WITH(searcher.search("("), Catch::Contains("no words"));
  CHECK_THROWS_WITH(searcher.search("   "), Catch::Contains("empty"));
}

TEST_CASE("errors: a Searcher on a missing database throws DatabaseError naming the path", "[integration][errors]") {
  TempDir dir;
  const fs::path missing = dir / "no-index-here";
  CHECK_THROWS_AS(Searcher(missing), parasearch::DatabaseError);
  try {
    Searcher s(missing);
  } catch (const parasearch::DatabaseError &e) {
    CHECK(contains(e.what(), missing.string()));
    CHECK(e.code() == parasearch::ExitCode::kDatabase);
  }
  // A folder that exists but holds no index is a database error too.
  write_file(dir / "not-an-index" / "readme.txt", "hello");
  CHECK_THROWS_AS(Searcher(dir / "not-an-index"), parasearch::DatabaseError);
}

// ---------------------------------------------------------------- paths

TEST_CASE("paths: a file given directly is stored under its file name", "[integration][paths]") {
  TempDir db, input;
  write_file(input / "Session 65 - 2010" / "FRA_65_2010.txt", "France supports the reform of the Security Council.\n");
  std::vector<FileEvent> events;
  index_into(db.path(), {input / "Session 65 - 2010" / "FRA_65_2010.txt"}, {}, &events);
  REQUIRE(events.size() == 1);
  CHECK(events[0].path == "FRA_65_2010.txt");
  const auto hits = search(db.path(), "reform");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].path == "FRA_65_2010.txt");
}

TEST_CASE("paths: files in a folder are stored relative to it", "[integration][paths]") {
  TempDir db, input;
  write_file(input / "Session 65 - 2010" / "FRA_65_2010.txt", "France supports the reform of the Security Council.\n");
  write_file(input / "Session 66 - 2011" / "GHA_66_2011.txt", "Ghana calls for reform of the international order.\n");
  index_into(db.path(), {input.path()});
  std::set<std::string> paths;
  for (const Hit &h : search(db.path(), "reform"))
    paths.insert(h.path);
  CHECK(paths == std::set<std::string>{"Session 65 - 2010/FRA_65_2010.txt", "Session 66 - 2011/GHA_66_2011.txt"});
}

// ---------------------------------------------------------------- hard-wrapped text

TEST_CASE("hard-wrapped: phrases split across line ends, page numbers and hyphens are still found",
          "[integration][wrapped]") {
  // PDF-style text as in the UN General Debate corpus: ~55-character lines, no blank lines between
  // paragraphs, a bare page number, and a word hyphenated at a line end.
  const std::string speech = "Allow me at the outset to congratulate you, Sir, on\n"
                             "your election to the presidency of the General\n"
                             "Assembly at its sixty-fifth session. I also wish to\n"
                             "pay tribute to your predecessor for the skill with\n"
                             "which he guided our work last year.\n"
                             "The challenges before us are many. Conflicts that\n"
                             "could have been avoided continue to take a heavy toll\n"
                             "on civilians. My delegation attaches great importance\n"
                             "to strengthening the capacity of the United Nations\n"
                             "in the field of mediation and of timely preventive\n"
                             "diplomacy, so that disputes are settled before they\n"
                             "12\n"
                             "escalate into armed conflict.\n"
                             "No country can meet these threats alone. We need a\n"
                             "renewed commitment to the principles of effective multi-\n"
                             "lateralism, with the United Nations at its centre.\n"
                             "Thank you, Mr. President.\n";
  TempDir db, input;
  write_file(input / "XYZ_65_2010.txt", speech);
  REQUIRE(index_into(db.path(), {input.path()}).paragraphs == 3);

  // "preventive" ends a line, "diplomacy" starts the next.
  const auto phrase = search(db.path(), "\"preventive diplomacy\"");
  REQUIRE(phrase.size() == 1);
  CHECK(phrase[0].paragraph == 2);
  CHECK(phrase[0].text.starts_with("The challenges before us are many."));
  CHECK(contains(phrase[0].text, "timely preventive diplomacy, so that"));
  // The page number between two lines of a sentence is dropped, and the phrase across it still matches.
  CHECK(contains(phrase[0].text, "settled before they escalate into armed conflict."));
  CHECK(paragraphs_of(search(db.path(), "\"before they escalate\"")) == std::set<unsigned>{2});

  // "multi-" + "lateralism" is joined back into one word.
  const auto hyphen = search(db.path(), "\"effective multilateralism\"");
  REQUIRE(hyphen.size() == 1);
  CHECK(hyphen[0].paragraph == 3);
  CHECK(contains(hyphen[0].text, "effective multilateralism, with"));
  CHECK(search(db.path(), "lateralism").empty());

  // The first paragraph ends at the short sentence-final line.
  const auto first = search(db.path(), "predecessor");
  REQUIRE(first.size() == 1);
  CHECK(first[0].paragraph == 1);
  CHECK(first[0].text.starts_with("Allow me at the outset"));
  CHECK(first[0].text.ends_with("guided our work last year."));
}
