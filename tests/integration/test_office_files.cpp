// DOCX and ODT files through the real parasearch-index: a folder of text, Word and OpenDocument files
// (and broken ones) indexed with the default --ext, searched, and shown with --show-split --json.
#include "parasearch/searcher.hpp"
#include "support/office_files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::contains;
using parasearch::test::ProcessResult;
using parasearch::test::TempDir;
using parasearch::test::w_p;
using parasearch::test::write_file;

constexpr const char *kIndexExe = PARASEARCH_INDEX_EXE;

ProcessResult index_tool(const std::vector<std::string> &args) {
  ProcessResult r = parasearch::test::run_process(kIndexExe, args);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.signal == 0);
  return r;
}

// The stderr line of the tool that mentions `name`, or "".
std::string line_about(const std::string &err, const std::string &name) {
  std::size_t begin = 0;
  while (begin < err.size()) {
    std::size_t end = err.find('\n', begin);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(begin, end - begin);
    if (contains(line, "'" + name + "'")) return line;
    begin = end + 1;
  }
  return "";
}

// A Security Council meetings table as a Word document, with its title in the properties.
std::string meetings_docx() {
  auto cell = [](const std::string &text) { return "<w:tc>" + w_p(text) + "</w:tc>"; };
  parasearch::test::DocxParts parts;
  parts.title = "Security Council meetings in 2016";
  parts.language = "en-GB";
  parts.body = w_p("Meetings held by the Security Council in 2016, with their records and topics.") + "<w:tbl>" +
               "<w:tr>" + cell("S/PV.7599") + cell("25 January") + cell("The situation in Libya") + "</w:tr>" +
               "<w:tr>" + cell("S/PV.7600") + cell("26 January") + cell("The situation in the Middle East") +
               "</w:tr></w:tbl>";
  return parasearch::test::docx(parts);
}

std::string declaration_odt() {
  parasearch::test::OdtParts parts;
  parts.body = "<text:h text:outline-level=\"1\">D\xC3\xA9"
               "claration universelle des droits de l'homme</text:h>"
               "<text:p>Tous les \xC3\xAAtres humains naissent libres et \xC3\xA9gaux en dignit\xC3\xA9 et en "
               "droits.</text:p><text:p>Chacun peut se pr\xC3\xA9valoir de tous les droits.</text:p>";
  parts.default_language = "fr";
  return parasearch::test::odt(parts);
}

} // namespace

TEST_CASE("office files: a folder of text, DOCX and ODT is indexed with the default --ext and searchable, "
          "bad ones are skipped with one-line reasons",
          "[office][integration]") {
  TempDir dir;
  const fs::path docs = dir / "docs";
  write_file(docs / "notes.txt", "Notes on the albatross conservation programme.\n");
  write_file(docs / "meetings.docx", meetings_docx());
  write_file(docs / "udhr-fr.odt", declaration_odt());
  write_file(docs / "bomb.docx", parasearch::test::make_zip({parasearch::test::zeros_bomb("word/document.xml", 1024)}));
  const std::string whole = meetings_docx();
  write_file(docs / "cut.docx", whole.substr(0, whole.size() / 2));
  write_file(docs / "budget.xlsx",
             parasearch::test::make_zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<workbook/>"}}));

  const fs::path db = dir / "db";
  const ProcessResult r = index_tool({"--db", db.string(), docs.string()});
  INFO("stderr: " << r.err);
  CHECK(r.status == 0); // skipped files are reported, not failures
  CHECK(line_about(r.err, "bomb.docx") ==
        "parasearch-index: skipped 'bomb.docx': an unreadable docx file: zip bomb: word/document.xml would inflate "
        "to 1.1 GB from 1.1 MB");
  CHECK(line_about(r.err, "cut.docx") == "parasearch-index: skipped 'cut.docx': an unreadable docx file: not a zip "
                                         "archive, or a truncated one (no zip directory at its end)");
  CHECK(line_about(r.err, "budget.xlsx").empty()); // not in the default --ext
  CHECK(contains(r.out, "Ignored 1 file with other extensions"));

  parasearch::Searcher searcher(db);
  auto top = [&](const std::string &query) {
    const auto hits = searcher.search(query).hits;
    REQUIRE_FALSE(hits.empty());
    return hits.front();
  };
  const parasearch::Hit libya = top("\"situation in Libya\"");
  CHECK(libya.path == "meetings.docx");
  CHECK(libya.title == "Security Council meetings in 2016");
  CHECK(libya.paragraph == 2);
  CHECK(libya.text == "S/PV.7599 | 25 January | The situation in Libya");
  CHECK(top("S/PV.7600").text == "S/PV.7600 | 26 January | The situation in the Middle East");
  const parasearch::Hit french = top("dignité");
  CHECK(french.path == "udhr-fr.odt");
  CHECK(french.title == "D\xC3\xA9"
                        "claration universelle des droits de l'homme");
  CHECK(french.paragraph == 1);
  CHECK(top("albatross").path == "notes.txt");

  // Named on the command line, an XLSX is read and skipped with the hint.
  const ProcessResult x = index_tool({"--db", (dir / "db2").string(), (docs / "budget.xlsx").string()});
  CHECK(contains(line_about(x.err, "budget.xlsx"), "an Excel workbook (XLSX; parasearch does not read it"));
}

TEST_CASE("office files: --show-split FILE --json prints title, language and paragraphs", "[office][integration]") {
  TempDir dir;
  write_file(dir / "meetings.docx", meetings_docx());
  write_file(dir / "udhr-fr.odt", declaration_odt());
  write_file(dir / "notes.txt", "Notes\n\nOn the albatross.\n");

  const ProcessResult d = index_tool({"--show-split", (dir / "meetings.docx").string(), "--json"});
  REQUIRE(d.status == 0);
  const auto j = nlohmann::json::parse(d.out);
  CHECK(j.dump() == nlohmann::json::parse(R"({"format":"docx","title":"Security Council meetings in 2016",
    "language":"en","paragraphs":[
    {"number":1,"text":"Meetings held by the Security Council in 2016, with their records and topics."},
    {"number":2,"text":"S/PV.7599 | 25 January | The situation in Libya"},
    {"number":3,"text":"S/PV.7600 | 26 January | The situation in the Middle East"}]})")
                        .dump());
  CHECK(std::count(d.out.begin(), d.out.end(), '\n') == 1); // one object, one line

  const auto o = nlohmann::json::parse(index_tool({"--show-split", (dir / "udhr-fr.odt").string(), "--json"}).out);
  CHECK(o["format"] == "odt");
  CHECK(o["language"] == "fr");
  CHECK(o["paragraphs"].size() == 2);
  CHECK_FALSE(o.contains("encoding")); // only text files have one
  CHECK_FALSE(o["paragraphs"][0].contains("page"));

  const auto t = nlohmann::json::parse(index_tool({"--show-split", (dir / "notes.txt").string(), "--json"}).out);
  CHECK(t["format"] == "text");
  CHECK(t["encoding"] == "utf-8");
  CHECK(t["title"] == "Notes");
  CHECK(t["paragraphs"][0]["line"] == 3);

  // A zip bomb: a usage error with the reason on one line, nothing on stdout.
  write_file(dir / "bomb.docx", parasearch::test::make_zip({parasearch::test::zeros_bomb("word/document.xml", 1024)}));
  const ProcessResult b = index_tool({"--show-split", (dir / "bomb.docx").string(), "--json"});
  CHECK(b.status == 2);
  CHECK(b.out.empty());
  CHECK(contains(b.err, "as docx: zip bomb: word/document.xml would inflate to 1.1 GB"));

  // Standard output that cannot be written: exit 6, as for every other output.
  if (fs::exists("/dev/full")) {
    const ProcessResult full =
        parasearch::test::run_process("/bin/sh", {"-c", std::string(kIndexExe) + " --show-split '" +
                                                            (dir / "meetings.docx").string() + "' --json > /dev/full"});
    CHECK(full.status == 6);
    CHECK(contains(full.err, "write error on standard output"));
  }
}
