#include "index/store.hpp"

#include "common/hash.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace parasearch::detail {
namespace {

[[noreturn]] void io_error(const std::string &what, const fs::path &p, int err) {
  throw DatabaseError(what + " '" + p.string() + "': " + std::strerror(err));
}

std::string config_text(const IndexConfig &c) {
  return "schema=" + std::to_string(c.schema) + "\nlanguage=" + c.language + "\nbuckets=" + std::to_string(c.buckets) +
         "\npath-fields=" + c.path_fields + "\n";
}

} // namespace

void write_file_atomically(const fs::path &path, const std::string &content) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) io_error("cannot write", tmp, errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      io_error("cannot write", tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    io_error("cannot sync", tmp, err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) io_error("cannot replace", path, errno);
  const int dfd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void sync_directory(const fs::path &dir) {
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) io_error("cannot sync", e.path(), err);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

IndexConfig read_config(const fs::path &dir) {
  std::ifstream in(dir / schema::kConfigFile);
  if (!in)
    throw DatabaseError("'" + dir.string() + "' is not a parasearch index (no " + std::string(schema::kConfigFile) +
                        ")");
  IndexConfig c;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    try {
      if (key == "schema") c.schema = std::stoi(value);
      if (key == "buckets") c.buckets = static_cast<unsigned>(std::stoul(value));
    } catch (const std::exception &) {
      throw DatabaseError("index '" + dir.string() + "' has a damaged config line: " + line);
    }
    if (key == "language") c.language = value;
    if (key == "path-fields") c.path_fields = value;
  }
  if (c.schema != schema::kSchemaVersion)
    throw DatabaseError("index '" + dir.string() + "' has schema version " + std::to_string(c.schema) +
                        "; this parasearch reads version " + std::to_string(schema::kSchemaVersion) +
                        " (rebuild it with parasearch-index --full)");
  if (c.buckets == 0 || c.buckets > 256 || c.language.empty())
    throw DatabaseError("index '" + dir.string() + "' has a damaged config file");
  return c;
}

IndexDir::IndexDir(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw DatabaseError("cannot create index directory '" + dir_.string() + "': " + ec.message());
  const fs::path lock = dir_ / schema::kLockFile;
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) io_error("cannot open lock file", lock, errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK)
      throw IndexBusyError("index is busy: another parasearch-index is writing to '" + dir_.string() +
                           "'; wait for it to finish");
    io_error("cannot lock", lock, err);
  }
  has_config_ = fs::exists(dir_ / schema::kConfigFile);
  if (!has_config_) {
    // A non-empty folder that is not an index is not ours to take over.
    for (const auto &e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (name != schema::kLockFile && name != std::string(schema::kConfigFile) + ".tmp")
        throw UsageError("'" + dir_.string() + "' exists and is not a parasearch index; choose another --db");
    }
    live_.clear();
    return;
  }
  config_ = read_config(dir_);
  live_.assign(config_.buckets, "");
  std::ifstream stub(dir_ / schema::kStubFile);
  for (std::string line; std::getline(stub, line);) {
    // "glass bNN-XXXXXXXX"
    const auto space = line.find(' ');
    const std::string name = space == std::string::npos ? line : line.substr(space + 1);
    if (name.size() > 4 && name[0] == 'b') {
      const unsigned b = static_cast<unsigned>(std::stoul(name.substr(1, 3)));
      if (b < live_.size()) live_[b] = name;
    }
  }
  // Remove what an interrupted run left: build folders and superseded buckets.
  for (const auto &e : fs::directory_iterator(dir_)) {
    if (!e.is_directory()) continue;
    const std::string name = e.path().filename().string();
    const bool live = std::find(live_.begin(), live_.end(), name) != live_.end();
    if (!live && (name.starts_with("tmp") || name.starts_with("b"))) fs::remove_all(e.path(), ec);
  }
}

IndexDir::~IndexDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void IndexDir::reset(const IndexConfig &config) {
  std::lock_guard lock(mutex_);
  config_ = config;
  config_.schema = schema::kSchemaVersion;
  const std::vector<std::string> old = live_;
  live_.assign(config_.buckets, "");
  write_stub_locked(); // first: readers now see an empty index, never a mix of old and new settings
  write_file_atomically(dir_ / schema::kConfigFile, config_text(config_));
  has_config_ = true;
  std::error_code ec;
  for (const auto &name : old)
    if (!name.empty()) fs::remove_all(dir_ / name, ec);
}

fs::path IndexDir::bucket_path(unsigned b) const {
  return b < live_.size() && !live_[b].empty() ? dir_ / live_[b] : fs::path();
}

fs::path IndexDir::new_build_path(const std::string &kind, unsigned b) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%s%03u-", kind.c_str(), b);
  return dir_ / (prefix + hex64(rng()).substr(0, 8));
}

void IndexDir::install(unsigned b, const fs::path &built) {
  std::lock_guard lock(mutex_);
  const std::string old = live_.at(b);
  live_[b] = built.filename().string();
  write_stub_locked();
  std::error_code ec;
  if (!old.empty() && old != live_[b]) fs::remove_all(dir_ / old, ec);
}

void IndexDir::write_stub_locked() {
  std::string stub;
  for (const auto &name : live_)
    if (!name.empty()) stub += "glass " + name + "\n";
  write_file_atomically(dir_ / schema::kStubFile, stub);
}

} // namespace parasearch::detail
