// Several languages in one index (--lang auto): each paragraph stemmed and stop-worded in its own
// language, a query read in every language of the index, lang: filters, hits highlighted in their own
// language; an index of one fixed language parses as before. Real text: the UDHR in English, French,
// Russian, Arabic and Chinese from ../shared/corpora/udhr (skipped if missing), plus small generated files.
#include "parasearch/indexer.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/stemmer.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parasearch::Hit;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

const char *const kLanguages[] = {"en", "fr", "ru", "ar", "zh"};

// A folder with the UDHR in kLanguages (copied from ../shared) and two small generated files: an
// English note and a French paragraph; empty if ../shared is missing.
fs::path mixed_folder(const TempDir &dir) {
  const fs::path udhr = parasearch::test::source_dir() / ".." / "shared" / "corpora" / "udhr";
  fs::path folder = dir.path() / "docs";
  fs::create_directories(folder);
  for (const char *l : kLanguages) {
    const fs::path from = udhr / (std::string(l) + ".txt");
    if (!fs::exists(from)) return {};
    fs::copy_file(from, folder / (std::string("udhr-") + l + ".txt"));
  }
  parasearch::test::write_file(folder / "note-en.txt",
                               "Minutes of the committee\n\nThe committee met on Tuesday to discuss the budget of "
                               "the library and the opening hours of its reading rooms during the summer months, "
                               "and agreed to publish the annual report in the autumn.\n");
  parasearch::test::write_file(
      folder / "note-fr.txt",
      "Compte rendu\n\nLe comit\xC3\xA9 s'est r\xC3\xA9uni mardi pour examiner le budget de la biblioth\xC3\xA8que "
      "et les horaires d'ouverture des salles de lecture pendant les mois d'\xC3\xA9t\xC3\xA9, et a d\xC3\xA9"
      "cid\xC3\xA9 "
      "de publier le rapport annuel \xC3\xA0 l'automne.\n");
  return folder;
}

void build(const fs::path &db, const fs::path &folder, const std::string &language) {
  parasearch::IndexOptions options;
  options.db = db;
  options.language = language;
  parasearch::Indexer(options).index_paths({folder});
}

std::vector<Hit> search(Searcher &s, const std::string &q, std::size_t limit = 10) {
  SearchOptions o;
  o.limit = limit;
  return s.search(q, o).hits;
}

std::set<std::string> highlighted(const Hit &h) {
  std::set<std::string> out;
  for (const auto &[begin, end] : h.highlights)
    out.insert(h.text.substr(begin, end - begin));
  return out;
}

/// mixed_folder() indexed with --lang auto into `dir`/idx; false, with the test marked skipped, if
/// ../shared is not there (the caller then returns).
bool build_mixed(const TempDir &dir) {
  const fs::path folder = mixed_folder(dir);
  if (folder.empty()) {
    parasearch::test::skip("the UDHR texts (../shared/corpora/udhr) are not available");
    return false;
  }
  build(dir.path() / "idx", folder, "auto");
  return true;
}

} // namespace

TEST_CASE("languages: --lang auto finds each language's text stemmed in its own language", "[integration][languages]") {
  TempDir dir;
  if (!build_mixed(dir)) return;
  Searcher s(dir.path() / "idx");
  CHECK(s.language() == "auto");

  // Premise: French stems "égaux" (equal, plural) as "égal"; English stemming would not.
  REQUIRE(parasearch::stem_word("french", "\xC3\xA9gaux") == parasearch::stem_word("french", "\xC3\xA9gal"));
  REQUIRE(parasearch::stem_word("english", "\xC3\xA9gaux") != parasearch::stem_word("english", "\xC3\xA9gal"));
  // Article 1: "Tous les êtres humains naissent libres et égaux en dignité et en droits."
  const auto equal = search(s, "\xC3\xA9gal dignit\xC3\xA9");
  REQUIRE_FALSE(equal.empty());
  CHECK(equal[0].path == "udhr-fr.txt");
  CHECK(equal[0].language == "fr");
  CHECK(std::any_of(equal.begin(), equal.begin() + std::min<std::ptrdiff_t>(3, std::ssize(equal)),
                    [](const Hit &h) { return h.text.find("\xC3\xA9gaux en dignit\xC3\xA9") != std::string::npos; }));
  // Highlighted with the French stemmer, as indexed: "égaux" is marked for "égal".
  CHECK(highlighted(equal[0]).count("\xC3\xA9gaux") == 1);

  // "droits" finds the paragraphs where only "droit" occurs, in French.
  const auto rights = search(s, "droits", 200);
  CHECK(std::any_of(rights.begin(), rights.end(), [](const Hit &h) {
    return h.path == "udhr-fr.txt" && h.text.find("droits") == std::string::npos &&
           h.text.find("droit") != std::string::npos;
  }));

  // Russian is stemmed as Russian: "образования" (genitive) finds article 26's "образование".
  const auto education =
      search(s, "\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB0\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F");
  REQUIRE_FALSE(education.empty());
  CHECK(education[0].path == "udhr-ru.txt");
  CHECK(education[0].language == "ru");

  // French stop words are not indexed in French text: "les" alone finds no French passage.
  const auto les = search(s, "les", 200);
  CHECK(std::none_of(les.begin(), les.end(), [](const Hit &h) { return h.language == "fr"; }));

  // Every hit of the small files shows its detected language; the generated French note is French.
  const auto budget = search(s, "budget", 10);
  std::set<std::string> budget_langs;
  for (const Hit &h : budget)
    budget_langs.insert(h.path + ":" + h.language);
  CHECK(budget_langs == std::set<std::string>{"note-en.txt:en", "note-fr.txt:fr"});
}

TEST_CASE("languages: lang:fr and SearchOptions::language keep only that language's passages",
          "[integration][languages]") {
  TempDir dir;
  if (!build_mixed(dir)) return;
  Searcher s(dir.path() / "idx");
  const auto all = search(s, "budget", 10);
  REQUIRE(all.size() == 2);
  const auto fr = search(s, "lang:fr budget", 10);
  REQUIRE(fr.size() == 1);
  CHECK(fr[0].path == "note-fr.txt");
  CHECK(fr[0].language == "fr");
  SearchOptions o;
  o.language = "fr";
  const auto fr_option = s.search("budget", o).hits;
  REQUIRE(fr_option.size() == 1);
  CHECK(fr_option[0].path == "note-fr.txt");
  o.language = "en";
  const auto en_option = s.search("budget", o).hits;
  REQUIRE(en_option.size() == 1);
  CHECK(en_option[0].path == "note-en.txt");
  // A query whose words the other languages stop: "les" is read in English only when asked for.
  o.language = "fr";
  CHECK_THROWS_AS(s.search("les", o), parasearch::QueryError);
  o.language = "klingon";
  CHECK_THROWS_AS(s.search("budget", o), parasearch::UsageError);
}

TEST_CASE("languages: Arabic and Chinese in an auto index", "[integration][languages]") {
  TempDir dir;
  if (!build_mixed(dir)) return;
  Searcher s(dir.path() / "idx");
  // التعليم (education), with and without harakat: article 26.
  const auto plain = search(s, "\xD8\xA7\xD9\x84\xD8\xAA\xD8\xB9\xD9\x84\xD9\x8A\xD9\x85");
  const auto vowelled =
      search(s, "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x91\xD9\x8E\xD8\xB9\xD9\x92\xD9\x84\xD9\x90\xD9\x8A\xD9\x85");
  REQUIRE_FALSE(plain.empty());
  REQUIRE_FALSE(vowelled.empty());
  CHECK(plain[0].path == "udhr-ar.txt");
  CHECK(plain[0].language == "ar");
  CHECK(vowelled[0].paragraph == plain[0].paragraph);
  // 受教育 (to receive education), quoted and not: article 26 in Chinese.
  const auto quoted = search(s, "\"\xE5\x8F\x97\xE6\x95\x99\xE8\x82\xB2\"");
  const auto bare = search(s, "\xE5\x8F\x97\xE6\x95\x99\xE8\x82\xB2");
  REQUIRE_FALSE(quoted.empty());
  REQUIRE_FALSE(bare.empty());
  CHECK(quoted[0].path == "udhr-zh.txt");
  CHECK(quoted[0].language == "zh");
  CHECK(bare[0].paragraph == quoted[0].paragraph);
}

TEST_CASE("languages: an index of one fixed language parses once and labels its passages", "[integration][languages]") {
  TempDir dir;
  const fs::path folder = dir.path() / "docs";
  fs::create_directories(folder);
  parasearch::test::write_file(folder / "a.txt", "The Security Council met on the question of nuclear disarmament.\n");
  parasearch::test::write_file(folder / "b.txt", "Preventive diplomacy was the subject of the debate.\n");
  build(dir.path() / "idx", folder, "english");
  Searcher s(dir.path() / "idx");
  CHECK(s.language() == "english");
  const auto r = s.search("nuclear diplomacy");
  REQUIRE(r.hits.size() == 2);
  for (const Hit &h : r.hits)
    CHECK(h.language == "en"); // the index's language, with no detection
  // One parse, no language filter: the query is exactly what it was before languages.
  CHECK(r.parsed_query.find(std::string(parasearch::schema::kPrefixLanguage)) == std::string::npos);
  CHECK(r.parsed_query == "Query((nuclear@1 OR diplomaci@2))");
}
