// Private: what both command-line tools share: the default database path, terminal checks, and
// mapping exceptions to messages and exit codes.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace parasearch::cli {

/// Name of the environment variable that overrides the default database path.
inline constexpr const char *kDbEnv = "PARASEARCH_DB";
/// The database path used when --db is not given: $PARASEARCH_DB, else ./parasearch-db.
std::filesystem::path default_db_path();

/// True if file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// Runs `body`, printing any exception as "TOOL: error: MESSAGE" on stderr, and returns the exit code.
int run(const char *tool, const std::function<int()> &body);

/// Text for --help that lists the exit codes.
std::string exit_codes_help(const std::string &partial_meaning);

} // namespace parasearch::cli
