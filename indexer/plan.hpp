// Private: the plan of an indexing run, a pure function of what the walk found, what the index
// stores about each file, and the documents staged from memory. No database, no file system: the
// unit tests run it on plain values.
#pragma once

#include "index/record.hpp"
#include "indexer/walk.hpp"
#include "parasearch/indexer.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// One file of a bucket, and what to do with it.
struct Item {
  std::string stored;                ///< Path as stored and shown.
  std::string source;                ///< On disk; empty for in-memory documents and files kept from elsewhere.
  std::string root;                  ///< Its FileState::root.
  std::optional<std::string> memory; ///< Bytes of an in-memory document.
  std::optional<std::string> title;  ///< A title given with an in-memory document (no title detection).
  std::optional<FileState> old;      ///< What the index stores about it, if anything.
  enum Action { kKeep, kCheck, kRead } action = kRead; ///< Keep as stored, compare content hashes, or (re)read.
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  FileStatus problem = FileStatus::kIndexed; ///< A walk problem (kSkipped/kFailed), or kIndexed.
  std::string reason;                        ///< Why, with `problem`.
  /// True if this run was asked about it (found by the walk or staged), so it is reported.
  bool reportable() const { return !source.empty() || memory.has_value(); }
};

/// One bucket's share of the run.
struct BucketPlan {
  unsigned index = 0;
  std::vector<Item> items;     ///< Sorted by stored path.
  bool rebuild = false;        ///< Something new, changed or removed: write it (in place or rebuilt).
  std::vector<FileState> gone; ///< Files removed from it (their stored states).
  /// True if `items` and `gone` hold every file of the bucket (a plan from every file's state); false
  /// for a plan of files given by name, which holds only those.
  bool complete = true;
  /// The bytes of the bucket's files that are not in `items` or `gone` (0 when complete).
  std::uintmax_t untracked_bytes = 0;
  /// True if it must be written or its touched files' content hashes checked.
  bool needs_work() const;
  /// True if writing only its changes in place costs less than rebuilding it: the bytes of the files
  /// to (re)read and to remove are at most a quarter of the bucket's (by the stored sizes, with
  /// `untracked_bytes`).
  bool small_change() const;
};

/// The plan of a run.
struct Plan {
  std::vector<BucketPlan> buckets; ///< One per bucket, in bucket order.
  std::vector<FileEvent> events;   ///< Files settled by planning (walk problems, duplicates, removals), in order.
};

/// A document staged from memory (Indexer::add_text / add_record).
struct Staged {
  std::string id;                   ///< Its path as stored.
  std::string bytes;                ///< Its text.
  std::optional<std::string> title; ///< A title given with it (no title detection).
};

/// A folder walked in this run, as identities: the files of `root` whose relative path lies in `sub`.
struct Scope {
  std::string root; ///< A FileState::root: the folder walked, or a recorded root it lies in.
  std::string sub;  ///< The folder walked, relative to `root` (generic form); "" for the whole root.
};

/// The relative paths under `st.root` that its stored path can stand for (stored_paths' three forms):
/// the stored path itself, and the stored path without a leading `root_name/` or absolute-root prefix.
std::vector<std::string> readings(const FileState &st);

/// Gives each candidate that lies inside a recorded root (a FileState::root that is a proper ancestor
/// of the path given, or of the folder walked) that root's identity: root = the recorded root, rel =
/// its path under it, so the file keeps its stored path. Of several such roots, the innermost one
/// that already holds the file (for a folder: a file in it) wins, else the innermost. A file given by
/// name that is gone from disk (Candidate::missing) and that a recorded root holds takes its identity
/// with problem kRemoved: make_plan removes it. The recorded roots are those of `states` and
/// `more_roots` (for a plan that holds only some states). Returns one Scope per folder in `walked`
/// (the walk's roots), for make_plan's removals.
std::vector<Scope> adopt_recorded_roots(std::vector<Candidate> &candidates, const std::vector<std::string> &walked,
                                        const std::vector<FileState> &states,
                                        const std::vector<std::string> &more_roots = {});

/// The stored paths under which the index may hold a file at the absolute path `path`: for each
/// folder above it, the three forms stored_paths gives a file of that root (rel, root_name/rel,
/// root without its leading '/' + "/" + rel). A run of files given by name reads only these states.
std::vector<std::string> stored_forms(const std::string &path);

/// The absolute paths whose existence make_plan needs (its `present`): for a recorded file whose
/// stored path reads both as inside and as outside a walked subfolder, its places outside.
std::vector<std::string> paths_to_probe(const std::vector<FileState> &states, const std::vector<Scope> &scopes);

/// The content hash of a document: its bytes, and its title when one was given with it.
std::uint64_t content_hash(std::string_view bytes, const std::optional<std::string> &title);

/// The stored path for each candidate (same order). A file keeps the path the index already has for
/// its identity (root, rel); a new file gets `rel`, unless another root has the same `rel` in this
/// run or in the index: then `root_name/rel` (or, if that is taken too, the root's absolute path + rel).
std::vector<std::string> stored_paths(const std::vector<Candidate> &candidates, const std::vector<FileState> &states);

/// Classifies every candidate and staged document against the stored `states` into `buckets`
/// bucket plans. `scopes` are the folders walked: their recorded files not found now are removed (a
/// file whose stored path can be read as inside and as outside a scope is kept if it exists outside,
/// that is if `present` holds one of the paths_to_probe for it).
Plan make_plan(std::vector<Candidate> candidates, std::vector<Staged> staged, const std::vector<FileState> &states,
               const std::vector<Scope> &scopes, unsigned buckets, const std::set<std::string> &present = {});

} // namespace parasearch::detail
