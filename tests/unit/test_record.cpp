// The stored forms of a file: FileState (bucket metadata) and each paragraph's document data.
#include "index/record.hpp"

#include <catch2/catch.hpp>

using namespace parasearch::detail;

TEST_CASE("record: paragraph data round-trips, with the header on paragraph 1 only", "[record]") {
  FileHeader header{
      "Session 50 - 1995/FRA_50_1995.txt", "Statement by France", "fr", {{"country", "FRA"}, {"year", "1995"}}, 3};
  const std::string first = encode_paragraph(1, 0x0123456789abcdefULL, &header, "First paragraph.");
  const std::string third = encode_paragraph(3, 0x0123456789abcdefULL, nullptr, "Third, with \xC3\xA9 and \n.");

  const auto a = decode_paragraph(first);
  REQUIRE(a);
  CHECK(a->number == 1);
  CHECK(a->file_id == 0x0123456789abcdefULL);
  CHECK(a->text == "First paragraph.");
  REQUIRE(a->header);
  CHECK(a->header->path == header.path);
  CHECK(a->header->title == header.title);
  CHECK(a->header->language == "fr");
  CHECK(a->header->fields == header.fields);
  CHECK(a->header->paragraphs == 3);
  CHECK(a->place == ParagraphPlace{});

  const auto c = decode_paragraph(third);
  REQUIRE(c);
  CHECK(c->number == 3);
  CHECK(c->file_id == 0x0123456789abcdefULL);
  CHECK_FALSE(c->header);
  CHECK(c->text == "Third, with \xC3\xA9 and \n.");

  // An empty text is allowed (the rest of the data is the text).
  const auto e = decode_paragraph(encode_paragraph(2, 7, nullptr, ""));
  REQUIRE(e);
  CHECK(e->text.empty());
}

TEST_CASE("record: malformed paragraph data is rejected, not misread", "[record]") {
  FileHeader header{"a.txt", "", "", {}, 2};
  const std::string good = encode_paragraph(1, 42, &header, "text");
  CHECK_FALSE(decode_paragraph(""));
  CHECK_FALSE(decode_paragraph(std::string(1, '\x01') + good.substr(1))); // the old whole-file record version
  for (std::size_t n = 0; n < good.size() - 4; ++n) {                     // cut inside the header
    INFO("cut at " << n);
    CHECK_FALSE(decode_paragraph(good.substr(0, n)));
  }
  CHECK_FALSE(decode_paragraph(encode_paragraph(2, 42, &header, "a header on paragraph 2")));
  CHECK_FALSE(decode_paragraph(encode_paragraph(1, 42, nullptr, "paragraph 1 without its header")));
  CHECK_FALSE(decode_paragraph(encode_paragraph(0, 42, nullptr, "no paragraph 0")));
  FileHeader none{"a.txt", "", "", {}, 0};
  CHECK_FALSE(decode_paragraph(encode_paragraph(1, 42, &none, "a file of 0 paragraphs")));
  // A place byte with unknown bits, a page 0 written as present, an empty label written as present.
  std::string bad = encode_paragraph(2, 42, nullptr, "text");
  bad[11] = '\x08';
  CHECK_FALSE(decode_paragraph(bad));
  bad[11] = '\x01';
  bad.insert(12, 1, '\0');
  CHECK_FALSE(decode_paragraph(bad));
  bad[11] = '\x02';
  CHECK_FALSE(decode_paragraph(bad));
}

TEST_CASE("record: a paragraph's page, page label and own language round-trip", "[record]") {
  FileHeader header{"report.pdf", "Report", "en", {}, 9};
  const ParagraphPlace page3{3, "iii", ""};
  const auto a = decode_paragraph(encode_paragraph(1, 5, &header, "Foreword.", page3));
  REQUIRE(a);
  CHECK(a->place == page3);
  CHECK(a->text == "Foreword.");
  REQUIRE(a->header);
  CHECK(a->header->language == "en");
  const ParagraphPlace french{120, "", "fr"};
  const auto b = decode_paragraph(encode_paragraph(9, 5, nullptr,
                                                   "Le texte en fran\xC3\xA7"
                                                   "ais.",
                                                   french));
  REQUIRE(b);
  CHECK(b->place == french);
  CHECK(b->text == "Le texte en fran\xC3\xA7"
                   "ais.");
  const ParagraphPlace english_only{0, "", "en"};
  const auto c = decode_paragraph(encode_paragraph(4, 5, nullptr, "x", english_only));
  REQUIRE(c);
  CHECK(c->place == english_only);
}

TEST_CASE("record: file state round-trips and rejects trailing bytes", "[record]") {
  FileState s{"dir/a b.txt", "/data", 12345, -5, 0xfeedfacecafebeefULL, 17, ""};
  const std::string bytes = encode_state(s);
  const auto d = decode_state(bytes);
  REQUIRE(d);
  CHECK(d->path == s.path);
  CHECK(d->root == s.root);
  CHECK(d->size == s.size);
  CHECK(d->mtime_ns == s.mtime_ns);
  CHECK(d->content_hash == s.content_hash);
  CHECK(d->paragraphs == s.paragraphs);
  CHECK_FALSE(decode_state(bytes + "x"));
  CHECK_FALSE(decode_state(bytes.substr(0, bytes.size() - 1)));
}

TEST_CASE("record: a skipped file's state keeps its reason, and a state without one still decodes", "[record]") {
  FileState s{"x.bin", "/data", 10, 7, 99, 0, "binary data (NUL bytes)"};
  const auto d = decode_state(encode_state(s));
  REQUIRE(d);
  CHECK(d->skipped == "binary data (NUL bytes)");
  CHECK(d->paragraphs == 0);
  s.skipped.clear();
  const auto plain = decode_state(encode_state(s));
  REQUIRE(plain);
  CHECK(plain->skipped.empty());
}

TEST_CASE("record: a root tally round-trips and malformed bytes are rejected", "[record]") {
  const RootTally t{12345, 987654321012};
  CHECK(decode_tally(encode_tally(t)) == t);
  CHECK(decode_tally(encode_tally({})) == RootTally{});
  std::string bytes = encode_tally(t);
  CHECK_FALSE(decode_tally(bytes + "x"));
  CHECK_FALSE(decode_tally(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(decode_tally(""));
  bytes[0] = 9; // unknown version
  CHECK_FALSE(decode_tally(bytes));
}
