// Query text handling before and after Xapian's parser: error messages, synonyms, spelling replacement.
#include "query/query_text.hpp"

#include <catch2/catch.hpp>

using namespace parasearch::detail;

TEST_CASE("query text: a syntax error names the operator, its position and the fix", "[query][unit]") {
  const std::string m = describe_syntax_error("AND OR (", "Syntax: <expression> AND <expression>");
  CHECK(m.starts_with("cannot parse query 'AND OR (': 'AND' at character 1 has nothing on its left"));
  CHECK(m.find("lowercase") != std::string::npos);
  CHECK(describe_syntax_error("nuclear AND", "x").find("'AND' at character 9 ends the query") != std::string::npos);
  CHECK(describe_syntax_error("a OR OR b", "x").find("'OR' at character 3 is followed by 'OR'") != std::string::npos);
  CHECK(describe_syntax_error("a NOT", "x").find("'NOT' at character 3 ends the query") != std::string::npos);
  // Words inside quotes are not operators; "a AND NOT b" is fine, so Xapian's own text is quoted.
  CHECK(describe_syntax_error("\"AND\" x AND NOT y", "odd").find("parser says \"odd\"") != std::string::npos);
}

TEST_CASE("query text: synonyms expand bare words and phrases, case-insensitively", "[query][unit]") {
  const std::vector<std::vector<std::string>> groups = {{"UN", "United Nations"}, {"SG", "Secretary-General"}};
  CHECK(expand_synonyms("UN reform", groups) == "(UN OR \"United Nations\") reform");
  CHECK(expand_synonyms("the united   nations budget", groups) == "the (UN OR \"United Nations\") budget");
  CHECK(expand_synonyms("sg", groups) == "(SG OR Secretary-General)");
  // Left alone: inside quotes, after a field or + -, operators, and words that merely contain a variant.
  CHECK(expand_synonyms("\"UN reform\" title:UN -UN unity", groups) == "\"UN reform\" title:UN -UN unity");
  CHECK(expand_synonyms("UN*", groups) == "UN*");
  CHECK(expand_synonyms("UN", {}) == "UN");
}

TEST_CASE("query text: replace_word changes whole words only", "[query][unit]") {
  std::string q = "diplomcy and Diplomcy-work, not diplomcys";
  CHECK(replace_word(q, "diplomcy", "diplomacy"));
  CHECK(q == "diplomacy and diplomacy-work, not diplomcys");
  CHECK_FALSE(replace_word(q, "absent", "x"));
  CHECK(normalise_space("  United \t Nations ") == "United Nations");
}

TEST_CASE("query text: guillemets and typographic double quotes become ASCII quotes, apostrophes stay",
          "[query][unit][quotes]") {
  CHECK(normalise_quotes("\u00ABpaix durable\u00BB") == "\"paix durable\"");
  CHECK(normalise_quotes("\u201EFrieden\u201C \u2039paix\u203A \u300C\u6559\u80b2\u300D \u300E\u6743\u300F") ==
        "\"Frieden\" \"paix\" \"\u6559\u80b2\" \"\u6743\"");
  CHECK(normalise_quotes("\u201CC\u00F4te d\u2019Ivoire\u201D l'homme \u2018x\u2019") ==
        "\"C\u00F4te d\u2019Ivoire\" l'homme \u2018x\u2019");
  CHECK(normalise_quotes("\uFF02a\uFF02 \u301Db\u301E") == "\"a\" \"b\"");
  // Synonyms are not expanded inside guillemets, as inside ASCII quotes.
  CHECK(expand_synonyms("\u00ABUN reform\u00BB UN", {{"UN", "United Nations"}}) ==
        "\u00ABUN reform\u00BB (UN OR \"United Nations\")");
}
