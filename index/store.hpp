// Private: the index directory. It holds the config file, the lock, and one compacted Xapian
// database per bucket, listed in a Xapian stub file that is replaced atomically when a bucket is
// rebuilt. Readers open the directory as one database; a crash leaves the last installed buckets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Settings of an index, stored in its config file and in every bucket's metadata.
struct IndexConfig {
  int schema = 0;
  std::string language;
  unsigned buckets = 0;
  std::string path_fields; ///< Path-field pattern text, or "".
};

/// Exclusive, crash-safe access to an index directory for one writer.
class IndexDir {
public:
  /// Opens `dir` for writing, creating it if missing; takes the writer lock (IndexBusyError if held)
  /// and removes leftovers of an interrupted run.
  explicit IndexDir(std::filesystem::path dir);
  ~IndexDir();
  IndexDir(const IndexDir &) = delete;
  IndexDir &operator=(const IndexDir &) = delete;

  /// The directory.
  const std::filesystem::path &path() const { return dir_; }
  /// True if the directory has a config file (i.e. was initialised before).
  bool has_config() const { return has_config_; }
  /// The current config (empty if !has_config()).
  const IndexConfig &config() const { return config_; }
  /// Replaces the config and empties the bucket list, atomically (used for a new or rebuilt index).
  void reset(const IndexConfig &config);

  /// Directory of bucket `b`'s live database, or empty if the bucket has none yet.
  std::filesystem::path bucket_path(unsigned b) const;
  /// A fresh directory path for building a database (not created).
  std::filesystem::path new_build_path(const std::string &kind, unsigned b);
  /// Makes `built` the live database of bucket `b` (atomic stub replace), then deletes the old one.
  void install(unsigned b, const std::filesystem::path &built);

private:
  void write_stub_locked();
  std::filesystem::path dir_;
  int lock_fd_ = -1;
  bool has_config_ = false;
  IndexConfig config_;
  std::vector<std::string> live_; // bucket -> directory name ("" = none)
  std::mutex mutex_;
};

/// Writes `content` to `path` atomically (temp file, fsync, rename, fsync of the directory).
void write_file_atomically(const std::filesystem::path &path, const std::string &content);

/// fsyncs every regular file in `dir`, then `dir` itself.
void sync_directory(const std::filesystem::path &dir);

/// Reads an index's config file; throws DatabaseError if `dir` is not a parasearch index.
IndexConfig read_config(const std::filesystem::path &dir);

} // namespace parasearch::detail
