// Private: finding the files to index. Walks files and folders (sorted, so runs are reproducible) and
// describes each file found, or why a path cannot be used, without reading any file's content.
#pragma once

#include "parasearch/indexer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace parasearch::detail {

/// A file found by the walk, or a path that could not be used (then `problem` and `reason` say why).
/// A file's identity is (root, rel).
struct Candidate {
  std::string path;          ///< As found on disk (a string: a std::filesystem::path copy allocates per component).
  std::string root;          ///< Absolute folder given (or, for a file given directly, its folder); "" if unknown.
  std::string root_name;     ///< Name of that folder (its last component), used to tell same `rel` paths apart.
  std::string rel;           ///< Path relative to `root`, generic form (a file given directly: its name).
  std::uint64_t size = 0;    ///< Size in bytes (regular files).
  std::int64_t mtime_ns = 0; ///< Modification time, ns since the epoch.
  FileStatus problem = FileStatus::kIndexed; ///< kSkipped or kFailed if the file cannot be used as it is.
  std::string reason;                        ///< Why, when `problem` is set.
  bool named = false; ///< Given by name (not found by walking a folder): its own path is what was given.
  /// Given by name but not on disk ("no such file or folder"): its absolute path, so that a file the index
  /// holds there is removed (adopt_recorded_roots); else empty.
  std::string missing;
};

/// What a walk found.
struct WalkResult {
  std::vector<Candidate> candidates; ///< In walk order.
  std::vector<std::string> roots;    ///< Absolute folders walked (their recorded files not found are removed).
  std::size_t ignored = 0;           ///< Files whose extension is not indexed.
};

/// Walks `paths` as IndexOptions says (extensions, hidden names, symbolic links, size limit), never
/// entering the index folder `db`. Stats and opens (without reading) each file, so an unreadable or
/// too large file is reported here and never makes a bucket rebuild.
WalkResult walk_paths(const std::vector<std::filesystem::path> &paths, const IndexOptions &options,
                      const std::filesystem::path &db);

/// Reads the regular file `path` whole into `out`; returns false and sets `status` (kSkipped or
/// kFailed) and `reason` if it is not a regular file, is over `max_bytes`, or cannot be read.
bool read_regular_file(const std::filesystem::path &path, std::uintmax_t max_bytes, std::string &out,
                       std::string &reason, FileStatus &status);

} // namespace parasearch::detail
