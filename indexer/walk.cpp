// The walk: files and folders -> candidates (path, identity, size, time, or why not usable).
#include "indexer/walk.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace parasearch::detail {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

} // namespace

bool read_regular_file(const fs::path &path, std::uintmax_t max_bytes, std::string &out, std::string &reason,
                       FileStatus &status) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    status = FileStatus::kFailed;
    reason = "cannot open: " + errno_text(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    status = FileStatus::kSkipped;
    reason = "not a regular file";
    return false;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    status = FileStatus::kSkipped;
    reason = "too large (" + std::to_string(st.st_size) + " bytes; the limit is " + std::to_string(max_bytes) + ")";
    return false;
  }
  out.clear();
  out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      status = FileStatus::kFailed;
      reason = "read error: " + errno_text(err);
      return false;
    }
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      status = FileStatus::kSkipped;
      reason = "too large (grew while being read)";
      return false;
    }
  }
  ::close(fd);
  return true;
}

namespace {

std::int64_t mtime_of(const struct stat &st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

// Fills in a found regular file's size and time, and whether it can be used: it must open for
// reading and be within the size limit. Nothing is read.
void probe(Candidate &c, std::uintmax_t max_bytes) {
  const int fd = ::open(c.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    c.problem = FileStatus::kFailed;
    c.reason = "cannot open: " + errno_text(errno);
    return;
  }
  struct stat st {};
  const int rc = ::fstat(fd, &st);
  const int err = errno;
  ::close(fd);
  if (rc != 0) {
    c.problem = FileStatus::kFailed;
    c.reason = "cannot access: " + errno_text(err);
  } else if (!S_ISREG(st.st_mode)) {
    c.problem = FileStatus::kSkipped;
    c.reason = "not a regular file";
  } else {
    c.size = static_cast<std::uint64_t>(st.st_size);
    c.mtime_ns = mtime_of(st);
    if (c.size > max_bytes) {
      c.problem = FileStatus::kSkipped;
      c.reason = "too large (" + std::to_string(c.size) + " bytes; the limit is " + std::to_string(max_bytes) + ")";
    }
  }
}

class Walker {
public:
  Walker(const IndexOptions &options, fs::path db) : options_(options), db_(std::move(db)) {}

  void add_root(const fs::path &root, WalkResult &result) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(root, ec);
    if (ec || !fs::exists(st)) {
      root_.clear();
      root_name_.clear();
      add(result, root, root.generic_string(), FileStatus::kFailed,
          ec ? "cannot access: " + ec.message() : "no such file or folder");
      if (!ec || ec == std::errc::no_such_file_or_directory) { // gone: removed if the index holds it
        std::error_code abs_ec;
        const fs::path absolute = fs::weakly_canonical(fs::absolute(root), abs_ec);
        if (!abs_ec) result.candidates.back().missing = absolute.string();
      }
      return;
    }
    const fs::path absolute = fs::weakly_canonical(fs::absolute(root), ec);
    const fs::file_status target = fs::status(root, ec);
    if (fs::is_directory(target)) {
      set_root(absolute);
      result.roots.push_back(root_);
      walk(root, fs::path(), result);
    } else {
      // A file given by name is stored under its name, as if its folder had been given.
      set_root(absolute.parent_path());
      add(result, root, root.filename().generic_string(), FileStatus::kIndexed, {});
      result.candidates.back().named = true;
    }
  }

private:
  void set_root(const fs::path &folder) {
    root_ = folder.string();
    root_name_ = folder.filename().string();
  }

  void add(WalkResult &result, const fs::path &path, const std::string &rel, FileStatus problem, std::string reason) {
    Candidate c;
    c.path = path.native();
    c.root = root_;
    c.root_name = root_name_;
    c.rel = rel;
    c.problem = problem;
    c.reason = std::move(reason);
    if (problem == FileStatus::kIndexed) probe(c, options_.max_file_bytes);
    result.candidates.push_back(std::move(c));
  }

  void walk(const fs::path &dir, const fs::path &rel, WalkResult &result) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!ec) {
      if (canonical == db_) return; // never index the database itself
      if (!visited_.insert(canonical.string()).second) {
        add(result, dir, rel.generic_string(), FileStatus::kSkipped, "symbolic link loop (folder already visited)");
        return;
      }
    }
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      add(result, dir, rel.empty() ? dir.generic_string() : rel.generic_string(), FileStatus::kFailed,
          "cannot list folder: " + ec.message());
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto &a, const auto &b) { return a.path().filename() < b.path().filename(); });
    for (const fs::directory_entry &e : entries) {
      const std::string name = e.path().filename().string();
      if (!options_.include_hidden && name.starts_with(".")) continue;
      const fs::path child_rel = rel / e.path().filename();
      std::error_code sec;
      const bool is_link = e.is_symlink(sec);
      if (is_link && !options_.follow_symlinks) {
        add(result, e.path(), child_rel.generic_string(), FileStatus::kSkipped,
            "symbolic link (not followed; use --follow-symlinks)");
        continue;
      }
      // The type the folder listing gave (no stat), but for a link followed or a file system that
      // gives none: then directory_entry stats (a stat per file was a tenth of a rescan of 105,680).
      const bool is_dir = e.is_directory(sec);
      const bool is_file = !sec && !is_dir && e.is_regular_file(sec);
      if (sec) {
        add(result, e.path(), child_rel.generic_string(), FileStatus::kFailed, "cannot access: " + sec.message());
      } else if (is_dir) {
        walk(e.path(), child_rel, result);
      } else if (is_file) {
        if (wanted_extension(e.path())) {
          add(result, e.path(), child_rel.generic_string(), FileStatus::kIndexed, {});
        } else {
          ++result.ignored;
        }
      } else {
        add(result, e.path(), child_rel.generic_string(), FileStatus::kSkipped, "not a regular file");
      }
    }
  }

  bool wanted_extension(const fs::path &p) const {
    if (options_.extensions.empty()) return true;
    std::string ext = p.extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    for (char &c : ext)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return std::find(options_.extensions.begin(), options_.extensions.end(), ext) != options_.extensions.end();
  }

  const IndexOptions &options_;
  fs::path db_;
  std::string root_, root_name_;
  std::set<std::string> visited_;
};

} // namespace

WalkResult walk_paths(const std::vector<fs::path> &paths, const IndexOptions &options, const fs::path &db) {
  std::error_code ec;
  Walker walker(options, fs::weakly_canonical(fs::absolute(db), ec));
  WalkResult result;
  for (const fs::path &p : paths)
    walker.add_root(p, result);
  return result;
}

} // namespace parasearch::detail
