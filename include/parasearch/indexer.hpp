// Building a paragraph index: walk files and folders, split each file into paragraphs, and write
// one Xapian document per paragraph.
#pragma once

#include "parasearch/paragraphs.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace parasearch {

/// Options of an Indexer. Each default is the one the parasearch-index tool uses.
struct IndexOptions {
  std::filesystem::path db;        ///< Database directory; created if missing. Required.
  std::string language;            ///< Stemming language; empty = the index's own, or "english" for a new index.
  std::size_t commit_every = 5000; ///< Paragraphs per commit; a crash loses at most this much work.
  std::uintmax_t max_file_bytes = std::uintmax_t{512} << 20; ///< Larger files are skipped with a reason.
  bool follow_symlinks = false; ///< Follow symbolic links to files and folders (loops are detected).
  bool include_hidden = false;  ///< Also index files and folders whose names start with '.'.
  /// File name extensions (lowercase, no dot) read when walking folders; empty = every file.
  /// Files named directly are always read.
  std::vector<std::string> extensions = {"txt", "text"};
  SplitOptions split; ///< How files are split into paragraphs.
};

/// What happened to one file.
enum class FileStatus {
  kIndexed, ///< Its paragraphs are in the index.
  kEmpty,   ///< Read fine but holds no paragraphs (empty, or no prose); nothing indexed.
  kSkipped, ///< Deliberately not indexed (binary, not a regular file, too large, symlink); reason says why.
  kFailed,  ///< Could not be read (permission, vanished, I/O error); reason says why.
};

/// A report on one file, passed to the indexer's callback as each file is done.
struct FileEvent {
  std::string path; ///< Path as stored (relative to the folder given), or as given for failures.
  FileStatus status = FileStatus::kIndexed;
  std::string reason;         ///< Why it was skipped or failed; empty otherwise.
  std::size_t paragraphs = 0; ///< Paragraphs indexed from it.
  std::uintmax_t bytes = 0;   ///< Its size in bytes.
  std::size_t done = 0;       ///< Files processed so far, this one included.
  std::size_t total = 0;      ///< Files found in this run.
};

/// Totals of one indexing run.
struct IndexSummary {
  std::size_t files = 0;            ///< Files considered.
  std::size_t indexed = 0;          ///< Files whose paragraphs were indexed.
  std::size_t empty = 0;            ///< Files with no paragraphs.
  std::size_t skipped = 0;          ///< Files skipped on purpose (binary, special, too large).
  std::size_t failed = 0;           ///< Files that could not be read.
  std::size_t ignored = 0;          ///< Files in the folders whose extension is not indexed (not in `files`).
  std::size_t paragraphs = 0;       ///< Paragraphs written this run.
  std::uintmax_t bytes = 0;         ///< Bytes of text read.
  std::size_t total_paragraphs = 0; ///< Paragraphs in the whole index after the run.
  double seconds = 0;               ///< Wall time.
};

/// Writes paragraphs into a parasearch index. Holds the database's write lock while it lives.
class Indexer {
public:
  /// Opens or creates the index; throws IndexBusyError if another writer holds it, UsageError for a
  /// language that differs from the index's, DatabaseError otherwise.
  explicit Indexer(IndexOptions options);
  /// Releases the lock. Uncommitted work is discarded: call commit() first.
  ~Indexer();
  Indexer(const Indexer &) = delete;
  Indexer &operator=(const Indexer &) = delete;

  /// Indexes files and folders (recursively), reporting each file through `on_file`; commits at the end.
  /// A file's path is stored relative to the folder given, or as its name when a file is given.
  IndexSummary index_paths(const std::vector<std::filesystem::path> &paths,
                           const std::function<void(const FileEvent &)> &on_file = {});

  /// Indexes one document from memory under `path`, replacing any earlier version; returns its paragraph count.
  std::size_t add_text(const std::string &path, std::string_view bytes);

  /// Makes everything written so far durable; throws DatabaseError (e.g. disk full), keeping the last commit.
  void commit();

  /// The stemming language of this index.
  const std::string &language() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch
