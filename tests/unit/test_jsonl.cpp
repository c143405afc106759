// JSON Lines input: fields, ids, and bad lines (reported, never fatal).
#include "parasearch/jsonl.hpp"
#include "parasearch/text.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace parasearch;

TEST_CASE("jsonl: BEIR SciFact records", "[jsonl]") {
  const JsonlFields beir{"_id", "title", "text"};
  std::string error;
  const auto r = parse_jsonl_line(
      R"({"_id": "4983", "title": "Microstructural development of human newborn cerebral white matter", "text": "Alterations of the architecture of cerebral white matter.", "metadata": {}})",
      beir, error);
  REQUIRE(r.has_value());
  CHECK(error.empty());
  CHECK(r->id == "4983");
  CHECK(r->title == "Microstructural development of human newborn cerebral white matter");
  CHECK(r->text == "Alterations of the architecture of cerebral white matter.");
}

TEST_CASE("jsonl: integer ids, missing titles, invalid UTF-8", "[jsonl]") {
  std::string error;
  const auto r = parse_jsonl_line("{\"id\": 42, \"text\": \"caf\xE9\"}", {}, error);
  REQUIRE(r.has_value());
  CHECK(r->id == "42");
  CHECK(r->title.empty());
  CHECK(is_valid_utf8(r->text));
  CHECK(r->text == "caf\xEF\xBF\xBD");
}

TEST_CASE("jsonl: bad lines say what is wrong", "[jsonl][errors]") {
  struct Case {
    const char *line, *error;
  };
  const auto c = GENERATE(values<Case>({{"{not json", "not valid JSON"},
                                        {"[1, 2]", "not a JSON object"},
                                        {R"({"text": "no id"})", "no 'id' field"},
                                        {R"({"id": "", "text": "x"})", "empty 'id'"},
                                        {R"({"id": [1], "text": "x"})", "no 'id' field"},
                                        {R"({"id": "a"})", "no 'text' field"},
                                        {R"({"id": "a", "text": 5})", "no 'text' field"}}));
  std::string error;
  CAPTURE(c.line);
  CHECK_FALSE(parse_jsonl_line(c.line, {}, error).has_value());
  CHECK(error.find(c.error) != std::string::npos);
}

TEST_CASE("jsonl: the reader skips blank lines and counts lines", "[jsonl]") {
  std::istringstream in("{\"id\":\"a\",\"text\":\"one\"}\n\n{bad\n{\"id\":\"b\",\"text\":\"two\"}\n");
  JsonlReader reader(in, {});
  JsonlRecord rec;
  std::string error;
  REQUIRE(reader.next(rec, error));
  CHECK((error.empty() && rec.id == "a" && reader.line() == 1));
  REQUIRE(reader.next(rec, error));
  CHECK((!error.empty() && reader.line() == 3));
  REQUIRE(reader.next(rec, error));
  CHECK((error.empty() && rec.id == "b" && reader.line() == 4));
  CHECK_FALSE(reader.next(rec, error));
}
