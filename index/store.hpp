// Private: the index directory. It holds the lock and one compacted Xapian database per bucket,
// listed in a Xapian stub file (XAPIANDB) whose `#` comment lines also hold the index config. The stub
// is replaced atomically (one rename) when buckets are installed, so config and buckets never
// disagree. Readers open the directory as one database; a crash leaves the last installed state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Settings of an index, stored in the comment lines of its stub file.
struct IndexConfig {
  int schema = 0;
  std::string language;
  unsigned buckets = 0;
  std::string path_fields; ///< Path-field pattern text, or "".
  unsigned shard = 0;      ///< This index is shard `shard` of `shards` (parasearch-index --shard I/N).
  unsigned shards = 0;     ///< 0 = not a shard: it holds every file it was given.
};

/// Exclusive, crash-safe access to an index directory for one writer.
class IndexDir {
public:
  /// Opens `dir` for writing, creating it if missing; takes the writer lock (IndexBusyError if held)
  /// and removes leftovers of an interrupted run (also of an interrupted first creation). With
  /// `replacing` (--full) an unreadable config is no error: the whole index is about to be replaced.
  explicit IndexDir(std::filesystem::path dir, bool replacing = false);
  ~IndexDir();
  IndexDir(const IndexDir &) = delete;
  IndexDir &operator=(const IndexDir &) = delete;

  /// The directory.
  const std::filesystem::path &path() const { return dir_; }
  /// True if the directory holds a readable index (a stub with its config).
  bool has_config() const { return has_config_; }
  /// The current config (empty if !has_config()).
  const IndexConfig &config() const { return config_; }

  /// Directory of bucket `b`'s live database, or empty if the bucket has none yet.
  std::filesystem::path bucket_path(unsigned b) const;
  /// A fresh directory path for building a database (not created).
  std::filesystem::path new_build_path(const std::string &kind, unsigned b);
  /// Makes `built` the live database of bucket `b` (atomic stub replace), then deletes the old one.
  void install(unsigned b, const std::filesystem::path &built);
  /// Rewrites the stub unchanged (a new file, atomically), so readers, which reopen when the stub
  /// changes, see buckets that were updated in place.
  void touch();
  /// Replaces the whole index in one stub rename: `config` with exactly the databases `built` (bucket
  /// -> folder; buckets not in it are empty), then deletes every old bucket. Used by --full and creation.
  void replace_all(const IndexConfig &config, const std::vector<std::pair<unsigned, std::filesystem::path>> &built);

private:
  void open_locked(bool replacing); // the constructor's work once the lock is held
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

/// True if `dir` holds nothing but what an interrupted first creation leaves (the lock, build
/// folders, a half-written stub): an index that has no settings and no bucket yet.
bool only_creation_leftovers(const std::filesystem::path &dir);

/// Reads an index's config (from its stub; an index written before the config moved there keeps it in
/// parasearch.conf, read as a fallback). The one entry point for reading the config. Throws
/// DatabaseError naming `dir` if it is not a readable parasearch index of this schema version.
IndexConfig read_config(const std::filesystem::path &dir);

/// True if the stub of `dir` lists shards (`remote HOST:PORT` or `auto PATH` lines) rather than
/// bucket databases: a shard set, searched with the Searcher but never written by an indexer.
bool is_shard_set_stub(const std::filesystem::path &stub_file);

/// Applies one `key=value` setting of a stub comment line to `c` (unknown keys are ignored); throws
/// DatabaseError naming `where` on a damaged number.
void apply_setting(IndexConfig &c, const std::string &setting, const std::filesystem::path &where);

/// The bucket database folder names the stub of the index at `dir` lists (none if it has no stub).
std::vector<std::string> listed_buckets(const std::filesystem::path &dir);

/// The stub file's text for `config` and the bucket database folder names `buckets` (empty = none).
std::string stub_text(const IndexConfig &config, const std::vector<std::string> &buckets);

} // namespace parasearch::detail
