// The CLIs' terminal-safe text: printable() and count().
#include "common/cli.hpp"

#include <catch2/catch.hpp>

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
  CHECK(printable("") == "");
}

TEST_CASE("cli text: counts take the plural unless there is exactly one", "[cli-text]") {
  CHECK(count(0, "paragraph") == "0 paragraphs");
  CHECK(count(1, "paragraph") == "1 paragraph");
  CHECK(count(2, "file") == "2 files");
}
