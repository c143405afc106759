// Exceptions thrown by the parasearch library, and the exit codes the tools map them to.
#pragma once

#include <stdexcept>
#include <string>

namespace parasearch {

/// Process exit codes shared by parasearch-index, parasearch-query and parasearch-eval.
enum class ExitCode : int {
  kOk = 0,       ///< Success.
  kPartial = 1,  ///< Indexer: finished, but some files could not be read. Query: no hits.
  kUsage = 2,    ///< Bad command line, malformed query or invalid option value.
  kBusy = 3,     ///< Another indexer holds the database's write lock.
  kDatabase = 4, ///< The database is missing, unreadable, corrupt, or could not be written (disk full).
  kInternal = 5, ///< An unexpected internal error (a bug: please report it).
  kOutput = 6,   ///< Writing to standard output (or an output file) failed, e.g. the disk is full.
};

/// Base class of all parasearch errors; what() is a complete sentence for the user.
class Error : public std::runtime_error {
public:
  /// Creates an error with a user-facing message and the exit code a tool should use.
  Error(const std::string &message, ExitCode code) : std::runtime_error(message), code_(code) {}
  /// The exit code a command-line tool should return for this error.
  ExitCode code() const noexcept { return code_; }

private:
  ExitCode code_;
};

/// A caller mistake: an invalid option value, unknown language, bad argument.
class UsageError : public Error {
public:
  /// Creates a usage error (exit code kUsage).
  explicit UsageError(const std::string &message) : Error(message, ExitCode::kUsage) {}
};

/// A query string that cannot be parsed or is over a limit; names the query.
class QueryError : public Error {
public:
  /// Creates a query error (exit code kUsage).
  explicit QueryError(const std::string &message) : Error(message, ExitCode::kUsage) {}
};

/// The database is locked by another writer ("index is busy").
class IndexBusyError : public Error {
public:
  /// Creates a busy error (exit code kBusy).
  explicit IndexBusyError(const std::string &message) : Error(message, ExitCode::kBusy) {}
};

/// The database is missing, corrupt, or an operation on it failed (including a full disk).
class DatabaseError : public Error {
public:
  /// Creates a database error (exit code kDatabase).
  explicit DatabaseError(const std::string &message) : Error(message, ExitCode::kDatabase) {}
};

/// Writing the results failed (standard output or an output file: disk full, closed pipe end, ...).
class OutputError : public Error {
public:
  /// Creates an output error (exit code kOutput).
  explicit OutputError(const std::string &message) : Error(message, ExitCode::kOutput) {}
};

} // namespace parasearch
