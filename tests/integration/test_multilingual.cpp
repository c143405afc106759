// Accents and elisions in queries and texts: a word typed with or without its diacritics (or its
// elided article) finds the same passages,
// in English text (names such as Côte d'Ivoire) and in the French and Spanish Universal Declaration
// of Human Rights (from the project's shared data, read at run time).
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <utility>

namespace fs = std::filesystem;
using parasearch::Searcher;
using parasearch::SearchOptions;
using parasearch::test::TempDir;

namespace {

// The (path, paragraph) of every hit of `q`.
std::set<std::pair<std::string, unsigned>> hits_of(Searcher &s, const std::string &q) {
  SearchOptions o;
  o.limit = 1000;
  std::set<std::pair<std::string, unsigned>> out;
  for (const auto &h : s.search(q, o).hits)
    out.insert({h.path, h.paragraph});
  return out;
}

// The words highlighted in the first hit of `q`, as they are written in its text.
std::set<std::string> highlighted(Searcher &s, const std::string &q) {
  std::set<std::string> out;
  const auto hits = s.search(q).hits;
  if (hits.empty()) return out;
  for (const auto &[begin, end] : hits[0].highlights)
    out.insert(hits[0].text.substr(begin, end - begin));
  return out;
}

fs::path udhr(const std::string &lang) {
  const fs::path p = parasearch::test::source_dir() / ".." / "shared" / "corpora" / "udhr" / (lang + ".txt");
  return fs::exists(p) ? p : fs::path();
}

} // namespace

TEST_CASE("accents: names are found with or without their diacritics, and shown as written", "[integration][accents]") {
  TempDir db;
  {
    parasearch::IndexOptions options;
    options.db = db.path();
    parasearch::Indexer indexer(options);
    indexer.add_text("a.txt", "The situation in C\xC3\xB4te d\xE2\x80\x99Ivoire remains fragile.\n");
    indexer.add_text("b.txt", "Elections in Cote d'Ivoire were held peacefully.\n");
    indexer.add_text("c.txt", "Delegations from S\xC3\xA3o Tom\xC3\xA9 and Pr\xC3\xADncipe attended.\n");
    indexer.add_text("d.txt", "The coast guard met the committee.\n");
    indexer.commit();
  }
  Searcher s(db.path());
  const auto both = hits_of(s, "\"Cote d'Ivoire\"");
  CHECK(both.size() == 2);
  CHECK(hits_of(s, "\"C\xC3\xB4te d\xE2\x80\x99Ivoire\"") == both);
  CHECK(hits_of(s, "c\xC3\xB4te") == hits_of(s, "cote"));
  CHECK(hits_of(s, "cote").size() == 2);
  CHECK(hits_of(s, "c\xC3\xB4t*") == hits_of(s, "cot*")); // wildcard patterns are folded too
  CHECK(hits_of(s, "cot*").size() == 2);
  CHECK(hits_of(s, "Ivoire").size() == 2); // the elided "d'" is not part of the word
  CHECK(hits_of(s, "Sao Tome").size() == 1);
  CHECK(highlighted(s, "Sao Tome") == std::set<std::string>{"S\xC3\xA3o", "Tom\xC3\xA9"});
  CHECK(highlighted(s, "\"Cote d'Ivoire\"").size() == 2);
}

TEST_CASE("accents: the French and Spanish UDHR answer unaccented queries like accented ones",
          "[integration][accents][udhr]") {
  const fs::path fr = udhr("fr"), es = udhr("es");
  if (fr.empty() || es.empty()) {
    parasearch::test::skip("the UDHR texts (../shared/corpora/udhr) are not available");
    return;
  }
  struct Case {
    fs::path file;
    const char *lang, *accented, *plain, *written;
  };
  const Case cases[] = {
      {fr, "french", "libert\xC3\xA9s", "libertes", "libert\xC3\xA9s"},
      {fr, "french", "dignit\xC3\xA9", "DIGNITE", "dignit\xC3\xA9"},
      {fr, "french", "l\xE2\x80\x99homme", "homme", "l\xE2\x80\x99h"}, // elision: "homme" finds "l’homme"
      {es, "spanish", "protecci\xC3\xB3n", "proteccion", "protecci\xC3\xB3n"},
      {es, "spanish", "educaci\xC3\xB3n", "educacion", "educaci\xC3\xB3n"},
  };
  for (const Case &c : cases) {
    INFO(c.lang << ": " << c.accented << " / " << c.plain);
    TempDir db;
    parasearch::IndexOptions options;
    options.db = db.path();
    options.language = c.lang;
    parasearch::Indexer(options).index_paths({c.file});
    Searcher s(db.path());
    const auto accented = hits_of(s, c.accented);
    CHECK(accented.size() >= 2);
    CHECK(hits_of(s, c.plain) == accented);
    // The unaccented query highlights the words as the text writes them, accents and all.
    const auto marks = highlighted(s, c.plain);
    INFO("highlighted: " << marks.size());
    CHECK(std::any_of(marks.begin(), marks.end(), [&](const std::string &w) {
      return w.starts_with(std::string(c.written).substr(0, 6)) &&
             std::any_of(w.begin(), w.end(), [](char b) { return (b & 0x80) != 0; });
    }));
  }
}
