#include "common/cli.hpp"

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
    if (c < 0x80) {
      if (c == '\t')
        out += "\\t";
      else if (c == '\n')
        out += "\\n";
      else if (c == '\r')
        out += "\\r";
      else if (c < 0x20 || c == 0x7F)
        hex("\\x%02x", c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    // The length of a well-formed UTF-8 sequence starting here, or 0.
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) n = 0;
    unsigned cp = n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) {
        n = 0;
        break;
      }
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (n != 0 &&
        ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
      n = 0; // overlong, surrogate or out of range
    if (n == 0) {
      hex("\\x%02x", c);
      ++i;
    } else if (cp >= 0x80 && cp <= 0x9F) {
      hex("\\u%04x", cp);
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
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
