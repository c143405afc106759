// Private: what the command-line tools share: option groups defined once (--db, the ranking flags),
// numeric option parsing with messages that name the option, terminal checks, checking that standard
// output was written, and mapping exceptions to messages and exit codes.
#pragma once

#include "parasearch/searcher.hpp"

#include <cxxopts.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace parasearch::cli {

/// Name of the environment variable that overrides the default database path.
inline constexpr const char *kDbEnv = "PARASEARCH_DB";
/// The database path used when --db is not given: $PARASEARCH_DB, else ./parasearch-db.
std::filesystem::path default_db_path();

/// Adds `--db DIR` (default $PARASEARCH_DB, else ./parasearch-db) to `opts`.
void add_db_option(cxxopts::Options &opts);
/// The index directory: --db if given, else default_db_path().
std::filesystem::path db_option(const cxxopts::ParseResult &args);

/// Adds the ranking flags shared by parasearch-query and parasearch-eval (--bm25-k1, --bm25-b,
/// --proximity, --window, --rerank-depth, --title-weight, --length-floor, --idf), with the library's defaults.
void add_ranking_options(cxxopts::Options &opts);
/// The ranking flags as RankingOptions; throws UsageError naming a flag that is not a number or out of
/// range (the range check is the library's own, validate_ranking()).
RankingOptions ranking_options(const cxxopts::ParseResult &args);

/// Value of the whole-number option `--name` (declared as a string option), from `min` to `max`;
/// throws UsageError "--name expects a whole number from MIN to MAX, not 'VALUE'" otherwise.
std::size_t whole_number(const cxxopts::ParseResult &args, const std::string &name, std::size_t min = 0,
                         std::size_t max = std::numeric_limits<std::size_t>::max());
/// `text` as a whole number from `min` to `max` for option `--name`; throws UsageError naming the option.
std::size_t parse_whole_number(const std::string &name, const std::string &text, std::size_t min, std::size_t max);
/// Value of the real-number option `--name` (declared as a string option); throws UsageError
/// "--name expects a number, such as 0.5, not 'VALUE'" unless it is a finite decimal number.
double real_number(const cxxopts::ParseResult &args, const std::string &name);
/// `text` as a finite real number for option `--name`; throws UsageError naming the option.
double parse_real_number(const std::string &name, const std::string &text);

/// The items of a comma-separated list (`year/10, country` -> {"year/10", "country"}): blanks around
/// items trimmed, empty items dropped.
std::vector<std::string> comma_list(std::string_view text);

/// Throws UsageError if an argument before any `--` starts with '-' but is no option of `opts` nor an
/// option's value: a query's excluded word (`-nations peace`), which the parser would read as options
/// (`-n ations`). The message shows `tool`'s two ways to write it.
void refuse_words_as_options(const cxxopts::Options &opts, const char *tool, int argc, const char *const *argv);

/// True if file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// Flushes standard output (C++ streams and C stdio) and throws OutputError
/// ("write error on standard output: REASON") if any write to it or the flush failed.
void finish_stdout();

/// Runs `body`, then finish_stdout(); prints any exception as "TOOL: error: MESSAGE" on stderr and
/// returns the exit code (ExitCode::kOutput if standard output could not be written).
int run(const char *tool, const std::function<int()> &body);

/// `s` safe to print on a terminal: control characters (C0, DEL and C1) and bytes that are not UTF-8
/// are shown as escapes (\t, \n, \r, \x1b, \u0085), so a file name or query cannot drive the terminal.
std::string printable(std::string_view s);

/// "1 paragraph", "2 paragraphs": `n` and `noun`, with an "s" unless n is 1.
std::string count(std::size_t n, const std::string &noun);

/// Text for --help that lists the exit codes.
std::string exit_codes_help(const std::string &partial_meaning);

} // namespace parasearch::cli
