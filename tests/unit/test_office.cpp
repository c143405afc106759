// DOCX and ODT reading (formats/office.cpp, formats/zip.cpp): files made in memory
// (support/office_files.hpp), read through the public entry points detect_format() and extract_document().
#include "parasearch/extract.hpp"
#include "parasearch/text.hpp"
#include "support/office_files.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <random>

namespace {

using namespace parasearch;
using parasearch::test::docx;
using parasearch::test::DocxParts;
using parasearch::test::make_zip;
using parasearch::test::odt;
using parasearch::test::OdtParts;
using parasearch::test::w_p;
using parasearch::test::zeros_bomb;

std::vector<std::string> texts(const ExtractedDocument &doc) {
  std::vector<std::string> out;
  for (const auto &p : doc.paragraphs)
    out.push_back(p.text);
  return out;
}

// The message of the ExtractError that extracting `bytes` as `format` throws ("" if none).
std::string extract_error(const std::string &bytes, Format format, const ExtractOptions &options = {}) {
  try {
    (void)extract_document(bytes, format, options);
  } catch (const ExtractError &e) {
    return e.what();
  }
  return "";
}

const std::string kStyles = // a German Word's styles: ids are localised, names are not
    std::string("<?xml version=\"1.0\"?><w:styles ") + parasearch::test::kWordNs +
    "><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"de-DE\" w:eastAsia=\"en-US\"/></w:rPr></w:rPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Standard\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"berschrift1\"><w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Titel\"><w:name w:val=\"Title\"/></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Heading1Char\"><w:name w:val=\"Heading 1 Char\"/></w:style>"
    "</w:styles>";

} // namespace

TEST_CASE("docx: runs, tabs and breaks make one paragraph, deleted and field-code text is left out", "[office][docx]") {
  DocxParts parts;
  parts.body = "<w:p><w:r><w:t xml:space=\"preserve\">All human beings are born </w:t></w:r><w:r><w:t>free</w:t>"
               "<w:tab/><w:t>and</w:t></w:r><w:del><w:r><w:delText>NOT</w:delText></w:r></w:del>"
               "<w:r><w:t xml:space=\"preserve\">  equal</w:t><w:br/><w:t>in dignity</w:t></w:r>"
               "<w:r><w:instrText> PAGE \\* MERGEFORMAT </w:instrText></w:r><w:r><w:t>.</w:t></w:r></w:p>" +
               w_p("Second\tparagraph,   with\xC2\xA0spaces.") + "<w:p/>" + w_p("   ");
  const std::string bytes = docx(parts);
  REQUIRE(detect_format(bytes, "a.docx") == Format::kDocx);
  const ExtractedDocument doc = extract_document(bytes, Format::kDocx);
  CHECK(doc.format == Format::kDocx);
  CHECK(doc.title.empty());
  CHECK(doc.language.empty());
  CHECK(texts(doc) == std::vector<std::string>{"All human beings are born free and equal in dignity.",
                                               "Second paragraph, with spaces."});
  for (const auto &p : doc.paragraphs)
    CHECK((p.page == 0 && p.line == 0 && p.page_label.empty()));
}

TEST_CASE("docx: title from the core properties, else the first heading (by style name), the copy is no passage",
          "[office][docx]") {
  SECTION("dc:title and dc:language") {
    DocxParts parts;
    parts.title = "Universal Declaration of Human Rights";
    parts.language = "fr-FR";
    parts.body = w_p("Universal Declaration of Human Rights", "Title") + w_p("Preamble", "Heading1") +
                 w_p("Whereas recognition of the inherent dignity is the foundation of freedom.");
    const ExtractedDocument doc = extract_document(docx(parts), Format::kDocx);
    CHECK(doc.title == "Universal Declaration of Human Rights");
    CHECK(doc.language == "fr");
    CHECK(texts(doc) == std::vector<std::string>{
                            "Preamble", "Whereas recognition of the inherent dignity is the foundation of freedom."});
  }
  SECTION("first heading, styles.xml naming a localised style id; language from the default run properties") {
    DocxParts parts;
    parts.styles_xml = kStyles;
    parts.body = w_p("Vorbemerkung ohne Stil.") + w_p("Allgemeine Erkl\xC3\xA4rung", "berschrift1") +
                 w_p("Alle Menschen sind frei.") + w_p("Zweiter Abschnitt", "berschrift1");
    const ExtractedDocument doc = extract_document(docx(parts), Format::kDocx);
    CHECK(doc.title == "Allgemeine Erkl\xC3\xA4rung");
    CHECK(doc.language == "de");
    CHECK(texts(doc) ==
          std::vector<std::string>{"Vorbemerkung ohne Stil.", "Alle Menschen sind frei.", "Zweiter Abschnitt"});
  }
  SECTION("no styles.xml: Heading* and Title style ids are headings") {
    DocxParts parts;
    parts.body = w_p("Body text first.") + w_p("Annex", "Heading2");
    CHECK(extract_document(docx(parts), Format::kDocx).title == "Annex");
    parts.body = w_p("Body text only.", "Normal");
    CHECK(extract_document(docx(parts), Format::kDocx).title.empty());
  }
}

TEST_CASE("docx: each table row is one passage, cells joined with ' | ', empty cells left out", "[office][docx]") {
  auto cell = [](const std::string &inner) { return "<w:tc><w:tcPr/>" + inner + "</w:tc>"; };
  DocxParts parts;
  parts.body = w_p("Meetings of the Security Council") + "<w:tbl><w:tblPr/>" + "<w:tr>" + cell(w_p("S/PV.7599")) +
               cell(w_p("25 January 2016")) +
               cell(w_p("The situation in Libya") + w_p("Report of the Secretary-General")) + "</w:tr>" + "<w:tr>" +
               cell("<w:p/>") + cell(w_p("S/PV.7600")) +
               cell("<w:tbl><w:tr>" + cell(w_p("nested")) + cell(w_p("table")) + "</w:tr></w:tbl>") + "</w:tr>" +
               "</w:tbl>" + w_p("After the table.");
  const ExtractedDocument doc = extract_document(docx(parts), Format::kDocx);
  CHECK(texts(doc) ==
        std::vector<std::string>{"Meetings of the Security Council",
                                 "S/PV.7599 | 25 January 2016 | The situation in Libya Report of the Secretary-General",
                                 "S/PV.7600 | nested table", "After the table."});
}

TEST_CASE("docx: a text box's paragraphs come once (mc:Fallback skipped), as their own passage", "[office][docx]") {
  DocxParts parts;
  const std::string box = "<w:txbxContent>" + w_p("Text in a box.") + "</w:txbxContent>";
  parts.body = "<w:p><w:r><w:t xml:space=\"preserve\">Before the box. </w:t></w:r><w:r>"
               "<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
               "<mc:Choice Requires=\"wps\"><w:drawing>" +
               box + "</w:drawing></mc:Choice><mc:Fallback><w:pict>" + box +
               "</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After the box.</w:t></w:r></w:p>";
  const ExtractedDocument doc = extract_document(docx(parts), Format::kDocx);
  CHECK(texts(doc) == std::vector<std::string>{"Text in a box.", "Before the box. After the box."});
}

TEST_CASE("docx and odt: a paragraph over max_paragraph_bytes is cut like a text file's", "[office]") {
  std::string sentence = "The General Assembly reaffirms the purposes of the Charter. ";
  std::string long_text;
  while (long_text.size() < 5000)
    long_text += sentence;
  ExtractOptions options;
  options.split.max_paragraph_bytes = 1000;
  DocxParts d;
  d.body = w_p(long_text);
  OdtParts o;
  o.body = "<text:p>" + long_text + "</text:p>";
  for (const ExtractedDocument &doc :
       {extract_document(docx(d), Format::kDocx, options), extract_document(odt(o), Format::kOdt, options)}) {
    REQUIRE(doc.paragraphs.size() >= 5);
    std::string joined;
    for (const auto &p : doc.paragraphs) {
      CHECK(p.text.size() <= 1000);
      CHECK(p.text.ends_with("Charter."));
      joined += p.text + " ";
    }
    CHECK(joined == long_text);
  }
}

TEST_CASE("odt: paragraphs, headings, spaces, list items and table rows, notes and indexes left out", "[office][odt]") {
  OdtParts parts;
  parts.body =
      "<text:sequence-decls><text:sequence-decl text:name=\"Table\"/></text:sequence-decls>"
      "<text:table-of-content><text:index-body><text:p>Pr\xC3\xA9"
      "ambule 1</text:p></text:index-body>"
      "</text:table-of-content>"
      "<text:h text:outline-level=\"1\">D\xC3\xA9"
      "claration universelle</text:h>"
      "<text:p>Tous les <text:span>\xC3\xAAtres</text:span><text:s text:c=\"3\"/>humains<text:tab/>naissent"
      "<text:line-break/>libres<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
      "<text:note-body><text:p>Une note.</text:p></text:note-body></text:note> et \xC3\xA9gaux.</text:p>"
      "<text:list><text:list-item><text:p>Premier \xC3\xA9l\xC3\xA9ment</text:p></text:list-item>"
      "<text:list-item><text:list><text:list-item><text:p>Sous-\xC3\xA9l\xC3\xA9ment</text:p></text:list-item>"
      "</text:list></text:list-item></text:list>"
      "<table:table><table:table-column/><table:table-header-rows><table:table-row><table:table-cell>"
      "<text:p>Symbole</text:p></table:table-cell><table:table-cell><text:p>Sujet</text:p></table:table-cell>"
      "</table:table-row></table:table-header-rows><table:table-row><table:table-cell><text:p>S/PV.7599</text:p>"
      "</table:table-cell><table:covered-table-cell/><table:table-cell><text:p>La situation en Libye</text:p>"
      "</table:table-cell></table:table-row></table:table>"
      "<text:h text:outline-level=\"2\">Article premier</text:h><text:p/>";
  parts.default_language = "fr";
  const std::string bytes = odt(parts);
  REQUIRE(detect_format(bytes, "udhr.odt") == Format::kOdt);
  const ExtractedDocument doc = extract_document(bytes, Format::kOdt);
  CHECK(doc.format == Format::kOdt);
  CHECK(doc.title == "D\xC3\xA9"
                     "claration universelle");
  CHECK(doc.language == "fr");
  CHECK(texts(doc) == std::vector<std::string>{"Tous les \xC3\xAAtres humains naissent libres et \xC3\xA9gaux.",
                                               "Premier \xC3\xA9l\xC3\xA9ment", "Sous-\xC3\xA9l\xC3\xA9ment",
                                               "Symbole | Sujet", "S/PV.7599 | La situation en Libye",
                                               "Article premier"});
}

TEST_CASE("odt: title and language from meta.xml win over the first heading and the default style", "[office][odt]") {
  OdtParts parts;
  parts.title = "D\xC3\xA9"
                "claration universelle des droits de l'homme";
  parts.language = "es-ES";
  parts.default_language = "fr";
  parts.body = "<text:h>Pr\xC3\xA9"
               "ambule</text:h><text:p>Consid\xC3\xA9rant que la reconnaissance.</text:p>";
  const ExtractedDocument doc = extract_document(odt(parts), Format::kOdt);
  CHECK(doc.title == "D\xC3\xA9"
                     "claration universelle des droits de l'homme");
  CHECK(doc.language == "es");
  CHECK(texts(doc) == std::vector<std::string>{"Pr\xC3\xA9"
                                               "ambule",
                                               "Consid\xC3\xA9rant que la reconnaissance."});
}

TEST_CASE("detect_format: DOCX and ODT by their members, whatever the name, other zips are not read",
          "[office][detect]") {
  DocxParts d;
  d.body = w_p("Text.");
  CHECK(detect_format(docx(d), "report.bin") == Format::kDocx);
  CHECK(detect_format(docx(d), "") == Format::kDocx);
  OdtParts o;
  o.body = "<text:p>Text.</text:p>";
  CHECK(detect_format(odt(o), "report.zip") == Format::kOdt);

  // Spreadsheets, presentations and plain zips: no format, and binary_reason() gives the hint.
  const std::string xlsx = make_zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<workbook/>"}});
  CHECK_FALSE(detect_format(xlsx, "budget.xlsx"));
  CHECK(binary_reason(xlsx).value_or("").find("Excel") != std::string::npos);
  o.mimetype = "application/vnd.oasis.opendocument.spreadsheet";
  CHECK_FALSE(detect_format(odt(o), "budget.odt"));
  CHECK(binary_reason(odt(o)).value_or("").find("parasearch reads only text documents") != std::string::npos);
  const std::string no_body = make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/settings.xml", "<x/>"}});
  CHECK_FALSE(detect_format(no_body, "odd.docx"));
  CHECK(binary_reason(no_body).value_or("").starts_with(
      "a Word document (DOCX, but without the word/document.xml parasearch reads;"));
  o.mimetype = "application/vnd.oasis.opendocument.text-template"; // not exactly ODF text
  CHECK_FALSE(detect_format(odt(o), "letter.ott"));
  const std::string plain = make_zip({{"notes.txt", "Some notes."}});
  CHECK_FALSE(detect_format(plain, "notes.docx"));
  CHECK(binary_reason(plain).value_or("").find("zip archive") != std::string::npos);

  // Text named .docx is text.
  CHECK(detect_format("Just some text.\n", "notes.docx") == Format::kText);
}

TEST_CASE("docx/odt: a truncated file, random bytes named .docx, broken XML: one-line reasons", "[office][bad]") {
  DocxParts d;
  d.title = "A title long enough";
  for (int i = 0; i < 50; ++i)
    d.body += w_p("Paragraph " + std::to_string(i) + " of a document that will be cut short.");
  const std::string whole = docx(d);
  const std::string truncated = whole.substr(0, whole.size() / 2);
  REQUIRE(detect_format(truncated, "cut.docx") == Format::kDocx); // by its first local header
  CHECK(extract_error(truncated, Format::kDocx) ==
        "not a zip archive, or a truncated one (no zip directory at its end)");
  OdtParts o;
  o.body = "<text:p>Text.</text:p>";
  const std::string odt_bytes = odt(o);
  CHECK(detect_format(odt_bytes.substr(0, odt_bytes.size() - 30), "cut.odt") == Format::kOdt);

  std::mt19937 rng(42);
  std::string random(4096, '\0');
  for (char &c : random)
    c = static_cast<char>(rng());
  random[100] = '\0';                                             // binary for sure
  REQUIRE(detect_format(random, "random.docx") == Format::kDocx); // claimed, so the reason is the reader's
  CHECK(extract_error(random, Format::kDocx).starts_with("not a zip archive"));
  CHECK_FALSE(detect_format(random, "random.bin"));

  d.body = "<w:p><w:r><w:t>unclosed</w:r></w:p>";
  const std::string broken = extract_error(docx(d), Format::kDocx);
  CHECK(broken.starts_with("word/document.xml is not well-formed XML (line 1: "));
  CHECK(broken.find('\n') == std::string::npos);

  // Nested 100,000 deep: libxml2's depth limit, no stack overflow.
  std::string deep;
  for (int i = 0; i < 100000; ++i)
    deep += "<w:sdt>";
  d.body = deep;
  CHECK(extract_error(docx(d), Format::kDocx).starts_with("word/document.xml is not well-formed XML"));

  // A docx without word/document.xml never gets here by detection, but extract_document says why.
  CHECK(extract_error(make_zip({{"word/other.xml", "<x/>"}}), Format::kDocx) ==
        "not a Word document: the zip archive has no word/document.xml");
}

TEST_CASE("docx: entities are not expanded (billion laughs), no network", "[office][bad]") {
  std::string dtd = "<!DOCTYPE w:document [<!ENTITY a0 \"laugh\">";
  for (int i = 1; i < 10; ++i)
    dtd += "<!ENTITY a" + std::to_string(i) + " \"&a" + std::to_string(i - 1) + ";&a" + std::to_string(i - 1) + ";&a" +
           std::to_string(i - 1) + ";&a" + std::to_string(i - 1) + ";\">";
  dtd += "<!ENTITY ext SYSTEM \"http://127.0.0.1:9/x\">]>";
  const std::string xml = "<?xml version=\"1.0\"?>" + dtd + "<w:document " + parasearch::test::kWordNs +
                          "><w:body><w:p><w:r><w:t>Before &a9; after</w:t></w:r></w:p></w:body></w:document>";
  const std::string bytes = make_zip({{"word/document.xml", xml}});
  const auto start = std::chrono::steady_clock::now();
  std::string message;
  ExtractedDocument doc;
  try {
    doc = extract_document(bytes, Format::kDocx);
  } catch (const ExtractError &e) {
    message = e.what(); // libxml2 may refuse the amplification: also fine, as one line
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  if (message.empty()) {
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text.size() < 100); // "Before after": 4^9 laughs not expanded
  } else {
    CHECK(message.find('\n') == std::string::npos);
  }
}

TEST_CASE("zip bombs: refused before inflating, whether the size is declared or hidden", "[office][bomb]") {
  SECTION("1 GiB of zeros in about 1 MB, declared") {
    const std::string bomb = make_zip({zeros_bomb("word/document.xml", 1024)});
    CHECK(bomb.size() < 2'000'000);
    REQUIRE(detect_format(bomb, "bomb.docx") == Format::kDocx);
    const auto start = std::chrono::steady_clock::now();
    CHECK(extract_error(bomb, Format::kDocx) == "zip bomb: word/document.xml would inflate to 1.1 GB from 1.1 MB");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2)); // nothing inflated
  }
  SECTION("under the ratio alarm but over max_unpacked_bytes") {
    ExtractOptions options;
    options.max_unpacked_bytes = 1 << 20;
    const std::string big = make_zip({zeros_bomb("word/document.xml", 2)}); // 2 MiB: small enough for the ratio
    CHECK(extract_error(big, Format::kDocx, options) ==
          "word/document.xml would inflate to 2.1 MB from 2.1 kB, over the limit of 1.0 MB");
  }
  SECTION("the limit counts every member read") {
    ExtractOptions options;
    options.max_unpacked_bytes = 1000;
    DocxParts d;
    d.body = w_p(std::string(400, 'x'));
    d.styles_xml = kStyles;
    const std::string message = extract_error(docx(d), Format::kDocx, options);
    // document.xml (622 bytes) read first leaves 378 of the 1000 bytes for styles.xml (576 bytes).
    CHECK(message == "word/styles.xml would inflate to 576 B from 258 B, over the limit of 378 B");
  }
  SECTION("a member declaring 1 kB that inflates to 64 MiB is cut at the declared size") {
    const std::string liar = make_zip({zeros_bomb("word/document.xml", 64, 1000)});
    CHECK(extract_error(liar, Format::kDocx) ==
          "zip bomb: word/document.xml inflates past its declared size of 1.0 kB");
  }
  SECTION("an ODT's content.xml too") {
    const std::string bomb =
        make_zip({{"mimetype", "application/vnd.oasis.opendocument.text", false}, zeros_bomb("content.xml", 1024)});
    REQUIRE(detect_format(bomb, "bomb.odt") == Format::kOdt);
    CHECK(extract_error(bomb, Format::kOdt).starts_with("zip bomb: content.xml would inflate to 1.1 GB"));
  }
}

TEST_CASE("zip bombs: a big, very repetitive but real document is no bomb", "[office][bomb]") {
  // 100,000 copies of one paragraph: 18 MB of XML that deflates about 260:1 (a ratio alarm at 200:1
  // refused it as a zip bomb).
  DocxParts d;
  const std::string p = "<w:p><w:r><w:t xml:space=\"preserve\">All human beings are born free and equal </w:t></w:r>"
                        "<w:r><w:t>in dignity and rights. They are endowed with reason and conscience.</w:t></w:r>"
                        "</w:p>";
  d.body.reserve(p.size() * 100000);
  for (int i = 0; i < 100000; ++i)
    d.body += p;
  const std::string bytes = docx(d);
  INFO("packed " << bytes.size() << " bytes");
  CHECK(d.body.size() > 200 * bytes.size());
  const ExtractedDocument doc = extract_document(bytes, Format::kDocx);
  REQUIRE(doc.paragraphs.size() == 100000);
  CHECK(doc.paragraphs.back().text ==
        "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience.");
}

TEST_CASE("docx/odt: broken styles or properties do not lose the body", "[office][bad]") {
  DocxParts d;
  d.styles_xml = "<w:styles><w:style"; // cut short
  d.title = "Title <unclosed";         // core.xml not well-formed
  d.body = w_p("Annex", "Heading1") + w_p("The body is still read.");
  const ExtractedDocument doc = extract_document(docx(d), Format::kDocx);
  CHECK(doc.title == "Annex"); // no styles.xml to go by: the style id says heading
  CHECK(texts(doc) == std::vector<std::string>{"The body is still read."});

  OdtParts o;
  o.title = "Titre <unclosed";
  o.default_language = "fr\"><broken"; // styles.xml not well-formed
  o.body = "<text:p>Le corps est lu.</text:p>";
  const ExtractedDocument odt_doc = extract_document(odt(o), Format::kOdt);
  CHECK(odt_doc.title.empty());
  CHECK(odt_doc.language.empty());
  CHECK(texts(odt_doc) == std::vector<std::string>{"Le corps est lu."});
}
