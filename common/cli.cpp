#include "common/cli.hpp"

#include "common/utf8.hpp"

#include "parasearch/errors.hpp"

#include <cxxopts.hpp>
#include <unistd.h>

#include <cstdio>
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
    std::cerr << tool << ": error: " << printable(e.what()) << "\n";
    if (e.code() == ExitCode::kUsage) std::cerr << "Try '" << tool << " --help' for more information.\n";
    return static_cast<int>(e.code());
  } catch (const cxxopts::exceptions::exception &e) {
    std::cerr << tool << ": error: " << printable(e.what()) << "\nTry '" << tool << " --help' for more information.\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const std::bad_alloc &) {
    std::cerr << tool << ": error: out of memory\n";
    return static_cast<int>(ExitCode::kInternal);
  } catch (const std::exception &e) {
    std::cerr << tool << ": internal error: " << printable(e.what()) << "\n";
    return static_cast<int>(ExitCode::kInternal);
  } catch (...) { // not even a std::exception (Xapian's errors are not): never std::terminate
    std::cerr << tool << ": internal error: an unexpected exception\n";
    return static_cast<int>(ExitCode::kInternal);
  }
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [&](const char *format, unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = detail::utf8_sequence_length(s, i);
    const char32_t cp = n == 0 ? 0 : detail::utf8_code_point(s, i, n);
    if (n == 0) // not UTF-8
      hex("\\x%02x", c);
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) // C0, DEL, C1
      hex(cp < 0x80 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(cp));
    else
      out.append(s.substr(i, n));
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string count(std::size_t n, const std::string &noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
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
