// Catch2 main for every suite. A test that cannot run here (no ../shared data, running as root)
// calls parasearch::test::skip(); if nothing failed, the process then exits with kSkipReturnCode,
// which ctest (SKIP_RETURN_CODE, set in tests/CMakeLists.txt) reports as skipped, not passed.
#define CATCH_CONFIG_RUNNER
#include "support/skip.hpp"

#include <catch2/catch.hpp>

#include <iostream>

int main(int argc, char *argv[]) {
  const int failed = Catch::Session().run(argc, argv);
  if (failed == 0 && parasearch::test::skipped()) {
    std::cout << "skipped: " << parasearch::test::skip_reason() << "\n";
    return parasearch::test::kSkipReturnCode;
  }
  return failed;
}
