// Running the real tools as child processes (fork + execv, reaped with wait4) and reading their exit
// status, output and peak memory. Used by the bad-input and fault-injection suites.
#pragma once

#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace parasearch::test {

#if defined(__has_feature)
#define PARASEARCH_TEST_HAS_FEATURE(x) __has_feature(x) // clang
#else
#define PARASEARCH_TEST_HAS_FEATURE(x) 0 // GCC says __SANITIZE_*__ instead
#endif

/// True in an AddressSanitizer build (memory bounds and timings are looser there).
#if defined(__SANITIZE_ADDRESS__) || PARASEARCH_TEST_HAS_FEATURE(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

/// True in a ThreadSanitizer build (it multiplies memory use several times over).
#if defined(__SANITIZE_THREAD__) || PARASEARCH_TEST_HAS_FEATURE(thread_sanitizer)
inline constexpr bool kThreadSanitized = true;
#else
inline constexpr bool kThreadSanitized = false;
#endif

/// What a finished child process left behind.
struct ProcessResult {
  int status = -1;        ///< Exit status, or -1 if it did not exit normally (see signal).
  int signal = 0;         ///< The signal that ended it, or 0.
  bool timed_out = false; ///< True if it was killed for running past the timeout.
  std::string out;        ///< Its standard output.
  std::string err;        ///< Its standard error.
  long max_rss_kb = 0;    ///< Its peak resident set size in KiB (wait4's ru_maxrss).
};

/// Options of run_process().
struct ProcessOptions {
  std::chrono::seconds timeout{120}; ///< Killed with SIGKILL after this long.
  std::vector<std::string> env;      ///< Extra "NAME=value" environment entries (override inherited ones).
  /// Runs in the child between fork and exec (only async-signal-safe calls: setrlimit, signal, ...).
  std::function<void()> in_child;
};

/// A child process running `exe` with `args` (no shell); stdin is /dev/null, stdout and stderr go to
/// files (never a terminal). Killed and reaped on destruction if wait() was not called.
class ChildProcess {
public:
  /// Starts the child.
  ChildProcess(const std::string &exe, const std::vector<std::string> &args, const ProcessOptions &options = {})
      : timeout_(options.timeout) {
    const std::string out_path = (io_ / "out").string();
    const std::string err_path = (io_ / "err").string();
    std::vector<std::string> argv_storage;
    argv_storage.push_back(exe);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char *> argv;
    argv.reserve(argv_storage.size() + 1);
    for (std::string &a : argv_storage)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage = options.env;
    for (char **e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const std::string name = entry.substr(0, entry.find('=') + 1);
      bool overridden = false;
      for (const std::string &o : options.env)
        overridden = overridden || o.starts_with(name);
      if (!overridden) env_storage.push_back(entry);
    }
    std::vector<char *> envp;
    envp.reserve(env_storage.size() + 1);
    for (std::string &e : env_storage)
      envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ == 0) {
      const int in = ::open("/dev/null", O_RDONLY);
      const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (in < 0 || out < 0 || err < 0) ::_exit(126);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      if (options.in_child) options.in_child();
      ::execve(exe.c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  /// Its process id (-1 if fork failed).
  pid_t pid() const { return pid_; }
  /// What the child has written to stderr so far.
  std::string err_so_far() const { return read_file(io_ / "err"); }

  /// Waits for it to end (SIGKILL after the timeout) and returns what it left behind.
  ProcessResult wait() {
    ProcessResult r;
    if (pid_ <= 0 || reaped_) return r;
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    int wstatus = 0;
    struct rusage usage {};
    for (;;) {
      const pid_t done = ::wait4(pid_, &wstatus, WNOHANG, &usage);
      if (done == pid_) break;
      if (done < 0 && errno != EINTR) return r;
      if (std::chrono::steady_clock::now() > deadline && !r.timed_out) {
        ::kill(pid_, SIGKILL);
        r.timed_out = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    reaped_ = true;
    if (WIFEXITED(wstatus)) r.status = WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) r.signal = WTERMSIG(wstatus);
    r.max_rss_kb = usage.ru_maxrss;
    r.out = read_file(io_ / "out");
    r.err = read_file(io_ / "err");
    return r;
  }

private:
  TempDir io_;
  std::chrono::seconds timeout_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

/// Runs `exe` with `args` to the end (see ChildProcess).
inline ProcessResult run_process(const std::string &exe, const std::vector<std::string> &args,
                                 const ProcessOptions &options = {}) {
  return ChildProcess(exe, args, options).wait();
}

/// Runs `INDEX_EXE --check --db DB` (pass PARASEARCH_INDEX_EXE) in a child process. A child, not
/// parasearch::check_index here: Xapian 1.4.22's own check deletes an object through the wrong type
/// (AddressSanitizer: new-delete-type-mismatch), a bug in the library, so that one report is turned off
/// in the child only. Exit 0 and "is sound" on stdout for a sound index, 4 and "is DAMAGED" otherwise.
inline ProcessResult run_index_check(const std::string &index_exe, const std::string &db) {
  ProcessOptions options;
  options.env = {"ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0"};
  return run_process(index_exe, {"--check", "--db", db}, options);
}

} // namespace parasearch::test
