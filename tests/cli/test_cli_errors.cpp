// The tools' own correctness: a failed write to standard output, numeric options that name themselves,
// --show-split on a folder, and summary counts that add up (text and --json, folders and JSON Lines).
#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
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
constexpr const char *kEvalExe = PARASEARCH_EVAL_EXE;
constexpr int kOutputError = 6; // ExitCode::kOutput, as README and --help document it

/// An index of corpus/ (one UN press release, 8 paragraphs) at `db`.
void index_corpus(const fs::path &db) { parasearch::test::index_corpus(kIndexExe, db); }

/// Checks that `args` of `exe`, with standard output on /dev/full, exit 6 saying why on stderr.
void check_write_error(const std::string &exe, const std::vector<std::string> &args, const std::string &env = "") {
  const Run r = run(exe, args, "/dev/full", env);
  std::string line = exe;
  for (const auto &a : args)
    line += " " + a;
  INFO(line << "\nstderr: " << r.err);
  CHECK(r.status == kOutputError);
  CHECK(contains(r.err, "write error on standard output"));
  CHECK(contains(r.err, "No space left on device"));
}

/// The numbers of the text summary's first line "N files in T s: a added, ... f failed; r removed."
struct TextCounts {
  std::size_t files = 0, sum = 0, removed = 0;
};

TextCounts text_counts(const std::string &out) {
  static const std::regex line(R"((\d+) files? in [0-9.]+ s: (\d+) added, (\d+) updated, (\d+) unchanged, )"
                               R"((\d+) empty, (\d+) skipped, (\d+) failed; (\d+) removed\.)");
  std::smatch m;
  REQUIRE(std::regex_search(out, m, line));
  TextCounts c;
  c.files = std::stoul(m[1]);
  for (int i = 2; i <= 7; ++i)
    c.sum += std::stoul(m[i]);
  c.removed = std::stoul(m[8]);
  return c;
}

/// files == added + updated + unchanged + empty + skipped + failed in a --json summary.
void check_json_adds_up(const nlohmann::json &j) {
  INFO(j.dump());
  CHECK(j.at("files").get<std::size_t>() ==
        j.at("added").get<std::size_t>() + j.at("updated").get<std::size_t>() + j.at("unchanged").get<std::size_t>() +
            j.at("empty").get<std::size_t>() + j.at("skipped").get<std::size_t>() + j.at("failed").get<std::size_t>());
  CHECK(j.at("indexed").get<std::size_t>() == j.at("added").get<std::size_t>() + j.at("updated").get<std::size_t>());
}

} // namespace

// ---------------------------------------------------------------- defect 9: write errors

TEST_CASE("cli errors: parasearch-query exits 6 when standard output cannot be written", "[cli][output]") {
  TempDir db;
  index_corpus(db.path());
  const std::string d = db.path().string();
  check_write_error(kQueryExe, {"--db", d, "preventive diplomacy"});
  check_write_error(kQueryExe, {"--db", d, "--json", "preventive diplomacy"});
  check_write_error(kQueryExe, {"--db", d, "--html", "preventive diplomacy"});
  check_write_error(kQueryExe, {"--db", d, "--per-doc", "--context", "1", "--explain", "diplomacy"});
  check_write_error(kQueryExe, {"--db", d, "xylophonezz"}); // no hits: "No passages match" is output too
  check_write_error(kQueryExe, {"--help"});
}

TEST_CASE("cli errors: parasearch-index exits 6 when standard output cannot be written", "[cli][output]") {
  TempDir db, db2;
  const std::string file = (fs::path(corpus_dir()) / "000_8dde486aecdac76d.txt").string();
  check_write_error(kIndexExe, {"--db", db.path().string(), corpus_dir()});            // text summary
  check_write_error(kIndexExe, {"--db", db2.path().string(), "--json", corpus_dir()}); // JSON summary
  check_write_error(kIndexExe, {"--show-split", file});
  // Xapian 1.4.22's check code deletes an object through the wrong type (ASan new-delete-type-mismatch
  // inside Xapian::Database::check_; see run_check in test_faults.cpp): that one report is turned off.
  check_write_error(kIndexExe, {"--db", db.path().string(), "--check"},
                    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0 ");
  check_write_error(kIndexExe, {"--list-languages"});
  check_write_error(kIndexExe, {"--help"});
  // The index itself was written: only the report was lost.
  const Run q = run(kQueryExe, {"--db", db2.path().string(), "diplomacy"});
  CHECK(q.status == 0);
}

TEST_CASE("cli errors: parasearch-eval exits 6 when the run or the scores cannot be written", "[cli][output][eval]") {
  TempDir db, dir;
  index_corpus(db.path());
  parasearch::test::write_file(dir / "q.tsv", "7\tpreventive diplomacy\n");
  parasearch::test::write_file(dir / "qrels", "1 0 d1 2\n");
  parasearch::test::write_file(dir / "run", "1 Q0 d1 1 0.9 t\n");
  const std::string q = (dir / "q.tsv").string(), qrels = (dir / "qrels").string(), runf = (dir / "run").string();
  check_write_error(kEvalExe, {"run", "--db", db.path().string(), "--queries", q});
  check_write_error(kEvalExe, {"score", "--qrels", qrels, runf});
  check_write_error(kEvalExe, {"score", "--json", "--qrels", qrels, runf});
  check_write_error(kEvalExe, {"--help"});
  const Run to_file = run(kEvalExe, {"run", "--db", db.path().string(), "--queries", q, "-o", "/dev/full"});
  INFO(to_file.err);
  CHECK(to_file.status == kOutputError);
  CHECK(contains(to_file.err, "'/dev/full'"));
}

TEST_CASE("cli errors: --help of every tool documents exit status 6", "[cli][output][help]") {
  for (const char *exe : {kIndexExe, kQueryExe}) {
    const Run r = run(exe, {"--help"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "6  write error on standard output"));
  }
}

// ---------------------------------------------------------------- defect 10: options and summaries

TEST_CASE("cli errors: a bad numeric option is named with what it expects, exit 2", "[cli][options]") {
  TempDir db;
  index_corpus(db.path());
  const std::string d = db.path().string();
  struct Case {
    const char *exe;
    std::vector<std::string> args;
    const char *message;
  };
  const std::vector<Case> cases = {
      {kQueryExe, {"--limit", "-1"}, "--limit expects a whole number (0 or more), not '-1'"},
      {kQueryExe, {"-n", "ten"}, "--limit expects a whole number (0 or more), not 'ten'"},
      {kQueryExe, {"--offset", "1.5"}, "--offset expects a whole number"},
      {kQueryExe, {"--context", "-2"}, "--context expects a whole number"},
      {kQueryExe, {"--snippet-chars", ""}, "--snippet-chars expects a whole number"},
      {kQueryExe, {"--threads", "99999"}, "--threads expects a whole number from 0 to 1024, not '99999'"},
      {kQueryExe, {"--rerank-depth", "x"}, "--rerank-depth expects a whole number"},
      {kQueryExe, {"--window", "-3"}, "--window expects a whole number"},
      {kQueryExe, {"--bm25-k1", "abc"}, "--bm25-k1 expects a number, such as 0.5, not 'abc'"},
      {kQueryExe, {"--bm25-b", "nan"}, "--bm25-b expects a number"},
      {kQueryExe, {"--proximity", "1e999"}, "--proximity expects a number"},
      // In range of the type, out of range of the ranking: the library's check, named by its flag.
      {kQueryExe, {"--bm25-k1", "-1"}, "(--bm25-k1) must be a number of at least 0, not -1"},
      {kQueryExe, {"--bm25-b", "1.5"}, "(--bm25-b) must be a number from 0 to 1, not 1.5"},
      {kQueryExe, {"--proximity", "-0.1"}, "(--proximity) must be a number of at least 0"},
      {kQueryExe, {"--window", "1"}, "(--window) must be at least 2 words, not 1"},
      {kQueryExe, {"--idf", "bm25"}, "--idf expects lucene, xapian or a number from 0 to 1, not 'bm25'"},
      {kQueryExe,
       {"--idf", "1.5"},
       "(--idf) must be lucene, xapian or a number from 0 (Lucene's) to 1 (Xapian's), not 1.5"},
      {kIndexExe, {"--commit-every", "-5"}, "--commit-every expects a whole number"},
      {kIndexExe, {"--jobs", "two"}, "--jobs expects a whole number from 0 to 1024, not 'two'"},
      {kIndexExe, {"--buckets", "300"}, "--buckets expects a whole number from 1 to 256, not '300'"},
      {kIndexExe, {"--buckets", "0"}, "--buckets expects a whole number from 1 to 256, not '0'"},
      {kEvalExe, {"run", "--queries", "q", "--depth", "-1"}, "--depth expects a whole number (0 or more), not '-1'"},
      {kEvalExe, {"run", "--queries", "q", "--bm25-k1", "-1"}, "(--bm25-k1) must be a number of at least 0"},
      {kEvalExe, {"run", "--queries", "q", "--window", "0"}, "(--window) must be at least 2 words"},
      {kEvalExe, {"run", "--queries", "q", "--idf", "-0.5"}, "(--idf) must be lucene, xapian or a number"},
  };
  for (const Case &c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--db", d, "diplomacy"});
    if (c.exe == kEvalExe) args.pop_back();
    const Run r = run(c.exe, args);
    INFO(c.exe << " " << c.args.front() << " " << c.args.back() << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(contains(r.err, c.message));
    CHECK_FALSE(contains(r.err, "failed to parse"));
  }
}

TEST_CASE("cli errors: a query starting with an excluded word is refused with the ways to write it, exit 2",
          "[cli][options]") {
  TempDir db;
  index_corpus(db.path());
  const std::string d = db.path().string();
  // Read as options, these were '-n ations' (a puzzling --limit error) or 'Option p does not exist'.
  for (const std::string word : {"-nations", "-peace", "-human", "-5"}) {
    const Run r = run(kQueryExe, {"--db", d, word, "diplomacy"});
    const Run later = run(kQueryExe, {"--db", d, "diplomacy", word}); // the parser reads options anywhere
    CHECK(later.status == 2);
    CHECK(later.err == r.err);
    INFO(word << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(contains(r.err, "'" + word + "' is read as an option; to leave out passages with '" + word.substr(1) + "'"));
    CHECK(contains(r.err, "-- '" + word + " peace'"));
    CHECK(r.out.empty());
  }
  // Written as the message says, the query runs: one argument with a word first, or after '--'.
  const Run after_word = run(kQueryExe, {"--db", d, "--json", "diplomacy -zebra"});
  CHECK(after_word.status == 0);
  CHECK(contains(after_word.out, "diplomacy"));
  const Run after_dashes = run(kQueryExe, {"--db", d, "--json", "--", "-zebra", "diplomacy"});
  CHECK(after_dashes.status == 0);
  CHECK(after_dashes.out == after_word.out);
  // Options and their values are not words: -n5, -n 5, a value that starts with '-', --opt=value.
  CHECK(run(kQueryExe, {"--db", d, "-n5", "diplomacy"}).status == 0);
  CHECK(run(kQueryExe, {"--db", d, "-n", "5", "diplomacy"}).status == 0);
  CHECK(run(kQueryExe, {"--db", d, "--mark-start", "-[", "diplomacy"}).status == 0);
  CHECK(run(kQueryExe, {"--db=" + d, "--mark-end=-]", "diplomacy"}).status == 0);
}

TEST_CASE("cli errors: --show-split on a folder says it needs a file, exit 2", "[cli][options][index]") {
  const Run r = run(kIndexExe, {"--show-split", corpus_dir()});
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "--show-split needs a file, but '" + corpus_dir() + "' is a folder"));
  CHECK_FALSE(contains(r.err, "internal error"));
  const Run missing = run(kIndexExe, {"--show-split", corpus_dir() + "/no-such-file.txt"});
  CHECK(missing.status == 2);
  CHECK(contains(missing.err, "no-such-file.txt"));
}

TEST_CASE("cli errors: JSON Lines summary counts add up with bad lines and duplicate ids", "[cli][index][summary]") {
  TempDir in, db, db2;
  // 6 lines with content: 3 good records (one id repeated once more), 2 bad lines, 1 empty text.
  parasearch::test::write_file(in / "docs.jsonl", "{\"id\": \"a\", \"text\": \"Preventive diplomacy works.\"}\n"
                                                  "not json at all\n"
                                                  "{\"id\": \"b\", \"text\": \"Nuclear disarmament now.\"}\n"
                                                  "{\"id\": \"a\", \"text\": \"A duplicate of a.\"}\n"
                                                  "{\"title\": \"no id\", \"text\": \"x\"}\n"
                                                  "{\"id\": \"c\", \"text\": \"\"}\n");
  const std::string file = (in / "docs.jsonl").string();
  const Run text = run(kIndexExe, {"--db", db.path().string(), "--format", "jsonl", file});
  INFO(text.out << text.err);
  CHECK(text.status == 0);
  const TextCounts c = text_counts(text.out);
  CHECK(c.files == 6);
  CHECK(c.sum == c.files);
  CHECK(contains(text.out, "2 added"));
  CHECK(contains(text.out, "1 empty"));
  CHECK(contains(text.out, "3 skipped")); // two bad lines and the duplicate
  CHECK(contains(text.err, "docs.jsonl:2"));
  CHECK(contains(text.err, "docs.jsonl:5"));

  const Run json = run(kIndexExe, {"--db", db2.path().string(), "--format", "jsonl", "--json", file});
  INFO(json.err);
  CHECK(json.status == 0);
  const nlohmann::json j = nlohmann::json::parse(json.out);
  CHECK(j.at("files") == 6);
  CHECK(j.at("skipped") == 3);
  check_json_adds_up(j);

  // Again: the good records are unchanged; still adds up.
  const Run again = run(kIndexExe, {"--db", db2.path().string(), "--format", "jsonl", "--json", file});
  const nlohmann::json j2 = nlohmann::json::parse(again.out);
  CHECK(j2.at("unchanged") == 2); // a and b
  CHECK(j2.at("empty") == 1);     // c, reported as it was the first time
  check_json_adds_up(j2);
}

TEST_CASE("cli errors: folder summary counts add up: added, updated, unchanged, removed, empty, skipped",
          "[cli][index][summary]") {
  TempDir in, db;
  parasearch::test::write_file(in / "keep.txt", "Preventive diplomacy is a priority.\n");
  parasearch::test::write_file(in / "change.txt", "Nuclear disarmament.\n");
  parasearch::test::write_file(in / "gone.txt", "This file will be deleted.\n");
  parasearch::test::write_file(in / "empty.txt", "");
  std::string binary = "\x7f"
                       "ELF";
  binary += std::string(8, '\0') + "\x01\x02";
  parasearch::test::write_file(in / "binary.txt", binary);
  const std::string d = db.path().string(), dir = in.path().string();
  {
    const Run r = run(kIndexExe, {"--db", d, "--json", dir});
    INFO(r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j.at("files") == 5);
    CHECK(j.at("added") == 3);
    check_json_adds_up(j);
  }
  fs::remove(in / "gone.txt");
  parasearch::test::write_file(in / "change.txt", "Nuclear disarmament, now with more words.\n");
  parasearch::test::write_file(in / "new.txt", "A new file about human rights.\n");
  {
    const Run r = run(kIndexExe, {"--db", d, "--json", dir});
    INFO(r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j.at("removed") == 1);
    CHECK(j.at("updated") == 1);
    CHECK(j.at("added") == 1);
    CHECK(j.at("skipped") == 1);
    check_json_adds_up(j);
  }
  parasearch::test::write_file(in / "new.txt", "A new file about human rights, changed.\n");
  const Run r = run(kIndexExe, {"--db", d, dir});
  INFO(r.out << r.err);
  const TextCounts c = text_counts(r.out);
  CHECK(c.files == 5);
  CHECK(c.sum == c.files);
  CHECK(c.removed == 0);
}

TEST_CASE("cli errors: a file indexed before and skipped now is reported and counted once", "[cli][index][summary]") {
  TempDir in, db;
  parasearch::test::write_file(in / "a.txt", "Preventive diplomacy is a priority.\n");
  parasearch::test::write_file(in / "b.txt", "Nuclear disarmament.\n");
  const std::string d = db.path().string(), dir = in.path().string();
  REQUIRE(run(kIndexExe, {"--db", d, dir}).status == 0);
  fs::remove(in / "a.txt");
  fs::create_symlink(in / "b.txt", in / "a.txt"); // not followed: skipped, its old paragraphs dropped
  const Run r = run(kIndexExe, {"--db", d, "--json", dir});
  INFO(r.out << r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j.at("files") == 2);
  CHECK(j.at("skipped") == 1);
  CHECK(j.at("unchanged") == 1);
  check_json_adds_up(j);
  CHECK(j.at("total_paragraphs") == 1);
  const std::string once = "skipped 'a.txt'";
  CHECK(r.err.find(once) != std::string::npos);
  CHECK(r.err.find(once) == r.err.rfind(once));
}
