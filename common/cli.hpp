// Private: what both command-line tools share: the default database path, terminal checks, and
// mapping exceptions to messages and exit codes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace parasearch::cli {

/// Name of the environment variable that overrides the default database path.
inline constexpr const char *kDbEnv = "PARASEARCH_DB";
/// The database path used when --db is not given: $PARASEARCH_DB, else ./parasearch-db.
std::filesystem::path default_db_path();

/// True if file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// Runs `body`, printing any exception as "TOOL: error: MESSAGE" on stderr, and returns the exit code.
int run(const char *tool, const std::function<int()> &body);

/// `s` safe to print on a terminal: control characters (C0, DEL and C1) and bytes that are not UTF-8
/// are shown as escapes (\t, \n, \r, \x1b, \u0085), so a file name or query cannot drive the terminal.
std::string printable(std::string_view s);

/// "1 paragraph", "2 paragraphs": `n` and `noun`, with an "s" unless n is 1.
std::string count(std::size_t n, const std::string &noun);

/// Text for --help that lists the exit codes.
std::string exit_codes_help(const std::string &partial_meaning);

} // namespace parasearch::cli
