// The CLIs' top-level handler, cli::run: every exception becomes a message and an exit code.
#include "common/cli.hpp"

#include "parasearch/errors.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <stdexcept>

using parasearch::cli::run;

TEST_CASE("cli run: parasearch errors keep their exit code, anything else is an internal error (exit 5)", "[cli-run]") {
  CHECK(run("t", [] { return 0; }) == 0);
  CHECK(run("t", []() -> int { throw parasearch::DatabaseError("index 'x' is damaged"); }) == 4);
  CHECK(run("t", []() -> int { throw std::logic_error("a bug"); }) == 5);
  // Not a std::exception: Xapian's errors are not, and before this was caught it called std::terminate.
  CHECK(run("t", []() -> int { throw Xapian::DatabaseModifiedError("the database changed"); }) == 5);
  CHECK(run("t", []() -> int { throw 42; }) == 5);
}
