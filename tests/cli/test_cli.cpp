// CLI tests: run the real parasearch-index and parasearch-query executables against temporary indexes and
// check their output, JSON Lines and exit codes.
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::contains;
using parasearch::test::corpus_dir;
using parasearch::test::Run;
using parasearch::test::run;
using parasearch::test::TempDir;

constexpr const char *kIndexExe = PARASEARCH_INDEX_EXE;
constexpr const char *kQueryExe = PARASEARCH_QUERY_EXE;
constexpr const char *kCorpusFile = "000_8dde486aecdac76d.txt";

Run index(const std::vector<std::string> &args) { return run(kIndexExe, args); }
Run query(const std::vector<std::string> &args) { return run(kQueryExe, args); }

/// Builds an index of corpus/ at `db` with parasearch-index.
void index_corpus(const fs::path &db) { parasearch::test::index_corpus(kIndexExe, db); }

std::vector<std::string> lines_of(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

/// Parses JSON Lines output; every line must be one JSON object.
std::vector<nlohmann::json> json_lines(const std::string &s) {
  std::vector<nlohmann::json> out;
  for (const std::string &line : lines_of(s)) {
    INFO("line: " << line);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(line));
    REQUIRE(j.is_object());
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace

// ---------------------------------------------------------------- indexing and searching

TEST_CASE("cli: parasearch-index indexes corpus/ and prints a summary", "[cli][index]") {
  TempDir db;
  const Run r = index({"--db", db.path().string(), corpus_dir()});
  INFO(r.err);
  CHECK(r.status == 0);
  const auto out = lines_of(r.out);
  REQUIRE_FALSE(out.empty());
  CHECK(contains(out[0], "1 added"));
  CHECK(contains(r.out, "Indexed 8 paragraphs"));
  CHECK(contains(r.out, "0 failed"));
  CHECK(contains(r.out, db.path().string()));
  CHECK(fs::is_directory(db.path()));
}

TEST_CASE("cli: parasearch-index --json prints the summary as one JSON object", "[cli][index][json]") {
  TempDir db, input;
  parasearch::test::write_file(input / kCorpusFile,
                               parasearch::test::read_file(parasearch::test::source_dir() / "corpus" / kCorpusFile));
  const Run r = index({"--db", db.path().string(), "--json", input.path().string()});
  REQUIRE(r.status == 0);
  const auto objects = json_lines(r.out);
  REQUIRE(objects.size() == 1);
  const nlohmann::json &j = objects[0];
  CHECK(j.at("files") == 1);
  CHECK(j.at("indexed") == 1);
  CHECK(j.at("failed") == 0);
  CHECK(j.at("paragraphs") == 8);
  CHECK(j.at("total_paragraphs") == 8);
  CHECK(j.at("language") == "english");
}

TEST_CASE("cli: parasearch-query --json prints one object per hit with every field", "[cli][query][json]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "--json", "preventive diplomacy"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto hits = json_lines(r.out);
  REQUIRE_FALSE(hits.empty());
  std::size_t rank = 0;
  for (const nlohmann::json &h : hits) {
    for (const char *key : {"rank", "score", "path", "paragraph", "title", "text", "snippet"}) {
      INFO("key " << key);
      CHECK(h.contains(key));
    }
    CHECK(h.at("rank") == ++rank);
    CHECK(h.at("score").is_number());
    CHECK(h.at("paragraph").is_number_unsigned());
    CHECK(h.at("text").is_string());
  }
  const nlohmann::json &first = hits.front();
  CHECK(first.at("text").get<std::string>().starts_with("Since taking office"));
  CHECK(first.at("title").get<std::string>().starts_with("Preventive Diplomacy Encompasses More than Conflict"));
  CHECK(first.at("path") == kCorpusFile);
  CHECK(first.at("paragraph") == 4);
  CHECK(contains(first.at("snippet").get<std::string>(), "**diplomacy**"));
  CHECK(r.err.empty());
}

TEST_CASE("cli: --idf chooses the idf: xapian scores each hit lower than lucene, a blend in between, and "
          "--explain still adds up",
          "[cli][query][idf]") {
  TempDir db;
  index_corpus(db.path());
  // The top hit's score and its explanation's lines (3 decimals each) under `idf`.
  auto top = [&](const std::string &idf) {
    const Run r = query(
        {"--db", db.path().string(), "--json", "--explain", "--limit", "1", "--idf", idf, "preventive diplomacy"});
    INFO("--idf " << idf << "\n" << r.err);
    REQUIRE(r.status == 0);
    const auto hits = json_lines(r.out);
    REQUIRE(hits.size() == 1);
    const double score = hits[0].at("score").get<double>();
    const std::vector<std::string> lines = lines_of(hits[0].at("explanation").get<std::string>());
    REQUIRE(lines.size() >= 2);
    CHECK(contains(lines[0], "Xapian's idf") == (idf == "xapian" || idf == "1")); // the first line names it
    double sum = 0;
    for (std::size_t i = 1; i < lines.size(); ++i)
      sum += std::stod(lines[i]);
    CHECK(std::abs(sum - score) <= 0.0005 * static_cast<double>(lines.size()));
    return score;
  };
  const double lucene = top("lucene"), zero = top("0"), half = top("0.5"), xapian = top("xapian"), one = top("1");
  CHECK(zero == lucene); // the default, by name or number
  CHECK(one == xapian);
  // Xapian's log((N-n+0.5)/(n+0.5)) is below Lucene's log(1 + (N-n+0.5)/(n+0.5)) for every word.
  CHECK(xapian < half);
  CHECK(half < lucene);
  const Run help = query({"--help"});
  CHECK(contains(help.out, "--idf"));
}

TEST_CASE("cli: parasearch-query --limit and --offset page the hits", "[cli][query]") {
  TempDir db;
  index_corpus(db.path());
  const std::string dbs = db.path().string();
  const auto all = json_lines(query({"--db", dbs, "--json", "security"}).out);
  REQUIRE(all.size() >= 3);

  const Run one = query({"--db", dbs, "--json", "--limit", "1", "security"});
  CHECK(one.status == 0);
  const auto limited = json_lines(one.out);
  REQUIRE(limited.size() == 1);
  CHECK(limited[0].at("rank") == 1);
  CHECK(limited[0].at("text") == all[0].at("text"));

  const Run n2 = query({"--db", dbs, "--json", "-n", "2", "security"});
  CHECK(json_lines(n2.out).size() == 2);

  const Run paged = query({"--db", dbs, "--json", "--offset", "1", "security"});
  CHECK(paged.status == 0);
  const auto rest = json_lines(paged.out);
  REQUIRE(rest.size() == all.size() - 1);
  CHECK(rest[0].at("rank") == 2);
  CHECK(rest[0].at("path") == all[1].at("path"));
  CHECK(rest[0].at("paragraph") == all[1].at("paragraph"));
  CHECK(rest[0].at("text") == all[1].at("text"));

  // An offset past the last hit is "no hits".
  const Run beyond = query({"--db", dbs, "--offset", "1000", "security"});
  CHECK(beyond.status == 1);
}

TEST_CASE("cli: text output shows path, paragraph and ** marks, with no ANSI escapes", "[cli][query][text]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "preventive diplomacy"});
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, kCorpusFile));
  CHECK(contains(r.out, "\xC2\xB6"
                        "4")); // "¶4": the first hit is paragraph 4
  CHECK(contains(r.out, "**diplomacy**"));
  CHECK(contains(r.out, "Preventive Diplomacy Encompasses More than Conflict"));
  CHECK(r.out.find('\x1b') == std::string::npos);
  // Bold is only used on request (or on a terminal), so the check above can fail.
  const Run bold = query({"--db", db.path().string(), "--color", "always", "preventive diplomacy"});
  CHECK(bold.status == 0);
  CHECK(contains(bold.out, "\x1b[1m"));
}

TEST_CASE("cli: a query with no hits exits 1", "[cli][query][exit]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "xylophone"});
  CHECK(r.status == 1);
  CHECK(contains(r.out, "No passages match"));
  const Run j = query({"--db", db.path().string(), "--json", "xylophone"});
  CHECK(j.status == 1);
  CHECK(j.out.empty());
}

TEST_CASE("cli: a query on an index folder that holds no passages yet says so on stderr", "[cli][query][exit]") {
  TempDir db; // what a first build stopped before its first bucket leaves: no index yet, read as empty
  const Run r = query({"--db", db.path().string(), "peace"});
  CHECK(r.status == 1);
  CHECK(contains(r.out, "No passages match"));
  CHECK(contains(r.err, "holds no passages yet"));
  CHECK(contains(r.err, "run parasearch-index"));
  // An index with passages says nothing of the kind when a query finds none.
  TempDir full;
  index_corpus(full.path());
  const Run none = query({"--db", full.path().string(), "xylophone"});
  CHECK(none.status == 1);
  CHECK(!contains(none.err, "holds no passages"));
}

// ---------------------------------------------------------------- usage errors

TEST_CASE("cli: a malformed query exits 2 with a message naming the query", "[cli][query][exit]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "AND"});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "'AND'"));
  CHECK(contains(r.err, "parasearch-query"));
  CHECK(r.out.empty());
}

TEST_CASE("cli: an unknown option exits 2", "[cli][exit]") {
  TempDir db;
  index_corpus(db.path());
  const Run q = query({"--db", db.path().string(), "--frobnicate", "security"});
  CHECK(q.status == 2);
  CHECK(contains(q.err, "frobnicate"));
  const Run i = index({"--db", db.path().string(), "--frobnicate", corpus_dir()});
  CHECK(i.status == 2);
  CHECK(contains(i.err, "frobnicate"));
}

TEST_CASE("cli: parasearch-query without a query exits 2", "[cli][query][exit]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string()});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "no query"));
}

TEST_CASE("cli: parasearch-index without paths exits 2", "[cli][index][exit]") {
  TempDir db;
  const Run r = index({"--db", (db / "new").string()});
  CHECK(r.status == 2);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("cli: parasearch-index --lang with an unknown language exits 2", "[cli][index][exit]") {
  TempDir db;
  const Run r = index({"--db", (db / "idx").string(), "--lang", "klingon", corpus_dir()});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "klingon"));
}

TEST_CASE("cli: parasearch-index --list-languages lists the stemmers and 'none'", "[cli][index]") {
  const Run r = index({"--list-languages"});
  CHECK(r.status == 0);
  const auto langs = lines_of(r.out);
  for (const char *l : {"english", "french", "russian", "arabic", "none"}) {
    INFO("language " << l);
    CHECK(std::find(langs.begin(), langs.end(), l) != langs.end());
  }
  CHECK(std::find(langs.begin(), langs.end(), "klingon") == langs.end());
}

TEST_CASE("cli: --help of both tools exits 0 and documents the exit status", "[cli][help]") {
  for (const char *exe : {kIndexExe, kQueryExe}) {
    INFO(exe);
    const Run r = run(exe, {"--help"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "Exit status"));
    CHECK(contains(r.out, "--db"));
  }
}

// ---------------------------------------------------------------- database problems

TEST_CASE("cli: parasearch-query on a missing index exits 4 naming it", "[cli][query][exit]") {
  TempDir dir;
  const std::string missing = (dir / "no-such-index").string();
  const Run r = query({"--db", missing, "security"});
  CHECK(r.status == 4);
  CHECK(contains(r.err, missing));
  CHECK_FALSE(fs::exists(missing)); // a query never creates an index
}

TEST_CASE("cli: parasearch-index with a nonexistent path exits 1 and names it", "[cli][index][exit]") {
  TempDir db, dir;
  const std::string missing = (dir / "no-such-folder").string();
  const Run r = index({"--db", db.path().string(), missing});
  CHECK(r.status == 1);
  CHECK(contains(r.err, missing));
  CHECK(contains(r.out, "1 failed"));
  // Good paths given with it are still indexed, and the exit status still reports the failure.
  const Run both = index({"--db", db.path().string(), missing, corpus_dir()});
  CHECK(both.status == 1);
  CHECK(query({"--db", db.path().string(), "diplomacy"}).status == 0);
}

TEST_CASE("cli: parasearch-index exits 3 with 'busy' while another Indexer holds the index", "[cli][index][lock]") {
  TempDir db;
  {
    parasearch::IndexOptions options;
    options.db = db.path();
    parasearch::Indexer holder(options); // holds the write lock until the end of this block
    const Run r = index({"--db", db.path().string(), corpus_dir()});
    CHECK(r.status == 3);
    CHECK(contains(r.err, "busy"));
    // Readers are not blocked by the writer.
    holder.add_text("note.txt", "The Council met in closed session.\n");
    holder.commit();
    CHECK(query({"--db", db.path().string(), "council"}).status == 0);
  }
  // With the lock released, the same command succeeds.
  const Run again = index({"--db", db.path().string(), corpus_dir()});
  CHECK(again.status == 0);
}

// ---------------------------------------------------------------- query features and parasearch-eval

TEST_CASE("cli: 'AND OR (' exits 2 and says which operator lacks an operand", "[cli][query][exit]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "AND OR ("});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "'AND' at character 1 has nothing on its left"));
}

TEST_CASE("cli: --per-doc shows the press release once, with its other matching paragraphs", "[cli][query]") {
  TempDir db;
  index_corpus(db.path());
  const Run r = query({"--db", db.path().string(), "--per-doc", "--json", "preventive diplomacy"});
  REQUIRE(r.status == 0);
  const auto hits = json_lines(r.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].at("paragraph") == 4);
  CHECK(hits[0].at("others") == 7); // the title holds both words: every paragraph matches
  CHECK(hits[0].at("text").get<std::string>().starts_with("Since taking office"));
  // Without the title, one other paragraph says "diplomacy".
  const Run text =
      query({"--db", db.path().string(), "--per-doc", "--json", "--title-weight", "0", "preventive diplomacy"});
  REQUIRE(text.status == 0);
  CHECK(json_lines(text.out).at(0).at("others") == 1);
}

TEST_CASE("cli: --html escapes quotes and marks matches, and --mark-start/--mark-end set the marks", "[cli][query]") {
  TempDir db, input;
  parasearch::test::write_file(input / "q.txt", "He said \"peace <now>\" & 'diplomacy' first.\n");
  REQUIRE(index({"--db", db.path().string(), input.path().string()}).status == 0);
  const Run html = query({"--db", db.path().string(), "--html", "diplomacy"});
  REQUIRE(html.status == 0);
  CHECK(contains(html.out, "He said &quot;peace &lt;now&gt;&quot; &amp; &#39;<mark>diplomacy</mark>&#39; first."));
  const Run marks = query({"--db", db.path().string(), "--mark-start", "{", "--mark-end", "}", "peace"});
  CHECK(contains(marks.out, "\"{peace} <now>\""));
}

TEST_CASE("cli: --json highlights are character offsets into text", "[cli][query][json]") {
  TempDir db, input;
  parasearch::test::write_file(input / "u.txt", "Über die Diplomatie: «préventive» diplomacy matters.\n");
  REQUIRE(index({"--db", db.path().string(), input.path().string()}).status == 0);
  const Run r = query({"--db", db.path().string(), "--json", "diplomacy"});
  REQUIRE(r.status == 0);
  const auto hits = json_lines(r.out);
  REQUIRE(hits.size() == 1);
  const auto &h = hits[0].at("highlights");
  REQUIRE(h.size() == 1);
  CHECK(h[0][0] == 34); // counted in characters: Ü, é, « and » are one each
  CHECK(h[0][1] == 43);
}

TEST_CASE("cli: parasearch-eval scores a run against judgments", "[cli][eval]") {
  TempDir dir;
  parasearch::test::write_file(dir / "qrels", "1 0 d1 2\n1 0 d2 1\n1 0 d3 0\n1 0 d4 1\n");
  parasearch::test::write_file(dir / "run", "1 Q0 d3 1 0.9 t\n1 Q0 d1 2 0.8 t\n1 Q0 d5 3 0.7 t\n1 Q0 d2 4 0.6 t\n");
  const Run r =
      run(PARASEARCH_EVAL_EXE, {"score", "--json", "--qrels", (dir / "qrels").string(), (dir / "run").string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("queries") == 1);
  CHECK(j.at("ndcg_cut_10").get<double>() == Approx(0.540587).epsilon(1e-5));
  CHECK(j.at("map").get<double>() == Approx(1.0 / 3));
  CHECK(run(PARASEARCH_EVAL_EXE, {"frobnicate"}).status == 2);
}

TEST_CASE("cli: parasearch-eval score reports unjudged@10 and condensed nDCG@10", "[cli][eval]") {
  TempDir dir;
  parasearch::test::write_file(dir / "qrels", "1 0 d1 2\n1 0 d2 1\n1 0 d3 0\n1 0 d4 1\n");
  parasearch::test::write_file(dir / "run", "1 Q0 d3 1 0.9 t\n1 Q0 d1 2 0.8 t\n1 Q0 d5 3 0.7 t\n1 Q0 d2 4 0.6 t\n");
  const Run r =
      run(PARASEARCH_EVAL_EXE, {"score", "--json", "--qrels", (dir / "qrels").string(), (dir / "run").string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("unjudged_10").get<double>() == Approx(0.25)); // d5
  CHECK(j.at("condensed_ndcg_cut_10").get<double>() == Approx((2 / std::log2(3.0) + 0.5) / (2.5 + 1 / std::log2(3.0))));
}

TEST_CASE("cli: parasearch-eval compare runs a paired randomisation test between two runs", "[cli][eval]") {
  TempDir dir;
  // Three queries; run B finds the relevant document first on each, run A second: B wins every query by
  // the same margin, so only 2 of the 8 sign patterns reach it (exact p = 0.25).
  std::string qrels, a, b;
  for (const char *q : {"1", "2", "3"}) {
    qrels += std::string(q) + " 0 good 1\n" + q + " 0 bad 0\n";
    a += std::string(q) + " Q0 bad 1 2 a\n" + q + " Q0 good 2 1 a\n";
    b += std::string(q) + " Q0 good 1 2 b\n" + q + " Q0 bad 2 1 b\n";
  }
  parasearch::test::write_file(dir / "qrels", qrels);
  parasearch::test::write_file(dir / "a", a);
  parasearch::test::write_file(dir / "b", b);
  const Run r = run(PARASEARCH_EVAL_EXE, {"compare", "--json", "--qrels", (dir / "qrels").string(),
                                          (dir / "a").string(), (dir / "b").string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("queries") == 3);
  CHECK(j.at("a").get<double>() == Approx(1 / std::log2(3.0)));
  CHECK(j.at("b").get<double>() == Approx(1.0));
  CHECK(j.at("p").get<double>() == Approx(0.25).margin(0.02));
  const Run text = run(PARASEARCH_EVAL_EXE,
                       {"compare", "--qrels", (dir / "qrels").string(), (dir / "a").string(), (dir / "b").string()});
  CHECK(text.status == 0);
  CHECK(text.out.find("B-A +0.3691") != std::string::npos);
  // One run, or an unknown measure, is a usage error.
  CHECK(run(PARASEARCH_EVAL_EXE, {"compare", "--qrels", (dir / "qrels").string(), (dir / "a").string()}).status == 2);
  CHECK(run(PARASEARCH_EVAL_EXE, {"compare", "--measure", "mrr", "--qrels", (dir / "qrels").string(),
                                  (dir / "a").string(), (dir / "b").string()})
            .status == 2);
}

TEST_CASE("cli: parasearch-eval run writes a TREC run, best passage per document", "[cli][eval]") {
  TempDir db, dir;
  index_corpus(db.path());
  parasearch::test::write_file(dir / "q.tsv", "7\tpreventive diplomacy\n8\tterrorism\n");
  const Run r = run(PARASEARCH_EVAL_EXE, {"run", "--db", db.path().string(), "--queries", (dir / "q.tsv").string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2); // one document, once per query
  CHECK(lines[0].starts_with(std::string("7 Q0 ") + kCorpusFile + " 1 "));
  CHECK(lines[0].ends_with(" parasearch"));
  CHECK(lines[1].starts_with("8 Q0 "));
}

TEST_CASE("cli: no progress bar when stderr is not a terminal, and --verbose reports each file", "[cli][index]") {
  TempDir db;
  const Run quiet = index({"--db", db.path().string(), corpus_dir()});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.find('\r') == std::string::npos); // the bar redraws with \r: never in a pipe
  const Run again = index({"--db", db.path().string(), "--verbose", corpus_dir()});
  CHECK(again.status == 0);
  CHECK(contains(again.err, "unchanged '000_8dde486aecdac76d.txt'"));
  CHECK(contains(again.out, "1 unchanged"));
}

TEST_CASE("cli: control characters in file names and queries are shown escaped, never sent raw",
          "[cli][index][query][text]") {
  TempDir in, db;
  const std::string name = "evil\x1b[31mred\x1b[0m\ttab\xC2\x85.txt"; // ESC, TAB and C1 NEL
  parasearch::test::write_file(in / name, "Preventive diplomacy matters here.\n");
  const Run ix = index({"--db", db.path().string(), "-v", in.path().string()});
  INFO(ix.err);
  CHECK(ix.status == 0);
  CHECK(contains(ix.err, "added 'evil\\x1b[31mred\\x1b[0m\\ttab\\u0085.txt' (1 paragraph)"));
  CHECK(contains(ix.out, "1 file in "));
  CHECK(contains(ix.out, "Indexed 1 paragraph ("));
  for (const std::string &s : {ix.out, ix.err})
    CHECK(s.find('\x1b') == std::string::npos);

  const Run text = query({"--db", db.path().string(), "--color", "never", "diplomacy \x1b[2J"});
  INFO(text.out << text.err);
  CHECK(text.status == 0);
  CHECK(contains(text.out, "1. evil\\x1b[31mred\\x1b[0m\\ttab\\u0085.txt"));
  CHECK(contains(text.out, "About 1 passage matches 'diplomacy \\x1b[2J'"));
  CHECK(text.out.find('\x1b') == std::string::npos);

  // JSON keeps the real name (JSON escapes it itself).
  const Run json = query({"--db", db.path().string(), "--json", "diplomacy"});
  const auto hits = json_lines(json.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["path"] == name);
}
