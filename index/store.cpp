#include "index/store.hpp"

#include "common/failpoint.hpp"
#include "common/hash.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"

#include <algorithm>
#include <cctype>
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

// True if `name` is a database folder an indexer makes: "b" or "tmp", 3 digits, "-", 8 hex digits.
bool is_build_name(const std::string &name) {
  const std::size_t k = name.starts_with("tmp") ? 3 : name.starts_with("b") ? 1 : 0;
  if (k == 0 || name.size() != k + 12 || name[k + 3] != '-') return false;
  for (std::size_t i = k; i < name.size(); ++i)
    if (i != k + 3 && !(i < k + 3 ? std::isdigit(static_cast<unsigned char>(name[i]))
                                  : std::isxdigit(static_cast<unsigned char>(name[i]))))
      return false;
  return true;
}

// What a stub file holds: the settings (if any) and the bucket database folders it lists.
struct Stub {
  bool exists = false;
  bool has_config = false;
  IndexConfig config;
  std::vector<std::string> buckets;
};

Stub read_stub(const fs::path &dir) {
  Stub stub;
  std::ifstream in(dir / schema::kStubFile);
  if (!in) return stub;
  stub.exists = true;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(schema::kStubConfigPrefix)) {
      stub.has_config = true;
      apply_setting(stub.config, line.substr(schema::kStubConfigPrefix.size()), dir);
    } else if (const auto space = line.find(' '); !line.starts_with("#") && space != std::string::npos) {
      stub.buckets.push_back(line.substr(space + 1)); // "glass bNNN-XXXXXXXX"
    }
  }
  return stub;
}

} // namespace

void apply_setting(IndexConfig &c, const std::string &setting, const fs::path &where) {
  const auto eq = setting.find('=');
  if (eq == std::string::npos) return;
  const std::string key = setting.substr(0, eq), value = setting.substr(eq + 1);
  try {
    if (key == "schema") c.schema = std::stoi(value);
    if (key == "buckets") c.buckets = static_cast<unsigned>(std::stoul(value));
    if (key == "shard") { // "I/N"
      const auto slash = value.find('/');
      if (slash == std::string::npos) throw std::invalid_argument(value);
      c.shard = static_cast<unsigned>(std::stoul(value.substr(0, slash)));
      c.shards = static_cast<unsigned>(std::stoul(value.substr(slash + 1)));
      if (c.shards == 0 || c.shard >= c.shards) throw std::invalid_argument(value);
    }
  } catch (const std::exception &) {
    throw DatabaseError("index '" + where.string() + "' has a damaged setting: " + setting);
  }
  if (key == "language") c.language = value;
  if (key == "path-fields") c.path_fields = value;
}

bool is_shard_set_stub(const fs::path &stub_file) {
  std::ifstream in(stub_file);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("remote ") || line.starts_with("auto ")) return true;
  return false;
}

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

std::string stub_text(const IndexConfig &c, const std::vector<std::string> &buckets) {
  const std::string p(schema::kStubConfigPrefix);
  std::string out = p + "schema=" + std::to_string(c.schema) + "\n" + p + "language=" + c.language + "\n" + p +
                    "buckets=" + std::to_string(c.buckets) + "\n" + p + "path-fields=" + c.path_fields + "\n";
  if (c.shards != 0) out += p + "shard=" + std::to_string(c.shard) + "/" + std::to_string(c.shards) + "\n";
  for (const auto &name : buckets)
    if (!name.empty()) out += "glass " + name + "\n";
  return out;
}

std::vector<std::string> listed_buckets(const fs::path &dir) { return read_stub(dir).buckets; }

bool only_creation_leftovers(const fs::path &dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool ours = name == schema::kLockFile || name == std::string(schema::kStubFile) + ".tmp" ||
                      name == std::string(schema::kConfigFile) + ".tmp" ||
                      (it->is_directory(ec) && is_build_name(name));
    if (!ours) return false;
  }
  return !ec && !fs::exists(dir / schema::kStubFile, ec) && !fs::exists(dir / schema::kConfigFile, ec);
}

IndexConfig read_config(const fs::path &dir) {
  const Stub stub = read_stub(dir);
  IndexConfig c = stub.config;
  if (!stub.has_config) { // an index written before the settings moved into the stub
    std::ifstream in(dir / schema::kConfigFile);
    if (!in)
      throw DatabaseError("'" + dir.string() + "' is not a parasearch index (no " + std::string(schema::kStubFile) +
                          " with its settings)");
    for (std::string line; std::getline(in, line);)
      apply_setting(c, line, dir);
  }
  if (c.schema != schema::kSchemaVersion)
    throw DatabaseError("index '" + dir.string() + "' has schema version " + std::to_string(c.schema) +
                        "; this parasearch reads version " + std::to_string(schema::kSchemaVersion) +
                        " (rebuild it with parasearch-index --full)");
  if (c.buckets == 0 || c.buckets > 256 || c.language.empty())
    throw DatabaseError("index '" + dir.string() + "' has damaged settings (rebuild it with parasearch-index --full)");
  return c;
}

IndexDir::IndexDir(fs::path dir, bool replacing) : dir_(std::move(dir)) {
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
  try {
    open_locked(replacing);
  } catch (...) {
    ::close(lock_fd_); // the destructor does not run for a constructor that throws
    lock_fd_ = -1;
    throw;
  }
}

void IndexDir::open_locked(bool replacing) {
  std::error_code ec;
  const Stub stub = read_stub(dir_);
  if (stub.exists && is_shard_set_stub(dir_ / schema::kStubFile))
    throw UsageError("'" + dir_.string() + "' is a shard set (its " + std::string(schema::kStubFile) +
                     " lists shards, not buckets): index each shard's own folder instead");
  if (!stub.exists && !fs::exists(dir_ / schema::kConfigFile)) {
    // No index yet. A folder holding only what an interrupted first creation leaves is taken over;
    // anything else is not ours.
    if (!only_creation_leftovers(dir_))
      throw UsageError("'" + dir_.string() + "' exists and is not a parasearch index; choose another --db");
  } else {
    try {
      config_ = read_config(dir_);
      has_config_ = true;
    } catch (const DatabaseError &) {
      if (!replacing) throw; // its message says to rebuild with --full
    }
    live_ = stub.buckets; // by position until the config says how many buckets there are
    if (has_config_) {
      live_.assign(config_.buckets, "");
      for (const std::string &name : stub.buckets)
        if (is_build_name(name) && name[0] == 'b') {
          const unsigned b = static_cast<unsigned>(std::stoul(name.substr(1, 3)));
          if (b < live_.size()) live_[b] = name;
        }
    }
  }
  // Remove what an interrupted run left: build folders and superseded buckets.
  for (const auto &e : fs::directory_iterator(dir_)) {
    const std::string name = e.path().filename().string();
    const bool live = std::find(live_.begin(), live_.end(), name) != live_.end();
    if (!live && e.is_directory() && is_build_name(name)) fs::remove_all(e.path(), ec);
  }
}

IndexDir::~IndexDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
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

void IndexDir::touch() {
  std::lock_guard lock(mutex_);
  write_stub_locked();
}

void IndexDir::replace_all(const IndexConfig &config, const std::vector<std::pair<unsigned, fs::path>> &built) {
  std::lock_guard lock(mutex_);
  const std::vector<std::string> old = live_;
  config_ = config;
  config_.schema = schema::kSchemaVersion;
  live_.assign(config_.buckets, "");
  for (const auto &[b, path] : built)
    live_.at(b) = path.filename().string();
  write_stub_locked(); // the switch: readers see the old index or the new one, never a mix
  has_config_ = true;
  std::error_code ec;
  for (const auto &name : old)
    if (!name.empty() && std::find(live_.begin(), live_.end(), name) == live_.end()) fs::remove_all(dir_ / name, ec);
}

void IndexDir::write_stub_locked() {
  write_file_atomically(dir_ / schema::kStubFile, stub_text(config_, live_));
  failpoint("after-stub-write");
  std::error_code ec;
  fs::remove(dir_ / schema::kConfigFile, ec); // the stub now carries the settings
}

} // namespace parasearch::detail
