// Private: the bucket builder. Writes one bucket's planned files into a new compacted database
// (unchanged files from their stored text), or records new times of touched-but-unchanged files.
#pragma once

#include "index/store.hpp"
#include "indexer/plan.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/pathfields.hpp"

#include <filesystem>
#include <functional>

namespace parasearch::detail {

/// Reports one file's outcome, with the bytes of text read from it (called from worker threads).
using ReportFn = std::function<void(FileEvent &, std::uintmax_t)>;

/// What every bucket build of a run shares.
struct BuildContext {
  IndexDir &dir;               ///< Where build folders are made.
  const IndexConfig &config;   ///< Language and settings the buckets are built with.
  const PathPattern &pattern;  ///< Path fields of each stored path.
  const IndexOptions &options; ///< Size limit, split options, commit interval.
  std::size_t merge_fan_in;    ///< Databases one merge may open (merge_fan_in()).
};

/// How many databases one merge may open: `requested` if not 0 (at least 2), else as many as the
/// open-file limit (RLIMIT_NOFILE) leaves each of `writers` threads, from 2 to 256.
std::size_t merge_fan_in(std::size_t requested, unsigned writers);

/// The event of a file kept as the index has it (unchanged, or failed now but kept): kUnchanged, or
/// kSkipped / kEmpty / kFailed as it was, so a re-run reports what the first run did.
FileEvent kept_event(const Item &item);

/// A bucket database written whole by rebuild_bucket.
struct BuiltBucket {
  std::filesystem::path path;   ///< Its folder: compacted, not yet synced or installed.
  std::size_t segments = 0;     ///< Segment databases it was written as, merged by the compaction.
  double merge_cpu_seconds = 0; ///< Cpu time of the writing thread in that compaction.
};

/// Rebuilds `bucket` from `old_path` (its live database, or empty) and the files to read, into a new
/// compacted database, and returns it (not yet synced or installed). Throws DatabaseError.
BuiltBucket rebuild_bucket(BucketPlan &bucket, const std::filesystem::path &old_path, const BuildContext &context,
                           const ReportFn &report);

/// True if `bucket`'s changes are better written into its live database `live` in place than by a
/// rebuild: a small change (BucketPlan::small_change) to a database of which at most half the docids
/// have been deleted (more, and a rebuild compacts it: the automatic merge).
bool worth_updating_in_place(const BucketPlan &bucket, const std::filesystem::path &live);

/// True if the bucket database at `live` has been updated in place since it was last built whole.
bool updated_in_place(const std::filesystem::path &live);

/// True if the bucket database at `live` has root tallies (schema::kMetaRootTallies).
bool has_tallies(const std::filesystem::path &live);

/// Checks a bucket's root tallies against its file states: "" if they agree or it has none, else the
/// problem in plain words. Throws Xapian::Error if the bucket cannot be read.
std::string check_tallies(const std::filesystem::path &bucket);

/// Writes `bucket`'s changes into its live database `live` in place: deletes the paragraphs of
/// removed and changed files, adds the changed and new files' paragraphs (consecutive docids, in
/// path order), records their states, and commits at file boundaries only, so a kill leaves each file
/// old or new. Reports every item like rebuild_bucket. Throws DatabaseError.
void update_bucket(BucketPlan &bucket, const std::filesystem::path &live, const BuildContext &context,
                   const ReportFn &report);

/// What a run of files given by name reads from the live buckets instead of every file's state.
struct NamedStates {
  std::vector<FileState> states;            ///< The states stored under the paths asked for.
  std::vector<std::string> roots;           ///< Every root folder the index records.
  std::vector<std::uintmax_t> bucket_bytes; ///< Per bucket, the bytes of its files (by the stored sizes).
};

/// Reads the states stored under any of `paths` (stored paths) and the root tallies of the `buckets`
/// live buckets of `dir`; nullopt if a bucket does not exist or has no tallies (built before them).
/// Throws DatabaseError if a bucket cannot be read.
std::optional<NamedStates> read_named_states(const IndexDir &dir, unsigned buckets,
                                             const std::vector<std::string> &paths);

/// For a bucket whose only work is kCheck items: true if they all have their stored content hash (their
/// new times are then recorded in `live`, a small commit); false if any changed (rebuild it).
bool record_touched(BucketPlan &bucket, const std::filesystem::path &live, std::uintmax_t max_file_bytes);

} // namespace parasearch::detail
