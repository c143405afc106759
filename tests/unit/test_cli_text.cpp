// The CLIs' shared helpers: terminal-safe text (printable(), count()), numeric options, the progress line.
#include "common/cli.hpp"
#include "indexer/cli/progress.hpp"
#include "parasearch/errors.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <limits>

using parasearch::cli::count;
using parasearch::cli::printable;

TEST_CASE("cli text: control characters and broken UTF-8 are escaped, other text is kept", "[cli-text]") {
  CHECK(printable("plain text/Session 50 - 1995/FRA.txt") == "plain text/Session 50 - 1995/FRA.txt");
  CHECK(printable("a\tb\nc\rd") == "a\\tb\\nc\\rd");
  CHECK(printable("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(printable(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(printable("next\xC2\x85line\xC2\x9B") == "next\\u0085line\\u009b"); // C1 controls (NEL, CSI)
  CHECK(printable("C\xC3\xB4te d'Ivoire \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x8C\x8D \xC2\xA0") ==
        "C\xC3\xB4te d'Ivoire \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x8C\x8D \xC2\xA0");
  CHECK(printable("bad\xFF\xFE") == "bad\\xff\\xfe");
  CHECK(printable("overlong\xC0\x80") == "overlong\\xc0\\x80");
  CHECK(printable("surrogate\xED\xA0\x80") == "surrogate\\xed\\xa0\\x80");
  CHECK(printable("cut\xE4\xB8") == "cut\\xe4\\xb8");
  CHECK(printable("").empty());
}

TEST_CASE("cli text: counts take the plural unless there is exactly one", "[cli-text]") {
  CHECK(count(0, "paragraph") == "0 paragraphs");
  CHECK(count(1, "paragraph") == "1 paragraph");
  CHECK(count(2, "file") == "2 files");
}

TEST_CASE("cli options: numbers are parsed whole, in range, with messages naming the option", "[cli-text]") {
  using parasearch::cli::parse_real_number;
  using parasearch::cli::parse_whole_number;
  const std::size_t any = std::numeric_limits<std::size_t>::max();
  CHECK(parse_whole_number("limit", "0", 0, any) == 0);
  CHECK(parse_whole_number("limit", "25", 0, any) == 25);
  CHECK(parse_whole_number("buckets", "256", 1, 256) == 256);
  CHECK_THROWS_WITH(parse_whole_number("limit", "-1", 0, any), "--limit expects a whole number (0 or more), not '-1'");
  CHECK_THROWS_WITH(parse_whole_number("buckets", "0", 1, 256),
                    "--buckets expects a whole number from 1 to 256, not '0'");
  CHECK_THROWS_WITH(parse_whole_number("limit", "99999999999999999999999", 0, any), Catch::Contains("--limit"));
  for (const char *bad : {"", " 1", "1 ", "1.0", "+1", "0x10", "1e3", "ten"})
    CHECK_THROWS_AS(parse_whole_number("limit", bad, 0, any), parasearch::UsageError);
  CHECK(parse_real_number("bm25-b", "0.75") == 0.75);
  CHECK(parse_real_number("bm25-k1", "-1") == -1); // the range is the library's check (validate_ranking)
  CHECK(parse_real_number("proximity", "1e-3") == 0.001);
  for (const char *bad : {"", "abc", "nan", "inf", "1e999", "0.5x", "--1"})
    CHECK_THROWS_WITH(parse_real_number("bm25-k1", bad), Catch::StartsWith("--bm25-k1 expects a number"));
}

TEST_CASE("cli progress: the bar shows files done and a real MB/s rate", "[cli-text]") {
  const std::string line = parasearch::cli::progress_line(5, 10, 3'000'000, 2.0);
  CHECK(parasearch::test::contains(line, "5/10 files"));
  CHECK(parasearch::test::contains(line, "  1.5 MB/s"));
  CHECK(parasearch::test::contains(line, "ETA 0:02"));
  CHECK(parasearch::test::contains(parasearch::cli::progress_line(0, 0, 0, 0), "0.0 MB/s"));
}
