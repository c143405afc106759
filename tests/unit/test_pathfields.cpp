// Path-field patterns: parsing, matching real UN General Debate Corpus paths, and bad patterns.
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"

#include <catch2/catch.hpp>

using parasearch::PathPattern;
using Fields = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("pathfields: the UN General Debate Corpus file names", "[pathfields]") {
  const PathPattern p = PathPattern::parse("{country}_{session}_{year}.txt");
  CHECK(p.names() == std::vector<std::string>{"country", "session", "year"});
  CHECK(p.match("Session 50 - 1995/IND_50_1995.txt") ==
        Fields{{"country", "IND"}, {"session", "50"}, {"year", "1995"}});
  CHECK(p.match("FRA_01_1946.txt") == Fields{{"country", "FRA"}, {"session", "01"}, {"year", "1946"}});
  CHECK_FALSE(p.match("Session 50 - 1995/README.md").has_value());
  CHECK_FALSE(p.match("IND_50.txt").has_value());
}

TEST_CASE("pathfields: a pattern with '/' matches the whole relative path", "[pathfields]") {
  const PathPattern p = PathPattern::parse("Session {session} - {year}/{file}.txt");
  CHECK(p.match("Session 50 - 1995/IND_50_1995.txt") ==
        Fields{{"session", "50"}, {"year", "1995"}, {"file", "IND_50_1995"}});
  CHECK_FALSE(p.match("IND_50_1995.txt").has_value());
  // A capture never spans folders.
  CHECK_FALSE(PathPattern::parse("{a}.txt").match("x/y/z.txt") == Fields{{"a", "x/y/z"}});
}

TEST_CASE("pathfields: '*' skips text and captures are shortest-first with backtracking", "[pathfields]") {
  const PathPattern p = PathPattern::parse("{country}_*_{year}.txt");
  CHECK(p.match("USA_75_2020.txt") == Fields{{"country", "USA"}, {"year", "2020"}});
  const PathPattern q = PathPattern::parse("{a}-{b}.txt");
  CHECK(q.match("x-y-z.txt") == Fields{{"a", "x"}, {"b", "y-z"}});
}

TEST_CASE("pathfields: numeric values", "[pathfields]") {
  CHECK(parasearch::is_numeric_field_value("1995"));
  CHECK(parasearch::is_numeric_field_value("01"));
  CHECK_FALSE(parasearch::is_numeric_field_value("IND"));
  CHECK_FALSE(parasearch::is_numeric_field_value(""));
  CHECK_FALSE(parasearch::is_numeric_field_value("12.5"));
  CHECK_FALSE(parasearch::is_numeric_field_value("1234567890123456")); // too long for a double
}

TEST_CASE("pathfields: bad patterns are usage errors that say what is wrong", "[pathfields][errors]") {
  struct Case {
    const char *pattern, *message;
  };
  const auto c = GENERATE(values<Case>({{"{country", "closing"},
                                        {"country}", "opening"},
                                        {"{Country}.txt", "lowercase"},
                                        {"{}.txt", "lowercase"},
                                        {"{a}{b}.txt", "literal text between"},
                                        {"{a}*.txt", "ambiguous"},
                                        {"{a}_{a}.txt", "twice"},
                                        {"{title}.txt", "reserved"},
                                        {"plain.txt", "no {field}"}}));
  CAPTURE(c.pattern);
  CHECK_THROWS_AS(PathPattern::parse(c.pattern), parasearch::UsageError);
  CHECK_THROWS_WITH(PathPattern::parse(c.pattern), Catch::Contains(c.message) && Catch::Contains(c.pattern));
}

TEST_CASE("pathfields: an empty pattern has no fields and matches nothing", "[pathfields]") {
  const PathPattern p = PathPattern::parse("");
  CHECK(p.empty());
  CHECK_FALSE(p.match("IND_50_1995.txt").has_value());
}
