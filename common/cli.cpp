#include "common/cli.hpp"

#include "parasearch/errors.hpp"

#include <cxxopts.hpp>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace parasearch::cli {

std::filesystem::path default_db_path() {
  if (const char *env = std::getenv(kDbEnv); env != nullptr && *env != '\0') return env;
  return "parasearch-db";
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

int run(const char *tool, const std::function<int()> &body) {
  try {
    return body();
  } catch (const Error &e) {
    std::cerr << tool << ": error: " << e.what() << "\n";
    if (e.code() == ExitCode::kUsage) std::cerr << "Try '" << tool << " --help' for more information.\n";
    return static_cast<int>(e.code());
  } catch (const cxxopts::exceptions::exception &e) {
    std::cerr << tool << ": error: " << e.what() << "\nTry '" << tool << " --help' for more information.\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const std::bad_alloc &) {
    std::cerr << tool << ": error: out of memory\n";
    return static_cast<int>(ExitCode::kInternal);
  } catch (const std::exception &e) {
    std::cerr << tool << ": internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::kInternal);
  }
}

std::string exit_codes_help(const std::string &partial_meaning) {
  return "Exit status:\n"
         "  0  success\n"
         "  1  " +
         partial_meaning +
         "\n"
         "  2  usage error: bad option or malformed query\n"
         "  3  index is busy: another parasearch-index is writing to it\n"
         "  4  database error: index missing, unreadable or corrupt, or a write failed (disk full)\n"
         "  5  internal error\n";
}

} // namespace parasearch::cli
