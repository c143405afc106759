#include "common/cli.hpp"

#include "common/utf8.hpp"

#include "parasearch/errors.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>
#include <streambuf>

namespace parasearch::cli {

std::filesystem::path default_db_path() {
  if (const char *env = std::getenv(kDbEnv); env != nullptr && *env != '\0') return env;
  return "parasearch-db";
}

void add_db_option(cxxopts::Options &opts) {
  opts.add_options()("db",
                     "Index directory (default: $PARASEARCH_DB, else ./parasearch-db); for searching, also a "
                     "shard set: a stub file of 'remote HOST:PORT' lines (README, \"Shards on several machines\")",
                     cxxopts::value<std::string>(), "DIR");
}

std::filesystem::path db_option(const cxxopts::ParseResult &args) {
  return args.count("db") ? std::filesystem::path(args["db"].as<std::string>()) : default_db_path();
}

namespace {

// The shortest decimal text that reads back as `x` (0.1, not 0.100000).
std::string shortest(double x) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(x);
}

// The --idf text of idf blend `blend`: lucene (0), xapian (1), else the number.
std::string idf_name(double blend) { return blend == 0 ? "lucene" : blend == 1 ? "xapian" : shortest(blend); }

// The idf blend --idf names: lucene = 0, xapian = 1, else a number (validate_ranking checks its range);
// throws UsageError quoting anything else.
double idf_blend(const cxxopts::ParseResult &args) {
  const std::string text = args["idf"].as<std::string>();
  if (text == "lucene") return 0;
  if (text == "xapian") return 1;
  double value = 0;
  const char *end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
    throw UsageError("--idf expects lucene, xapian or a number from 0 to 1, not '" + printable(text) + "'");
  return value;
}

} // namespace

void add_ranking_options(cxxopts::Options &opts) {
  const RankingOptions d;
  // clang-format off
  opts.add_options("Ranking")
    ("bm25-k1", "BM25 k1, term frequency saturation (0 or more)",
     cxxopts::value<std::string>()->default_value(shortest(d.k1)), "X")
    ("bm25-b", "BM25 b, length normalisation (0 = none to 1 = full)",
     cxxopts::value<std::string>()->default_value(shortest(d.b)), "X")
    ("proximity", "Weight of the bonus for query words standing together (0 = off)",
     cxxopts::value<std::string>()->default_value(shortest(d.proximity)), "X")
    ("window", "Query words count as together within this many words (2 or more)",
     cxxopts::value<std::string>()->default_value(std::to_string(d.proximity_window)), "N")
    ("rerank-depth", "How many top BM25 passages the proximity bonus re-ranks (0 = none)",
     cxxopts::value<std::string>()->default_value(std::to_string(d.rerank_depth)), "N")
    ("title-weight", "A query word in a document's title adds this times its idf to each of its passages "
                     "(0 = titles do not match ordinary words)",
     cxxopts::value<std::string>()->default_value(shortest(d.title_weight)), "X")
    ("length-floor", "BM25 scores a passage shorter than this times the average length as if it were that "
                     "long (0 = no floor)",
     cxxopts::value<std::string>()->default_value(shortest(d.length_floor)), "X")
    ("idf", "Which idf weighs the words: lucene (log(1 + (N-n+0.5)/(n+0.5))), xapian (Xapian's BM25 idf, "
            "log((N-n+0.5)/(n+0.5)), which weighs frequent words lower) or a number from 0 (lucene) to 1 "
            "(xapian) for that share of Xapian's",
     cxxopts::value<std::string>()->default_value(idf_name(d.idf_blend)), "WHICH");
  // clang-format on
}

RankingOptions ranking_options(const cxxopts::ParseResult &args) {
  RankingOptions r;
  r.k1 = real_number(args, "bm25-k1");
  r.b = real_number(args, "bm25-b");
  r.proximity = real_number(args, "proximity");
  r.proximity_window = static_cast<unsigned>(whole_number(args, "window", 0, std::numeric_limits<unsigned>::max()));
  r.rerank_depth = whole_number(args, "rerank-depth");
  r.title_weight = real_number(args, "title-weight");
  r.length_floor = real_number(args, "length-floor");
  r.idf_blend = idf_blend(args);
  validate_ranking(r);
  return r;
}

std::size_t parse_whole_number(const std::string &name, const std::string &text, std::size_t min, std::size_t max) {
  std::size_t value = 0;
  const char *end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    // Appended, not added: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "(" + to_string(...).
    std::string range = max == std::numeric_limits<std::size_t>::max() ? "(" : "from ";
    range += std::to_string(min);
    range += max == std::numeric_limits<std::size_t>::max() ? " or more)" : " to " + std::to_string(max);
    throw UsageError("--" + name + " expects a whole number " + range + ", not '" + printable(text) + "'");
  }
  return value;
}

std::size_t whole_number(const cxxopts::ParseResult &args, const std::string &name, std::size_t min, std::size_t max) {
  return parse_whole_number(name, args[name].as<std::string>(), min, max);
}

double parse_real_number(const std::string &name, const std::string &text) {
  double value = 0;
  const char *end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
    throw UsageError("--" + name + " expects a number, such as 0.5, not '" + printable(text) + "'");
  return value;
}

double real_number(const cxxopts::ParseResult &args, const std::string &name) {
  return parse_real_number(name, args[name].as<std::string>());
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

namespace {

// Standard output for std::cout: a buffer written to file descriptor 1 with write(2), which keeps
// the errno of the first failed write (the stdio-backed default loses it when a later call, e.g.
// cerr flushing its tied cout, runs into the same error). After a failure further output is dropped.
class StdoutBuffer final : public std::streambuf {
public:
  StdoutBuffer() { setp(buffer_, buffer_ + sizeof buffer_); }
  StdoutBuffer(const StdoutBuffer &) = delete;
  StdoutBuffer &operator=(const StdoutBuffer &) = delete;
  ~StdoutBuffer() override = default;
  int error() const { return error_; } // errno of the first failed write, or 0

protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

private:
  bool drain() {
    const char *p = pbase();
    while (error_ == 0 && p < pptr()) {
      const ssize_t n = ::write(1, p, static_cast<std::size_t>(pptr() - p));
      if (n >= 0)
        p += n;
      else if (errno != EINTR)
        error_ = errno;
    }
    setp(buffer_, buffer_ + sizeof buffer_);
    return error_ == 0;
  }
  char buffer_[8192];
  int error_ = 0;
};

StdoutBuffer *stdout_buffer = nullptr; // installed by run()

} // namespace

void finish_stdout() {
  std::cout.flush();
  int err = stdout_buffer != nullptr ? stdout_buffer->error() : 0;
  errno = 0;
  const bool stdio_failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0; // C stdio, if anyone used it
  if (err == 0 && stdio_failed) err = errno != 0 ? errno : EIO;
  if (err == 0 && !std::cout) err = EIO;
  if (err == 0) return;
  std::clearerr(stdout);
  std::cout.clear();
  throw OutputError(std::string("write error on standard output: ") + std::strerror(err));
}

namespace {

// Prints `message` for `code` on stderr, with a hint at --help for usage errors; returns the code.
int report(const char *tool, const std::string &message, ExitCode code, const char *kind = "error") {
  std::cerr << tool << ": " << kind << ": " << printable(message) << "\n";
  if (code == ExitCode::kUsage) std::cerr << "Try '" << tool << " --help' for more information.\n";
  return static_cast<int>(code);
}

} // namespace

int run(const char *tool, const std::function<int()> &body) {
  StdoutBuffer buffer;
  std::streambuf *const original = std::cout.rdbuf(&buffer);
  stdout_buffer = &buffer;
  struct Restore {
    std::streambuf *original;
    ~Restore() {
      std::cout.flush();
      std::cout.rdbuf(original);
      stdout_buffer = nullptr;
    }
  } restore{original};
  try {
    const int status = body();
    finish_stdout();
    return status;
  } catch (const Error &e) {
    return report(tool, e.what(), e.code());
  } catch (const cxxopts::exceptions::exception &e) {
    return report(tool, e.what(), ExitCode::kUsage);
  } catch (const std::bad_alloc &) {
    return report(tool, "out of memory", ExitCode::kInternal);
  } catch (const std::exception &e) {
    return report(tool, e.what(), ExitCode::kInternal, "internal error");
  } catch (...) { // not even a std::exception (Xapian's errors are not): never std::terminate
    return report(tool, "an unexpected exception", ExitCode::kInternal, "internal error");
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

void refuse_words_as_options(const cxxopts::Options &opts, const char *tool, int argc, const char *const *argv) {
  std::set<std::string> takes_value; // "--limit", "-n", ...
  std::set<char> shorts;
  for (const std::string &group : opts.groups())
    for (const cxxopts::HelpOptionDetails &o : opts.group_help(group).options) {
      if (!o.s.empty()) shorts.insert(o.s[0]);
      if (o.is_boolean) continue;
      if (!o.s.empty()) takes_value.insert("-" + o.s);
      for (const std::string &name : o.l)
        takes_value.insert("--" + name);
    }
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") return;
    if (a.size() < 2 || a[0] != '-') continue;
    if (a[1] == '-') {
      if (a.find('=') == std::string::npos && takes_value.count(a) != 0) ++i; // its value may start with '-'
      continue;
    }
    if (a.size() == 2 && shorts.count(a[1]) != 0) {
      if (takes_value.count(a) != 0) ++i;
      continue;
    }
    // "-n5" is -n 5; anything else with a letter after its first one, or an unknown letter, is a word.
    const bool joined_value = shorts.count(a[1]) != 0 && takes_value.count(a.substr(0, 2)) != 0 &&
                              a.find_first_not_of("0123456789", 2) == std::string::npos;
    if (joined_value) continue;
    const std::string word = a.substr(1);
    throw UsageError("'" + a + "' is read as an option; to leave out passages with '" + word +
                     "', quote the query with a word first ('peace " + a + "') or put it after '--' (" + tool +
                     " -- '" + a + " peace')");
  }
}

std::vector<std::string> comma_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
      item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = comma + 1;
  }
  return items;
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
         "  5  internal error\n"
         "  6  write error on standard output (or the output file): disk full, closed pipe, ...\n";
}

} // namespace parasearch::cli
