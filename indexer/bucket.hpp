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
};

/// The event of a file kept as the index has it (unchanged, or failed now but kept): kUnchanged, or
/// kSkipped / kEmpty / kFailed as it was, so a re-run reports what the first run did.
FileEvent kept_event(const Item &item);

/// Rebuilds `bucket` from `old_path` (its live database, or empty) and the files to read, into a new
/// compacted database, and returns its folder (not yet synced or installed). Throws DatabaseError.
std::filesystem::path rebuild_bucket(BucketPlan &bucket, const std::filesystem::path &old_path,
                                     const BuildContext &context, const ReportFn &report);

/// For a bucket whose only work is kCheck items: true if they all have their stored content hash (their
/// new times are then recorded in `live`, a small commit); false if any changed (rebuild it).
bool record_touched(BucketPlan &bucket, const std::filesystem::path &live, std::uintmax_t max_file_bytes);

} // namespace parasearch::detail
