// Test support: running the real command-line tools (parasearch-index, parasearch-query,
// parasearch-eval, whose paths CMake passes as PARASEARCH_*_EXE) and reading what they printed.
#pragma once

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace parasearch::test {

/// What a finished command left behind.
struct Run {
  int status = -1; ///< Exit status, or -1 if the process did not exit normally.
  std::string out; ///< Its standard output (empty when it went to `stdout_to`).
  std::string err; ///< Its standard error.
};

/// `s` quoted for /bin/sh.
inline std::string shell_quote(const std::string &s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs `exe` with `args`, stdin from /dev/null; stdout goes to `stdout_to` if given (e.g. /dev/full),
/// else to a file that is read back (so neither stream is a terminal). `env` ("NAME=value ...") is put
/// before the command.
inline Run run(const std::string &exe, const std::vector<std::string> &args, const std::string &stdout_to = "",
               const std::string &env = "") {
  TempDir io;
  std::string cmd = env + shell_quote(exe);
  for (const std::string &a : args)
    cmd += " " + shell_quote(a);
  const std::filesystem::path out = stdout_to.empty() ? io / "out" : std::filesystem::path(stdout_to);
  cmd += " </dev/null >" + shell_quote(out.string()) + " 2>" + shell_quote((io / "err").string());
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  if (stdout_to.empty()) r.out = read_file(out);
  r.err = read_file(io / "err");
  return r;
}

/// The repository's corpus/ folder (one UN press release, 8 paragraphs).
inline std::string corpus_dir() { return (source_dir() / "corpus").string(); }

/// Builds an index of corpus/ at `db` with parasearch-index `index_exe`; the test fails if it does not exit 0.
inline void index_corpus(const std::string &index_exe, const std::filesystem::path &db) {
  const Run r = run(index_exe, {"--db", db.string(), corpus_dir()});
  INFO(r.err);
  REQUIRE(r.status == 0);
}

} // namespace parasearch::test
