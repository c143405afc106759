// The PDF reader (formats/pdf.cpp) through extract_document(): pages, running headers and footers, hyphen
// repair, titles, page labels, and the one-line reasons for encrypted, damaged and image-only files.
// Generated PDFs (support/pdf_writer.hpp), two qpdf-encrypted fixtures (tests/data/pdf) and, when
// ../shared is present, the UNFCCC decisions in ../shared/corpora/un-pdf.
#include "parasearch/extract.hpp"
#include "support/pdf_writer.hpp"
#include "support/skip.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

namespace {

using parasearch::ExtractedDocument;
using parasearch::ExtractedParagraph;
using parasearch::ExtractError;
using parasearch::Format;
using parasearch::test::make_pdf;
using parasearch::test::PdfSpec;
using parasearch::test::PdfTextLine;

ExtractedDocument read_pdf(const std::string &bytes) { return parasearch::extract_document(bytes, Format::kPdf); }

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The paragraphs of `doc` that contain `needle`.
std::vector<ExtractedParagraph> containing(const ExtractedDocument &doc, const std::string &needle) {
  std::vector<ExtractedParagraph> out;
  for (const ExtractedParagraph &p : doc.paragraphs)
    if (p.text.find(needle) != std::string::npos) out.push_back(p);
  return out;
}

/// The ExtractError message of reading `bytes` as PDF, or "" if it reads.
std::string error_of(const std::string &bytes) {
  try {
    read_pdf(bytes);
  } catch (const ExtractError &e) {
    return e.what();
  }
  return {};
}

/// Three pages as a UN document sets them: the symbol and "Page N" at the top of each page, a job number
/// at the foot of page 1, a page number at the foot of every page; one paragraph runs from page 2 to 3.
PdfSpec three_pages() {
  PdfSpec spec;
  const std::vector<std::vector<std::vector<std::string>>> bodies = {
      {{"The Conference of the Parties discussed albatross conservation at its session and",
        "adopted the programme of work that the subsidiary bodies had proposed to it."},
       {"Delegates also considered the report of the committee on the budget of the",
        "secretariat for the biennium and took note of the figures presented to them."}},
      {{"The buttercup initiative of the secretariat was welcomed by many delegations at",
        "the meeting, which asked for a report on its results at the next session."},
       {"The parties requested the secretariat to prepare a technical paper on the options",
        "for the review of the financial mechanism, taking into account the views expressed"}},
      {{"by the parties in their submissions and the outcome of the workshop held in the",
        "capital during the intersessional period on the zeppelin monitoring programme."}},
  };
  for (std::size_t p = 0; p < bodies.size(); ++p) {
    std::vector<PdfTextLine> lines;
    if (p > 0) { // running header
      lines.push_back({430, 40, 10, "ABC/CONF/2024/7/Add.1"});
      lines.push_back({430, 52, 10, "Page " + std::to_string(p + 1)});
    }
    const auto body = parasearch::test::pdf_paragraphs(bodies[p], 110);
    lines.insert(lines.end(), body.begin(), body.end());
    if (p == 0) lines.push_back({72, 790, 8, "GE.24-60123"}); // job number
    lines.push_back({295, 810, 10, std::to_string(p + 1)});   // page number
    spec.pages.push_back(lines);
  }
  return spec;
}

} // namespace

TEST_CASE("pdf: detect_format finds %PDF- in the first 1024 bytes", "[pdf][detect]") {
  CHECK(parasearch::detect_format("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a.bin") == Format::kPdf);
  CHECK(parasearch::detect_format(std::string(500, ' ') + "%PDF-1.4\n", "report.txt") == Format::kPdf);
  CHECK(parasearch::detect_format(std::string(1100, 'x') + "%PDF-1.4\n", "notes.txt") != Format::kPdf);
  CHECK(parasearch::detect_format("A note on the %PDF format.\n", "notes.txt") == Format::kText);
  // A text that names the header on its first lines is still text.
  // After binary junk, %PDF- marks a PDF; inside another known format (gzip here) it does not.
  CHECK(parasearch::detect_format(std::string(64, '\0') + "%PDF-1.4\n", "a.bin") == Format::kPdf);
  CHECK(parasearch::detect_format(std::string("\x1F\x8B\x08\0", 4) + std::string(64, '\0') + "%PDF-1.4\n", "a.gz") !=
        Format::kPdf);
  CHECK(parasearch::detect_format("Every PDF file starts with %PDF-1.4 or a later version.\n", "notes.txt") ==
        Format::kText);
}

TEST_CASE("pdf: each paragraph keeps the page it starts on, running headers and footers are dropped",
          "[pdf][pages][headers]") {
  const ExtractedDocument doc = read_pdf(make_pdf(three_pages()));
  CHECK(doc.format == Format::kPdf);
  REQUIRE(doc.paragraphs.size() == 4);
  CHECK(containing(doc, "albatross").at(0).page == 1);
  CHECK(containing(doc, "committee on the budget").at(0).page == 1);
  CHECK(containing(doc, "buttercup").at(0).page == 2);
  // A paragraph running on to the next page is one passage, on the page it starts on.
  const auto running = containing(doc, "zeppelin");
  REQUIRE(running.size() == 1);
  CHECK(running[0].page == 2);
  CHECK(running[0].text.find("taking into account the views expressed by the parties") != std::string::npos);
  for (const ExtractedParagraph &p : doc.paragraphs) {
    INFO(p.text);
    CHECK(p.text.find("ABC/CONF") == std::string::npos);
    CHECK(p.text.find("Page") == std::string::npos);
    CHECK(p.text.find("GE.24") == std::string::npos);
    CHECK(p.page_label.empty()); // no page labels in this file
  }
}

TEST_CASE("pdf: footnotes are passages of their own, the paragraph they interrupt runs on", "[pdf][footnotes]") {
  PdfSpec spec;
  std::vector<PdfTextLine> first = parasearch::test::pdf_paragraphs(
      {{"The parties took note of the report of the expert group on the pelican programme and",
        "requested the secretariat to organize two workshops on the methodologies described in"}});
  // Footnotes in 8-point type, each number raised before its text, under a gap.
  first.push_back({72, 760, 5, "1"});
  first.push_back({76, 763, 8,
                   "Document FCCC/SBI/2024/3 and its addenda on the pelican programme of work, as revised by the "
                   "expert group in May."}); // as wide as the body: only its number tells the next one starts
  first.push_back({72, 770, 5, "2"});
  first.push_back({76, 773, 8, "Document FCCC/SBI/2024/9 on the methodologies of the workshops."});
  spec.pages.push_back(first);
  spec.pages.push_back(parasearch::test::pdf_paragraphs(
      {{"the annex to the present decision, and to report on their outcome at the next session."}}));
  const ExtractedDocument doc = read_pdf(make_pdf(spec));
  REQUIRE(doc.paragraphs.size() == 3);
  CHECK(doc.paragraphs[0].text.ends_with("described in the annex to the present decision, and to report on their "
                                         "outcome at the next session."));
  CHECK(doc.paragraphs[0].page == 1);
  CHECK(doc.paragraphs[1].text == "Document FCCC/SBI/2024/3 and its addenda on the pelican programme of work, as "
                                  "revised by the expert group in May.");
  CHECK(doc.paragraphs[2].text == "Document FCCC/SBI/2024/9 on the methodologies of the workshops.");
}

TEST_CASE("pdf: words broken at a line end are repaired, compounds keep their hyphen", "[pdf][hyphens]") {
  PdfSpec spec;
  spec.pages.push_back(parasearch::test::pdf_paragraphs(
      {{"The delegations stressed the importance of the principles of inter-", "national cooperation and of the well-",
        "known commitments made by the parties at the previous session."}}));
  const ExtractedDocument doc = read_pdf(make_pdf(spec));
  REQUIRE(doc.paragraphs.size() == 1);
  CHECK(doc.paragraphs[0].text == "The delegations stressed the importance of the principles of international "
                                  "cooperation and of the well-known commitments made by the parties at the "
                                  "previous session.");
}

TEST_CASE("pdf: text rotated on the page (a landscape table) is read in its own direction", "[pdf][rotated]") {
  PdfSpec spec;
  spec.pages.push_back({
      {100, 780, 11, "The annex lists the projects that the board approved in the first", true},
      {114, 780, 11, "year of its work, with the country and the sector of each project.", true},
      {142, 780, 11, "Projects in small island developing States are marked with a flamingo", true},
      {156, 780, 11, "and listed again, by region, in the appendix to this annex.", true},
  });
  const ExtractedDocument doc = read_pdf(make_pdf(spec));
  REQUIRE(doc.paragraphs.size() == 2);
  CHECK(doc.paragraphs[0].text == "The annex lists the projects that the board approved in the first year of its "
                                  "work, with the country and the sector of each project.");
  CHECK(doc.paragraphs[1].text.starts_with("Projects in small island developing States are marked with a flamingo "
                                           "and listed again"));
}

TEST_CASE("pdf: the title is the Info Title if meaningful, else the large heading of page 1", "[pdf][title]") {
  PdfSpec spec;
  spec.pages.push_back({{72, 80, 18, "Report on the Protection of Albatrosses"}});
  const auto body = parasearch::test::pdf_paragraphs(
      {{"The committee met three times during the year and reviewed the state of the colonies."}});
  spec.pages[0].insert(spec.pages[0].end(), body.begin(), body.end());

  spec.title = "Microsoft Word - draft3.doc"; // the producer's file name: no title
  ExtractedDocument doc = read_pdf(make_pdf(spec));
  CHECK(doc.title == "Report on the Protection of Albatrosses");
  REQUIRE(doc.paragraphs.size() == 1); // the heading is the title, not a passage
  CHECK(doc.paragraphs[0].text.starts_with("The committee met"));

  spec.title = "Annual Report of the Albatross Committee";
  doc = read_pdf(make_pdf(spec));
  CHECK(doc.title == "Annual Report of the Albatross Committee");
  CHECK(doc.paragraphs.size() == 1);
}

TEST_CASE("pdf: printed page labels are kept where they differ from the page number", "[pdf][labels]") {
  PdfSpec spec = three_pages();
  spec.page_labels = "0 << /S /r >> 1 << /S /D >>"; // i, 1, 2
  const ExtractedDocument doc = read_pdf(make_pdf(spec));
  const auto first = containing(doc, "albatross");
  REQUIRE(first.size() == 1);
  CHECK(first[0].page == 1);
  CHECK(first[0].page_label == "i");
  const auto second = containing(doc, "buttercup");
  REQUIRE(second.size() == 1);
  CHECK(second[0].page == 2);
  CHECK(second[0].page_label == "1");
}

TEST_CASE("pdf: truncated and damaged files throw ExtractError 'damaged: ...', never crash", "[pdf][damaged]") {
  const std::string pdf = make_pdf(three_pages());
  CHECK(error_of(pdf.substr(0, pdf.size() / 2)).starts_with("damaged: "));
  CHECK(error_of(pdf.substr(0, pdf.size() - 10)).starts_with("damaged: "));
  CHECK(error_of("%PDF-1.4\nthis is not a PDF at all\n%%EOF\n") == "damaged: Couldn't find trailer dictionary");
  // Every prefix, and the file with bytes overwritten: an ExtractError or a document, never a crash.
  for (std::size_t cut = 0; cut < pdf.size(); cut += 29) {
    std::string broken = pdf;
    broken.replace(cut, std::min<std::size_t>(7, pdf.size() - cut), "\x00\xff<<(]\x01", 7);
    try {
      read_pdf(broken);
    } catch (const ExtractError &) {}
    try {
      read_pdf(pdf.substr(0, cut));
    } catch (const ExtractError &) {}
  }
}

TEST_CASE("pdf: a PDF without text (scanned pages) says it needs OCR", "[pdf][image]") {
  PdfSpec spec = three_pages();
  spec.image_only = true;
  CHECK(error_of(make_pdf(spec)) == "no text layer: scanned pages need OCR");
}

TEST_CASE("pdf: an encrypted PDF needs a password, one with only an owner password reads", "[pdf][encrypted]") {
  // tests/data/pdf/README.md: both made from the same generated file with qpdf --encrypt.
  const std::filesystem::path data = std::filesystem::path(PARASEARCH_SOURCE_DIR) / "tests" / "data" / "pdf";
  CHECK(error_of(read_file(data / "encrypted-user-password.pdf")) == "encrypted (needs a password)");
  const ExtractedDocument doc = read_pdf(read_file(data / "encrypted-owner-password.pdf"));
  REQUIRE_FALSE(doc.paragraphs.empty());
  CHECK(containing(doc, "albatross").at(0).page == 1);
}

// ---- real UNFCCC decisions (../shared/corpora/un-pdf) ----------------------------------------------------

namespace {

std::filesystem::path un_pdf(const std::string &name) {
  return std::filesystem::path(PARASEARCH_SOURCE_DIR) / ".." / "shared" / "corpora" / "un-pdf" / name;
}

} // namespace

TEST_CASE("pdf: UNFCCC decisions: known phrases on their pages, no running headers, hyphens repaired", "[pdf][un]") {
  if (!std::filesystem::exists(un_pdf("1_11_CP_10.pdf"))) {
    parasearch::test::skip("the UNFCCC PDFs (../shared/corpora/un-pdf) are not available");
    return;
  }
  const ExtractedDocument doc = read_pdf(read_file(un_pdf("1_11_CP_10.pdf")));
  CHECK(doc.title == "Report of the Conference of the Parties on its tenth session, held at Buenos Aires from 6 "
                     "to 18 December 2004");
  // Pages as pdftotext -f P -l P shows them.
  CHECK(containing(doc, "Strengthening in-country capacity-building for generating").at(0).page == 3);
  CHECK(containing(doc, "Welcoming the progress made in the implementation of decision 5/CP.7").at(0).page == 2);
  // The symbol and "Page N" head every page but the first; the job number is at the foot of page 1.
  const std::regex header(R"(.*(FCCC/CP/2004/10/Add\.1|^Page \d+|GE\.05-61261).*)");
  for (const ExtractedParagraph &p : doc.paragraphs) {
    INFO("p. " << p.page << ": " << p.text);
    CHECK_FALSE(std::regex_match(p.text, header));
    CHECK(p.page >= 1);
    CHECK(p.page <= 25);
  }

  // "quantified economy-⏎wide emissions targets" on page 6: the compound keeps its hyphen.
  const ExtractedDocument copenhagen = read_pdf(read_file(un_pdf("1_13_CP_15.pdf")));
  const auto economy = containing(copenhagen, "quantified economy-wide emissions targets for 2020, to be submitted");
  REQUIRE(economy.size() == 1);
  CHECK(economy[0].page == 6);
}
