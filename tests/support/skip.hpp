// Skipping a test that cannot run on this machine, so that ctest shows it as skipped.
#pragma once

#include <catch2/catch.hpp>

#include <string>

namespace parasearch::test {

/// The exit code of a test process whose tests were skipped (ctest's SKIP_RETURN_CODE).
inline constexpr int kSkipReturnCode = 77;

namespace detail {
inline std::string &skip_state() {
  static std::string reason;
  return reason;
}
} // namespace detail

/// Marks the running test as skipped because of `why`; the caller then returns from the test.
inline void skip(const std::string &why) {
  WARN("skipped: " << why);
  detail::skip_state() = why.empty() ? "no reason given" : why;
}

/// True once skip() was called in this process.
inline bool skipped() { return !detail::skip_state().empty(); }

/// The reason given to the last skip() call.
inline const std::string &skip_reason() { return detail::skip_state(); }

} // namespace parasearch::test
