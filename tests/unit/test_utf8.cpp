// Encoding handling: UTF-8 repair, BOMs, UTF-16, NUL bytes, binary detection.
#include "parasearch/text.hpp"

#include <catch2/catch.hpp>

using namespace parasearch;

TEST_CASE("utf8: valid text passes unchanged", "[utf8]") {
  const std::string s = "Déclaration universelle — 世界人权宣言 — Всеобщая декларация";
  CHECK(is_valid_utf8(s));
  CHECK(sanitize_utf8(s) == s);
  CHECK(decode_text(s).replaced == 0);
}

TEST_CASE("utf8: invalid sequences become U+FFFD", "[utf8]") {
  struct Case {
    std::string in, out;
  };
  const auto c = GENERATE(values<Case>({
      {"caf\xE9 au lait", "caf\xEF\xBF\xBD au lait"},           // Latin-1 byte
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                 // overlong "/"
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, // UTF-16 surrogate
      {"\xF4\x90\x80\x80", std::string(12, '\0')},              // above U+10FFFF (filled below)
      {"end\xE2\x82", "end\xEF\xBF\xBD\xEF\xBF\xBD"},           // truncated sequence
  }));
  std::string expected = c.out;
  if (expected == std::string(12, '\0')) {
    expected.clear();
    for (int i = 0; i < 4; ++i)
      expected += "\xEF\xBF\xBD";
  }
  std::size_t replaced = 0;
  const std::string got = sanitize_utf8(c.in, &replaced);
  CHECK(got == expected);
  CHECK(is_valid_utf8(got));
  CHECK(replaced > 0);
  CHECK_FALSE(is_valid_utf8(c.in));
}

TEST_CASE("utf8: BOM is stripped and UTF-16 is transcoded", "[utf8]") {
  CHECK(decode_text("\xEF\xBB\xBFHello").text == "Hello");
  CHECK(decode_text("\xEF\xBB\xBFHello").encoding == "utf-8-bom");
  const std::string le("\xFF\xFE"
                       "H\0i\0 \0\xE9\0",
                       10);
  CHECK(decode_text(le).text == "Hi \xC3\xA9");
  CHECK(decode_text(le).encoding == "utf-16le");
  const std::string be("\xFE\xFF\0H\0i\xD8\x3D\xDE\x00", 10); // "Hi" + U+1F600 as a surrogate pair
  CHECK(decode_text(be).text == "Hi\xF0\x9F\x98\x80");
  CHECK_FALSE(binary_reason(le).has_value());
}

TEST_CASE("utf8: NUL and control bytes are replaced, tabs and newlines kept", "[utf8]") {
  const std::string in("a\0b\x01"
                       "c\td\ne\r",
                       10);
  const DecodedText d = decode_text(in);
  CHECK(d.text == "a\xEF\xBF\xBD"
                  "b\xEF\xBF\xBD"
                  "c\td\ne\r");
  CHECK(d.replaced == 2);
}

TEST_CASE("utf8: binary detection", "[utf8][binary]") {
  std::string data("\x01\x02\0\0\0\rIHDR", 10); // no known magic bytes
  data += std::string(200, '\0');
  CHECK(binary_reason(data).has_value());
  CHECK(binary_reason(data)->find("binary data") != std::string::npos);
  CHECK_FALSE(binary_reason("plain text\nwith lines\n").has_value());
  CHECK_FALSE(binary_reason("").has_value());
  // A Latin-1 text file is text with a few bad bytes, not binary.
  CHECK_FALSE(binary_reason("Le pr\xE9sident de la R\xE9publique fran\xE7"
                            "aise a dit.\n")
                  .has_value());
  std::string noise;
  for (int i = 0; i < 4096; ++i)
    noise += static_cast<char>((i * 73 + 11) % 256);
  CHECK(binary_reason(noise).has_value());
}

TEST_CASE("html: every special character is escaped, quotes included", "[html]") {
  CHECK(html_escape(R"(<b class="x">Tom & Jerry's</b>)") ==
        "&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;");
  CHECK(html_escape("plain") == "plain");
}

TEST_CASE("utf8: common binary formats are named by their magic bytes, with a hint", "[utf8][binary]") {
  struct Case {
    std::string bytes, says, hint;
  };
  const std::string zip_entry("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14);
  const auto c = GENERATE_COPY(values<Case>({
      // An uncompressed PDF can be all ASCII: the magic bytes alone must reject it.
      {"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF file", "pdftotext"},
      {zip_entry + "[Content_Types].xml ... word/document.xml", "Word document (DOCX", "convert-to txt"},
      {zip_entry + "[Content_Types].xml ... xl/workbook.xml", "Excel workbook (XLSX", "convert-to txt"},
      {zip_entry + "mimetypeapplication/vnd.oasis.opendocument.text", "OpenDocument", "convert-to txt"},
      {zip_entry + "notes/readme.txt", "a zip archive", "unzip"},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10), "old Microsoft Office file", "convert-to txt"},
      {std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), "a PNG image", "no text"},
      {std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10), "a JPEG image", "no text"},
      {std::string("GIF89a\x01\0\x01\0", 10), "a GIF image", "no text"},
      {std::string("\x1F\x8B\x08\0\0\0\0\0", 8), "gzip-compressed", "gunzip"},
      {"\x28\xB5\x2F\xFD\x04\x58", "zstd-compressed", "unzstd"},
  }));
  const auto why = binary_reason(c.bytes);
  REQUIRE(why.has_value());
  CHECK(why->find(c.says) != std::string::npos);
  CHECK(why->find(c.hint) != std::string::npos);
}

TEST_CASE("utf8: legacy CP1252 text is detected and decoded, not turned into U+FFFD", "[utf8][cp1252]") {
  // "Déclaration ... l'homme" with CP1252's right single quote (0x92) and euro sign (0x80).
  const std::string cp1252 = "D\xE9"
                             "claration universelle des droits de l\x92homme, co\xFBt 10 \x80.\n";
  const DecodedText d = decode_text(cp1252);
  CHECK(d.encoding == "cp1252");
  CHECK(d.text == "D\xC3\xA9"
                  "claration universelle des droits de l\xE2\x80\x99homme, co\xC3\xBBt 10 \xE2\x82\xAC.\n");
  CHECK(d.replaced == 0);
  CHECK(is_valid_utf8(d.text));
  // Bytes CP1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are C1 controls: replaced.
  const DecodedText undefined = decode_text("caf\xE9 \x81 ok");
  CHECK(undefined.text == "caf\xC3\xA9 \xEF\xBF\xBD ok");
  CHECK(undefined.replaced == 1);
}

TEST_CASE("utf8: Latin-1 text is decoded and reported as latin-1", "[utf8][cp1252]") {
  const DecodedText d = decode_text("Le pr\xE9sident de la R\xE9publique fran\xE7"
                                    "aise \xE0 l'Assembl\xE9\x65 g\xE9n\xE9rale, \xA9 1995.\n");
  CHECK(d.encoding == "latin-1");
  CHECK(d.text == "Le pr\xC3\xA9sident de la R\xC3\xA9publique fran\xC3\xA7"
                  "aise \xC3\xA0 l'Assembl\xC3\xA9\x65 g\xC3\xA9n\xC3\xA9rale, \xC2\xA9 1995.\n");
  CHECK(d.replaced == 0);
}

TEST_CASE("utf8: UTF-8 text, even with a few bad bytes, stays UTF-8", "[utf8][cp1252]") {
  const std::string utf8 = "D\xC3\xA9"
                           "claration universelle des droits de l\xE2\x80\x99homme \xE2\x82\xAC\n";
  CHECK(decode_text(utf8).encoding == "utf-8");
  CHECK(decode_text(utf8).text == utf8);
  // Mostly UTF-8 (five accented letters) with one stray byte: that byte becomes U+FFFD.
  const DecodedText mixed = decode_text("\xC3\xA9t\xC3\xA9 \xC3\xA0 G\xC3\xA8ne, "
                                        "r\xC3\xA9union \x92 fin\n");
  CHECK(mixed.encoding == "utf-8");
  CHECK(mixed.text == "\xC3\xA9t\xC3\xA9 \xC3\xA0 G\xC3\xA8ne, r\xC3\xA9union \xEF\xBF\xBD fin\n");
  CHECK(mixed.replaced == 1);
  // Broken UTF-8 (a cut sequence, an overlong '/') beside a stray Latin-1 byte: UTF-8, with U+FFFD.
  const DecodedText broken = decode_text("C\xF4te, a cut \xE2\x82 sequence, an overlong \xC0\xAF slash");
  CHECK(broken.encoding == "utf-8");
  CHECK(broken.replaced == 5);
  // A BOM says UTF-8: its bad bytes are replaced, not read as CP1252.
  CHECK(decode_text("\xEF\xBB\xBF"
                    "caf\xE9")
            .text == "caf\xEF\xBF\xBD");
}
