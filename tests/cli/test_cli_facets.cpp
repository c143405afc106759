// parasearch-query --facets: the text table and the extra JSON line, on a small archive with path fields.
#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

using parasearch::test::contains;
using parasearch::test::Run;
using parasearch::test::run;
using parasearch::test::TempDir;

// An archive of five speeches, three of them on whaling, from two countries and two decades, indexed
// with the path fields country and year.
struct Archive {
  TempDir dir;
  std::string db = (dir / "db").string();
  Archive() {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"NOR_1987.txt", "Whaling quotas were debated.\n\nThe fisheries commission met.\n\nWhaling again.\n"},
        {"NOR_1994.txt", "Coastal whaling continues under national rules.\n"},
        {"JPN_1992.txt", "Scientific whaling was defended.\n"},
        {"JPN_1999.txt", "Fisheries and trade.\n"},
        {"FRA_1995.txt", "Nuclear tests in the Pacific.\n"}};
    for (const auto &[name, text] : files)
      parasearch::test::write_file(dir / "src" / name, text);
    const Run r =
        run(PARASEARCH_INDEX_EXE, {"--db", db, "--path-fields", "{country}_{year}.txt", (dir / "src").string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
};

std::vector<std::string> lines_of(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

} // namespace

TEST_CASE("parasearch-query --facets --json prints one facets line after the hits, most frequent first",
          "[cli][facets]") {
  const Archive a;
  const Run r = run(PARASEARCH_QUERY_EXE, {"--db", a.db, "--json", "--facets", "country, year/10", "whaling"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 5); // four passages, then the facets
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    CHECK(nlohmann::json::parse(lines[i]).contains("rank"));
  CHECK(lines.back() == R"({"facets":{"country":{"NOR":3,"JPN":1},"year/10":{"1980..1989":2,"1990..1999":2}}})");
}

TEST_CASE("parasearch-query --facets prints a short table, and with --per-doc counts documents", "[cli][facets]") {
  const Archive a;
  Run r = run(PARASEARCH_QUERY_EXE, {"--db", a.db, "--facets", "country,lang", "whaling"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "\ncountry (passages):\n  NOR 3  JPN 1\n"));
  CHECK(contains(r.out, "\nlang (passages):\n  en 4\n"));
  r = run(PARASEARCH_QUERY_EXE, {"--db", a.db, "--per-doc", "--facets", "country", "whaling"});
  CHECK(contains(r.out, "\ncountry (documents):\n  NOR 2  JPN 1\n"));
}

TEST_CASE("parasearch-query --facets with an unknown field is a usage error listing the fields", "[cli][facets]") {
  const Archive a;
  const Run r = run(PARASEARCH_QUERY_EXE, {"--db", a.db, "--facets", "nation", "whaling"});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "unknown facet 'nation': this index has country, year, lang"));
}

TEST_CASE(
    "parasearch-query --filter keeps the passages of a field value, a range or one file, and a bad one is a usage "
    "error",
    "[cli][facets][filter]") {
  const Archive a;
  auto paths = [&](const std::vector<std::string> &filters) {
    std::vector<std::string> args = {"--db", a.db, "--json", "whaling"};
    for (const auto &f : filters)
      args.insert(args.begin(), {"--filter", f});
    const Run r = run(PARASEARCH_QUERY_EXE, args);
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::vector<std::string> out;
    for (const std::string &line : lines_of(r.out))
      out.push_back(nlohmann::json::parse(line).at("path").get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(paths({}) == std::vector<std::string>{"JPN_1992.txt", "NOR_1987.txt", "NOR_1987.txt", "NOR_1994.txt"});
  CHECK(paths({"country:NOR"}) == std::vector<std::string>{"NOR_1987.txt", "NOR_1987.txt", "NOR_1994.txt"});
  CHECK(paths({"country:NOR", "year:1990..1999"}) == std::vector<std::string>{"NOR_1994.txt"});
  CHECK(paths({"path:JPN_1992.txt"}) == std::vector<std::string>{"JPN_1992.txt"});
  const Run bad = run(PARASEARCH_QUERY_EXE, {"--db", a.db, "--filter", "colour:red", "whaling"});
  CHECK(bad.status == 2);
  CHECK(contains(bad.err, "filter 'colour:red'"));
}
