// Building a paragraph index: walk files and folders, split each file into paragraphs, and write
// one Xapian document per paragraph.
#pragma once

#include "parasearch/extract.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parasearch {

/// Options of an Indexer. Each default is the one the parasearch-index tool uses.
struct IndexOptions {
  std::filesystem::path db; ///< Index directory; created if missing. Required.
  /// Stemming language of a new index (a Snowball name or code, "none", or "auto": each document and
  /// paragraph in its own detected language, see parasearch/language.hpp); empty = "english". Fixed once created.
  std::string language;
  std::optional<std::string>
      path_fields;      ///< Path-field pattern (see pathfields.hpp) of a new index; fixed once created.
  unsigned buckets = 0; ///< Buckets of a new index (0 = default_buckets()); fixed once created.
  /// With `shards` > 0: the index is shard `shard` (0 .. shards-1) of a sharded index and keeps only
  /// the files whose stored path hashes to it (docs/ARCHITECTURE.md, "Shards"); fixed once created,
  /// and later runs keep it (0 = as the index was created).
  unsigned shard = 0;
  unsigned shards = 0; ///< See `shard`.
  bool full = false;   ///< Rebuild from scratch (language, buckets, path fields may change), beside the old index.
  /// Also rebuild (compact) every bucket that runs have updated in place since it was last built whole,
  /// so its docids are those of a fresh build. Without it, a bucket is rebuilt only when over half its
  /// docids are deleted or a run changes over a quarter of its bytes.
  bool merge = false;
  unsigned jobs = 0;               ///< Writer threads; 0 = one per core. Results never depend on it.
  std::size_t commit_every = 1000; ///< Documents a bucket writer buffers before flushing them (1,000 was fastest).
  /// A bucket is built as databases of about this many paragraphs (whole files), merged when it is
  /// compacted, so a flush never writes into a database larger than that (10,000: 41 % fewer bytes
  /// written than 40,000, docs/PERFORMANCE.md §6). Results never depend on it.
  std::size_t segment_paragraphs = 10000;
  /// At most this many databases are merged at once; a bucket of more segments is merged in levels (0 =
  /// as many as the open-file limit allows the writer threads, from 2 to 256). Results never depend on it.
  std::size_t merge_fan_in = 0;
  /// Plan a run of files given by name from every file's state, as a folder run does, instead of
  /// reading only the states those files can have (for tests: both must give the same index).
  bool plan_from_all_states = false;
  std::uintmax_t max_file_bytes = std::uintmax_t{512} << 20; ///< Larger files are skipped with a reason.
  bool follow_symlinks = false; ///< Follow symbolic links to files and folders (loops are detected).
  bool include_hidden = false;  ///< Also index files and folders whose names start with '.'.
  /// File name extensions (lowercase, no dot) read when walking folders; empty = every file.
  /// Files named directly are always read.
  std::vector<std::string> extensions = {"txt", "text", "pdf", "html", "htm", "xhtml", "docx", "odt"};
  ExtractOptions extract; ///< How files are read and split into paragraphs.
};

/// What happened to one file.
enum class FileStatus {
  kIndexed,   ///< New or changed: its paragraphs were (re)written. FileEvent::updated tells which.
  kUnchanged, ///< Same size and time, or same content, as when last indexed: nothing to do.
  kRemoved,   ///< Indexed before but gone from its folder: its paragraphs were deleted.
  kEmpty,     ///< Read fine but holds no paragraphs (empty, or no prose); nothing indexed.
  kSkipped,   ///< Deliberately not indexed (binary, not a regular file, too large, symlink); reason says why.
  kFailed,    ///< Could not be read (permission, vanished, I/O error); reason says why.
};

/// A report on one file, passed to the indexer's callback as each file is done.
struct FileEvent {
  std::string path; ///< Path as stored (relative to the folder given), or as given for failures.
  FileStatus status = FileStatus::kIndexed;
  std::string reason;         ///< Why it was skipped or failed; empty otherwise.
  bool updated = false;       ///< kIndexed: it was in the index before (changed) rather than new.
  std::size_t paragraphs = 0; ///< Paragraphs indexed from it.
  std::uintmax_t bytes = 0;   ///< Bytes of it read and indexed in this run (0 if not re-read).
  std::string encoding{};     ///< kIndexed/kEmpty: the text encoding detected (DecodedText::encoding).
  std::size_t done = 0;       ///< Events reported so far, this one included (1 .. total).
  std::size_t total = 0;      ///< Events this run reports: the files found, plus those found removed.
};

/// Totals of one indexing run.
struct IndexSummary {
  std::size_t files = 0;            ///< Files considered (found in the paths, plus documents added from memory).
  std::size_t added = 0;            ///< New files indexed.
  std::size_t updated = 0;          ///< Changed files re-indexed.
  std::size_t unchanged = 0;        ///< Files skipped because they had not changed.
  std::size_t removed = 0;          ///< Files gone from their folder whose paragraphs were deleted.
  std::size_t empty = 0;            ///< Files with no paragraphs.
  std::size_t skipped = 0;          ///< Files skipped on purpose (binary, special, too large).
  std::size_t failed = 0;           ///< Files that could not be read (their earlier paragraphs are kept).
  std::size_t ignored = 0;          ///< Files in the folders whose extension is not indexed (not in `files`).
  std::size_t paragraphs = 0;       ///< Paragraphs of the added and updated files.
  std::uintmax_t bytes = 0;         ///< Bytes of text read and indexed.
  std::size_t buckets_rebuilt = 0;  ///< Bucket databases rewritten whole.
  std::size_t buckets_updated = 0;  ///< Bucket databases whose changes were written in place.
  std::size_t total_paragraphs = 0; ///< Paragraphs in the whole index after the run.
  /// File states read from the index to plan the run: every file's, except in a run of files given by
  /// name, which reads only the states those files can have (so it costs the same in any size of index).
  std::size_t states_read = 0;
  double seconds = 0; ///< Wall time.
  /// Wall time of writing the buckets (reading the files to write included), the rest of `seconds` being
  /// the walk and the plan: finding what changed, which grows with the number of files named or walked.
  double write_seconds = 0;
  /// Segment databases the rebuilt buckets were written as (a bucket is written in segments of
  /// IndexOptions::segment_paragraphs, then merged into one compacted database).
  std::size_t segments_merged = 0;
  /// Cpu time of those merges, summed over the rebuilt buckets: part of `write_seconds`, and the one
  /// part whose cost per paragraph grows with a bucket's size (a merge of k segments is a k-way merge).
  double merge_cpu_seconds = 0;
  /// Files whose paragraphs were written (added + updated).
  std::size_t indexed() const { return added + updated; }
};

/// Writes a parasearch index. Holds the index's writer lock while it lives.
///
/// The index is a directory of bucket databases; each file belongs to bucket hash(path) % buckets.
/// A run re-reads only new and changed files; a bucket with any change is rebuilt (unchanged files
/// from their stored text) and swapped in atomically, so a crash at any moment leaves every bucket
/// either as it was or fully updated, and the result never depends on the number of jobs.
class Indexer {
public:
  /// Opens or creates the index; throws IndexBusyError if another writer holds it, UsageError for
  /// settings that conflict with the index's own (without `full`), DatabaseError otherwise.
  explicit Indexer(IndexOptions options);
  /// Releases the lock. Documents added with add_text() but not committed are dropped.
  ~Indexer();
  Indexer(const Indexer &) = delete;
  Indexer &operator=(const Indexer &) = delete;

  /// Indexes files and folders (recursively), reporting each file through `on_file` (called from
  /// worker threads, one call at a time), then commits. Files recorded under a given folder that are
  /// no longer there are removed. A file's path is stored relative to the folder given, or as its
  /// name when the file itself is given; when another folder has the same relative path, with the
  /// folder's name in front (README, "Paths"). A new index or `full` switches in at the very end.
  IndexSummary index_paths(const std::vector<std::filesystem::path> &paths,
                           const std::function<void(const FileEvent &)> &on_file = {});

  /// Stages one document from memory under `path` (replacing any earlier version); commit() writes it.
  void add_text(const std::string &path, std::string_view bytes);

  /// Stages one record with an explicit title (e.g. from JSON Lines); its text is split into
  /// paragraphs without title detection. Unchanged records (same title and text) are not rewritten.
  void add_record(const std::string &path, const std::string &title, std::string_view text);

  /// Writes everything staged with add_text(); throws DatabaseError (e.g. disk full), keeping what was there.
  IndexSummary commit(const std::function<void(const FileEvent &)> &on_file = {});

  /// The stemming language of this index.
  const std::string &language() const;
  /// The path-field pattern of this index ("" for none).
  const std::string &path_fields() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// How many buckets a new index gets when IndexOptions::buckets is 0: one per core, from 1 to
/// schema::kMaxDefaultBuckets. Each bucket is another B-tree that a search looks every term up in, so
/// fewer are faster to search (on 2 cores, 2 buckets against 8: query p50 0.86x on one thread, 0.81x on
/// two; docs/PERFORMANCE.md §5), while a build writes at most one bucket per writer thread.
unsigned default_buckets();

/// `summary` of a run on the index at `db` as one JSON object on one line (parasearch-index --json): db,
/// language, path_fields, then files, indexed and every other count of IndexSummary, and seconds.
std::string summary_json(const IndexSummary &summary, const std::filesystem::path &db, const std::string &language,
                         const std::string &path_fields);

} // namespace parasearch
