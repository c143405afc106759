// The bad-input suite: hostile and broken files, generated into a temporary folder, indexed by the real
// parasearch-index. For each case: the message names the file, the exit status is right, and every OTHER
// file's paragraphs are in the index (checked with Searcher). See ENGINEERING.md §4.
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"
#include "support/pdf_writer.hpp"
#include "support/process.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::contains;
using parasearch::test::kSanitized;
using parasearch::test::make_pdf;
using parasearch::test::PdfSpec;
using parasearch::test::ProcessResult;
using parasearch::test::TempDir;
using parasearch::test::write_file;
using namespace std::string_literals;

constexpr const char *kIndexExe = PARASEARCH_INDEX_EXE;
constexpr const char *kQueryExe = PARASEARCH_QUERY_EXE;

/// One paragraph of a good file, found by a word that occurs nowhere else.
struct Expected {
  std::string path;
  unsigned paragraph;
  std::string marker;
};

/// Writes two good files whose names sort before and after any "b_..." or "m_..." problem file
/// (a_first.txt, z_last.txt); returns their paragraphs.
std::vector<Expected> write_good_files(const fs::path &dir) {
  write_file(dir / "a_first.txt", "The Assembly discussed albatross conservation at length.\n"
                                  "Delegates praised the buttercup initiative of the Secretariat.\n");
  write_file(dir / "z_last.txt", "The Council visited the zeppelin hangar in the capital.\n"
                                 "Observers welcomed the xylograph exhibition on human rights.\n");
  return {{"a_first.txt", 1, "albatross"},
          {"a_first.txt", 2, "buttercup"},
          {"z_last.txt", 1, "zeppelin"},
          {"z_last.txt", 2, "xylograph"}};
}

/// Every good paragraph is in the index at `db`: its marker finds exactly it.
void require_good_files(const fs::path &db, const std::vector<Expected> &good) {
  parasearch::Searcher searcher(db);
  for (const Expected &e : good) {
    INFO("marker " << e.marker);
    const auto hits = searcher.search(e.marker).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].path == e.path);
    CHECK(hits[0].paragraph == e.paragraph);
  }
}

/// Runs parasearch-index with `args` (no terminal: no progress bar).
ProcessResult index(const std::vector<std::string> &args, const parasearch::test::ProcessOptions &options = {}) {
  ProcessResult r = parasearch::test::run_process(kIndexExe, args, options);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.signal == 0);
  return r;
}

/// The hits of `query` in `db` (up to 100).
std::vector<parasearch::Hit> search(const fs::path &db, const std::string &query) {
  parasearch::Searcher searcher(db);
  parasearch::SearchOptions options;
  options.limit = 100;
  return searcher.search(query, options).hits;
}

/// The line of `err` that names `path` in quotes, or "".
std::string line_naming(const std::string &err, const std::string &path) {
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);)
    if (contains(line, "'" + path + "'")) return line;
  return {};
}

} // namespace

// ---------------------------------------------------------------- encodings

TEST_CASE("bad input: invalid UTF-8 is indexed with U+FFFD and the JSON output stays valid UTF-8", "[badinput][utf8]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // Latin-1 "ô" (0xF4), a truncated sequence (0xE2 0x82), an overlong '/' (0xC0 0xAF), a lone surrogate.
  write_file(in / "b_latin1.txt", "The delegation of C\xF4te d'Ivoire welcomed the kangaroo report.\n"
                                  "A truncated \xE2\x82 sequence, an overlong \xC0\xAF slash and a surrogate "
                                  "\xED\xA0\x80 sit in the marmoset paragraph.\n");
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()});
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_latin1.txt"), "added"));
  require_good_files(db.path(), good);

  const ProcessResult q =
      parasearch::test::run_process(kQueryExe, {"--db", db.path().string(), "--json", "kangaroo OR marmoset"});
  REQUIRE(q.status == 0);
  std::istringstream lines(q.out);
  std::size_t hits = 0;
  for (std::string line; std::getline(lines, line); ++hits) {
    INFO(line);
    CHECK(parasearch::is_valid_utf8(line));
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(line)); // throws on invalid UTF-8
    CHECK(contains(j.at("text").get<std::string>(), "\xEF\xBF\xBD"));
  }
  CHECK(hits == 2);
  const auto cote = search(db.path(), "kangaroo");
  REQUIRE(cote.size() == 1);
  CHECK(contains(cote[0].text, "C\xEF\xBF\xBDte d'Ivoire"));
}

TEST_CASE("bad input: UTF-16 with a byte-order mark, little and big endian, is transcoded", "[badinput][utf16]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // "Côte d'Ivoire 世界 platypus.\n" in UTF-16: ô = U+00F4, 世 = U+4E16, 界 = U+754C.
  const std::u16string text = u"La C\u00F4te d'Ivoire \u4E16\u754C platypus.\n";
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  for (const char16_t c : text) {
    le += static_cast<char>(c & 0xFF), le += static_cast<char>(c >> 8);
    be += static_cast<char>(c >> 8), be += static_cast<char>(c & 0xFF);
  }
  write_file(in / "b_utf16le.txt", le);
  write_file(in / "b_utf16be.txt", be);
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()});
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_utf16le.txt"), "added"));
  CHECK(contains(line_naming(r.err, "b_utf16be.txt"), "added"));
  require_good_files(db.path(), good);
  const auto hits = search(db.path(), "platypus");
  REQUIRE(hits.size() == 2);
  for (const auto &h : hits)
    CHECK(h.text == "La C\xC3\xB4te d'Ivoire \xE4\xB8\x96\xE7\x95\x8C platypus.");
  CHECK(search(db.path(), "\xE4\xB8\x96\xE7\x95\x8C").size() == 2); // 世界: CJK is searchable
}

TEST_CASE("bad input: stray NUL bytes are replaced, a file full of them is skipped as binary", "[badinput][nul]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // Two stray NULs in a page of text (binary detection allows up to 1% NUL bytes).
  std::string stray = "The walrus"s + '\0' + " committee met in" + '\0' + " closed session today.\n";
  for (int i = 0; i < 5; ++i)
    stray += "The committee then heard statements from the floor and closed the debate.\n";
  write_file(in / "b_stray_nul.txt", stray);
  std::string nuls = "UTF-16 without a BOM looks like this: ";
  for (const char c : std::string("The narwhal report was adopted.\n"))
    nuls += c, nuls += '\0';
  write_file(in / "m_many_nul.txt", nuls);
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()});
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_stray_nul.txt"), "added"));
  const std::string skipped = line_naming(r.err, "m_many_nul.txt");
  CHECK(contains(skipped, "skipped"));
  CHECK(contains(skipped, "NUL"));
  require_good_files(db.path(), good);
  const auto walrus = search(db.path(), "walrus");
  REQUIRE(walrus.size() == 1);
  CHECK(walrus[0].text == "The walrus\xEF\xBF\xBD committee met in\xEF\xBF\xBD closed session today.");
  CHECK(search(db.path(), "narwhal").empty());
}

TEST_CASE("bad input: a binary file named .txt is skipped with a reason", "[badinput][binary]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  std::string png = "\x89PNG\r\n\x1A\n";
  std::uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) { // deterministic noise, like compressed image data
    x = x * 1103515245u + 12345u;
    png += static_cast<char>(x >> 24);
  }
  png += " some readable words like pelican at the end";
  write_file(in / "b_image.txt", png);
  const ProcessResult r = index({"--db", db.path().string(), in.path().string()});
  CHECK(r.status == 0);
  const std::string line = line_naming(r.err, "b_image.txt");
  CHECK(contains(line, "skipped"));
  CHECK(contains(line, "a PNG image"));
  CHECK(contains(r.out, "1 skipped"));
  require_good_files(db.path(), good);
  CHECK(search(db.path(), "pelican").empty());
  CHECK(parasearch::Searcher(db.path()).paragraph_count() == good.size()); // nothing else got in
}

TEST_CASE("bad input: a PDF named .txt is read as PDF by its content, a broken one is skipped with the reason",
          "[badinput][binary][pdf]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // An uncompressed PDF is mostly ASCII: only its magic bytes tell it from text. This one has no page tree.
  write_file(in / "b_report.txt", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                                  "4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf (The pelican report) Tj ET\n"
                                  "endstream endobj\n%%EOF\n");
  PdfSpec pdf;
  pdf.pages.push_back(parasearch::test::pdf_paragraphs({{"The flamingo report was read as a PDF file."}}));
  write_file(in / "m_flamingo.txt", make_pdf(pdf));
  const ProcessResult r = index({"--db", db.path().string(), in.path().string()});
  CHECK(r.status == 0);
  const std::string line = line_naming(r.err, "b_report.txt");
  CHECK(contains(line, "skipped"));
  CHECK(contains(line, "an unreadable pdf file: damaged: "));
  const auto flamingo = search(db.path(), "flamingo");
  REQUIRE(flamingo.size() == 1);
  CHECK(flamingo[0].path == "m_flamingo.txt");
  CHECK(search(db.path(), "pelican").empty());
}

TEST_CASE(
    "bad input: truncated, damaged, encrypted and image-only PDFs are skipped with a one-line reason, the run goes on",
    "[badinput][pdf]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  PdfSpec spec;
  spec.pages.push_back(parasearch::test::pdf_paragraphs({{"The heron paragraph is on the first page of the report."}}));
  spec.pages.push_back(parasearch::test::pdf_paragraphs({{"The ibis paragraph is on the second page of the report."}}));
  const std::string whole = make_pdf(spec);
  write_file(in / "m_good.pdf", whole);
  write_file(in / "b_truncated.pdf", whole.substr(0, whole.size() / 2));
  write_file(in / "b_garbage.pdf", "%PDF-1.4\nnot a PDF after all\n");
  spec.image_only = true;
  write_file(in / "b_scanned.pdf", make_pdf(spec));
  std::ifstream encrypted(fs::path(PARASEARCH_SOURCE_DIR) / "tests/data/pdf/encrypted-user-password.pdf",
                          std::ios::binary);
  write_file(in / "b_encrypted.pdf", std::string(std::istreambuf_iterator<char>(encrypted), {}));
  const ProcessResult r = index({"--db", db.path().string(), in.path().string()}); // default --ext has pdf
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_truncated.pdf"), "skipped"));
  CHECK(contains(line_naming(r.err, "b_truncated.pdf"), "an unreadable pdf file: damaged: "));
  CHECK(contains(line_naming(r.err, "b_encrypted.pdf"), "an unreadable pdf file: encrypted (needs a password)"));
  CHECK(contains(line_naming(r.err, "b_scanned.pdf"), "an unreadable pdf file: no text layer: scanned pages need OCR"));
  INFO(r.err);
  CHECK(contains(line_naming(r.err, "b_garbage.pdf"), "an unreadable pdf file: damaged: "));
  CHECK(!contains(r.err, "poppler")); // poppler's own messages ("poppler/error: ...") are silenced
  require_good_files(db.path(), good);
  const auto ibis = search(db.path(), "ibis");
  REQUIRE(ibis.size() == 1);
  CHECK(ibis[0].path == "m_good.pdf");
  CHECK(ibis[0].paragraph == 2);
}

TEST_CASE("bad input: a CP1252 file is decoded, reported with -v, and found with or without accents",
          "[badinput][cp1252]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // Legacy UN text: CP1252 "é" (0xE9), right single quote (0x92), euro sign (0x80); no UTF-8 at all.
  write_file(in / "b_legacy.txt", "D\xE9"
                                  "claration universelle des droits de l\x92homme.\n"
                                  "Le budget du walrus est de 10 \x80 par an.\n");
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()});
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_legacy.txt"), "added 'b_legacy.txt' (2 paragraphs) [cp1252]"));
  CHECK(contains(line_naming(r.err, "a_first.txt"), "[utf-8]"));
  require_good_files(db.path(), good);
  for (const std::string query : {"D\xC3\xA9"
                                  "claration",
                                  "declaration", "homme"}) {
    INFO(query);
    const auto hits = search(db.path(), query);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].text == "D\xC3\xA9"
                          "claration universelle des droits de l\xE2\x80\x99homme.");
  }
  const auto walrus = search(db.path(), "walrus");
  REQUIRE(walrus.size() == 1);
  CHECK(walrus[0].text == "Le budget du walrus est de 10 \xE2\x82\xAC par an.");
}

TEST_CASE("bad input: empty and whitespace-only files are indexed as nothing, without an error", "[badinput][empty]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  write_file(in / "b_empty.txt", "");
  write_file(in / "m_blank.txt", " \n\t\r\n\n   \n");
  const ProcessResult quiet = index({"--db", db.path().string(), in.path().string()});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty()); // nothing to complain about
  CHECK(contains(quiet.out, "2 empty"));
  require_good_files(db.path(), good);
  CHECK(parasearch::Searcher(db.path()).paragraph_count() == good.size());
  const ProcessResult verbose = index({"--db", db.path().string(), "--full", "-v", in.path().string()});
  CHECK(verbose.status == 0);
  CHECK(contains(line_naming(verbose.err, "b_empty.txt"), "empty"));
  CHECK(contains(line_naming(verbose.err, "m_blank.txt"), "empty"));
}

TEST_CASE("bad input: control characters in a JSON Lines title never reach the terminal", "[badinput][jsonl]") {
  TempDir in, db;
  write_file(in / "export.jsonl",
             "{\"id\": \"r1\", \"title\": \"Evil \\u001b[31mred\\u001b[0m title\\u0007\", "
             "\"text\": \"The iguana delegation spoke.\"}\n"
             "{\"id\": \"r2\", \"title\": \"Plain\", \"text\": \"The\\u0000 okapi\\u001b delegation spoke, "
             "and then it spoke at length about the budget, the mandate, the reform of the working methods "
             "and the next session, so that two control characters are well under the binary threshold.\"}\n"
             "not json at all\n");
  const ProcessResult r = index({"--db", db.path().string(), "--format", "jsonl", (in / "export.jsonl").string()});
  CHECK(r.status == 0);
  CHECK(contains(r.err, "export.jsonl:3")); // the bad line is reported by file and line
  const auto iguana = search(db.path(), "iguana");
  REQUIRE(iguana.size() == 1);
  CHECK(iguana[0].title == "Evil \xEF\xBF\xBD[31mred\xEF\xBF\xBD[0m title\xEF\xBF\xBD");
  const auto okapi = search(db.path(), "okapi");
  REQUIRE(okapi.size() == 1);
  CHECK(okapi[0].text.starts_with("The\xEF\xBF\xBD okapi\xEF\xBF\xBD delegation spoke, "));
  const ProcessResult q =
      parasearch::test::run_process(kQueryExe, {"--db", db.path().string(), "--color", "never", "iguana OR okapi"});
  CHECK(q.status == 0);
  CHECK(q.out.find('\x1b') == std::string::npos);
  CHECK(q.out.find('\x07') == std::string::npos);
}

// ---------------------------------------------------------------- sizes

TEST_CASE("bad input: a 100 MB single line is split at the cap in bounded memory", "[badinput][huge]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  // 100 MB with no line end: sentences of 80-letter tokens (too long to be terms, so Xapian's work stays
  // small and the test fast), opening and closing with real words.
  constexpr std::size_t kBytes = 100u << 20;
  {
    std::ofstream out(in / "b_one_line.txt", std::ios::binary);
    out << "Opening remarks on the ocelot. ";
    std::string sentence;
    std::uint32_t x = 7;
    for (int w = 0; w < 8; ++w) {
      sentence += 'Q';
      for (int i = 0; i < 79; ++i) {
        x = x * 1103515245u + 12345u;
        sentence += static_cast<char>('a' + (x >> 16) % 26);
      }
      sentence += w == 7 ? ". " : " ";
    }
    for (std::size_t written = 0; written < kBytes; written += sentence.size())
      out << sentence;
    out << "Closing remarks on the wombat.";
  }
  REQUIRE(fs::file_size(in / "b_one_line.txt") > kBytes);
  // ASan's quarantine keeps freed memory: turn it off so the child's peak is what the program holds.
  parasearch::test::ProcessOptions options;
  options.env = {"ASAN_OPTIONS=quarantine_size_mb=0:detect_leaks=1:abort_on_error=1"};
  options.timeout = std::chrono::seconds(240);
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()}, options);
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_one_line.txt"), "added"));
  // Three copies of the file's text (raw, decoded, split) plus Xapian's buffers; measured ~400 MB
  // (a 100 MB line of real prose too). Before the fixes it was 520-700 MB.
  const long bound_mb = kSanitized ? 900 : 600;
  INFO("peak RSS " << r.max_rss_kb / 1024 << " MB");
  if (!parasearch::test::kThreadSanitized) CHECK(r.max_rss_kb / 1024 < bound_mb); // TSan: 5-8x memory

  require_good_files(db.path(), good);

  const auto open = search(db.path(), "ocelot");
  REQUIRE(open.size() == 1);
  CHECK(open[0].path == "b_one_line.txt");
  CHECK(open[0].paragraph == 1);
  CHECK(open[0].text.size() <= 16384);
  const auto close = search(db.path(), "wombat");
  REQUIRE(close.size() == 1);
  CHECK(close[0].path == "b_one_line.txt");
  CHECK(close[0].paragraph > 6000); // 100 MiB in pieces of at most 16 KiB
  CHECK(close[0].text.size() <= 16384);
}

TEST_CASE("bad input: a 300-byte word does not cost its paragraph, file or batch", "[badinput][terms]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  const std::string word(300, 'w');
  std::string accented; // 300 bytes in 150 characters, so the line is still short enough to be a title
  for (int i = 0; i < 150; ++i)
    accented += "\xC3\xA9"; // é
  std::string cjk;          // 100 CJK characters, 300 bytes, no spaces: indexed as unigrams and bigrams
  for (int i = 0; i < 100; ++i)
    cjk += i % 2 ? "\xE4\xBA\xBA" : "\xE6\x9D\x83"; // 人 权
  write_file(in / "b_long_word.txt", "Heading " + accented + " Of The Record\n\n" + "Before the long word " + word +
                                         " comes the gazelle paragraph.\n\n" + "Then " + cjk +
                                         " and the ibex paragraph.\n\n" + "A plain jackal paragraph ends it.\n");
  const ProcessResult r = index({"--db", db.path().string(), "-v", in.path().string()});
  CHECK(r.status == 0);
  CHECK(contains(line_naming(r.err, "b_long_word.txt"), "added"));
  require_good_files(db.path(), good);
  for (const char *w : {"gazelle", "ibex", "jackal"}) {
    INFO(w);
    const auto hits = search(db.path(), w);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].path == "b_long_word.txt");
  }
  CHECK(search(db.path(), "gazelle")[0].title == "Heading " + accented + " Of The Record");
  CHECK(search(db.path(), "title:heading").size() == 3); // the title's other words are terms
  CHECK(search(db.path(), "\xE4\xBA\xBA\xE6\x9D\x83").size() == 1);
}

TEST_CASE("bad input: a 300-byte path is indexed, searchable and stable on re-indexing", "[badinput][terms]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  const std::string rel = "Session " + std::string(100, 's') + "/" + std::string(100, 'd') + "/" +
                          std::string(200, 'f') + "_50_1995.txt"; // a file name of 211 bytes
  REQUIRE(rel.size() > 300);
  write_file(in / rel, "The long path paragraph mentions the hedgehog.\n");
  // Its {name} field (200 bytes) is longer than a field term may be: stored, but not made a term.
  const std::vector<std::string> args = {"--db", db.path().string(), "--path-fields", "{name}_{session}_{year}.txt",
                                         in.path().string()};
  const ProcessResult first = index(args);
  CHECK(first.status == 0);
  CHECK(first.err.empty());
  require_good_files(db.path(), good);
  auto hits = search(db.path(), "hedgehog");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].path == rel);
  CHECK(search(db.path(), "hedgehog year:1995").size() == 1);
  const ProcessResult again = index(args);
  CHECK(again.status == 0);
  CHECK(search(db.path(), "hedgehog").size() == 1);
  CHECK(parasearch::Searcher(db.path()).paragraph_count() == good.size() + 1);
}

// ---------------------------------------------------------------- files that cannot be read

TEST_CASE("bad input: an unreadable file fails with a reason and the run goes on (not as root)",
          "[badinput][unreadable]") {
  if (::geteuid() == 0) {
    parasearch::test::skip("root reads a mode-000 file; see the dangling-symlink and vanished-file cases");
    return;
  }
  TempDir in, db;
  const auto good = write_good_files(in.path());
  write_file(in / "b_secret.txt", "The secret lemur paragraph.\n");
  REQUIRE(::chmod((in / "b_secret.txt").c_str(), 0) == 0);
  const ProcessResult r = index({"--db", db.path().string(), in.path().string()});
  CHECK(r.status == 1);
  const std::string line = line_naming(r.err, "b_secret.txt");
  CHECK(contains(line, "failed"));
  CHECK(contains(line, "Permission denied"));
  require_good_files(db.path(), good);
  CHECK(search(db.path(), "lemur").empty());
}

TEST_CASE("bad input: a dangling symlink fails with a reason when links are followed (root-proof)",
          "[badinput][unreadable][symlink]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  fs::create_symlink(in / "no-such-file.txt", in / "b_dangling.txt");
  const ProcessResult plain = index({"--db", db.path().string(), in.path().string()});
  CHECK(plain.status == 0); // links are not followed by default: skipped, not failed
  CHECK(contains(line_naming(plain.err, "b_dangling.txt"), "symbolic link"));
  require_good_files(db.path(), good);

  const ProcessResult follow = index({"--db", db.path().string(), "--follow-symlinks", in.path().string()});
  CHECK(follow.status == 1);
  const std::string line = line_naming(follow.err, "b_dangling.txt");
  CHECK(contains(line, "failed"));
  CHECK(contains(line, "No such file"));
  require_good_files(db.path(), good);
}

TEST_CASE("bad input: a FIFO is skipped as not a regular file and never blocks the run", "[badinput][fifo]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  REQUIRE(::mkfifo((in / "b_pipe.txt").c_str(), 0644) == 0);
  parasearch::test::ProcessOptions options;
  options.timeout = std::chrono::seconds(30); // a blocking open() would hang here
  const ProcessResult walked = index({"--db", db.path().string(), in.path().string()}, options);
  CHECK(walked.status == 0);
  const std::string line = line_naming(walked.err, "b_pipe.txt");
  CHECK(contains(line, "skipped"));
  CHECK(contains(line, "not a regular file"));
  require_good_files(db.path(), good);
  // Named on the command line, it is read with a non-blocking open and skipped the same way.
  const ProcessResult named = index({"--db", db.path().string(), (in / "b_pipe.txt").string()}, options);
  CHECK(named.status == 0);
  CHECK(contains(line_naming(named.err, "b_pipe.txt"), "not a regular file"));
  require_good_files(db.path(), good);
}

TEST_CASE("bad input: symlink loops are skipped or fail with a reason, and nothing is indexed twice",
          "[badinput][symlink]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  fs::create_symlink("b_loop.txt", in / "b_loop.txt"); // a link to itself: ELOOP
  fs::create_directories(in / "sub");
  write_file(in / "sub" / "inner.txt", "The inner folder holds the quokka paragraph.\n");
  fs::create_directory_symlink("..", in / "sub" / "back"); // a folder loop

  const ProcessResult plain = index({"--db", db.path().string(), in.path().string()});
  CHECK(plain.status == 0);
  CHECK(contains(line_naming(plain.err, "b_loop.txt"), "symbolic link"));
  CHECK(contains(line_naming(plain.err, "sub/back"), "symbolic link"));
  require_good_files(db.path(), good);
  CHECK(search(db.path(), "quokka").size() == 1);

  const ProcessResult follow = index({"--db", db.path().string(), "--follow-symlinks", in.path().string()});
  CHECK(follow.status == 1); // the self-link cannot be resolved
  const std::string loop = line_naming(follow.err, "b_loop.txt");
  CHECK(contains(loop, "failed"));
  CHECK(contains(loop, "Too many levels of symbolic links"));
  CHECK(contains(line_naming(follow.err, "sub/back"), "loop"));
  require_good_files(db.path(), good); // exactly one hit each: the loop did not index them again
  CHECK(search(db.path(), "quokka").size() == 1);
}

TEST_CASE("bad input: a file deleted during the run fails with a reason and the others are indexed",
          "[badinput][vanished]") {
  TempDir in, db;
  const auto good = write_good_files(in.path());
  write_file(in / "m_vanishing.txt", "The vanishing tapir paragraph.\n");
  parasearch::IndexOptions options;
  options.db = db.path();
  options.buckets = 1; // one bucket, one job: files are read in name order
  options.jobs = 1;
  std::vector<parasearch::FileEvent> events;
  parasearch::IndexSummary summary;
  {
    parasearch::Indexer indexer(options);
    summary = indexer.index_paths({in.path()}, [&](const parasearch::FileEvent &ev) {
      events.push_back(ev);
      if (ev.path == "a_first.txt") fs::remove(in / "m_vanishing.txt"); // found by the walk, gone before read
    });
  }
  REQUIRE(events.size() == 3);
  const auto vanished = std::find_if(events.begin(), events.end(),
                                     [](const parasearch::FileEvent &ev) { return ev.path == "m_vanishing.txt"; });
  REQUIRE(vanished != events.end());
  CHECK(vanished->status == parasearch::FileStatus::kFailed);
  CHECK(contains(vanished->reason, "No such file"));
  CHECK(summary.failed == 1);
  CHECK(summary.indexed() == 2);
  require_good_files(db.path(), good);
  CHECK(search(db.path(), "tapir").empty());
}
