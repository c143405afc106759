// Private: opening an index for reading while a writer may be swapping its bucket databases.
// The writer either builds a new bucket, rewrites the stub file (atomic rename) and deletes the old
// one, or writes a small change into a live bucket and then rewrites the stub unchanged. So a reader
// must (1) retry an open that raced with a swap, and (2) notice a new stub to see new data (Xapian's
// DatabaseModifiedError never fires for a replaced database, and a reader keeps the revision it opened).
#pragma once

#include <xapian.h>

#include <ctime>
#include <filesystem>
#include <sys/types.h>

namespace parasearch::detail {

/// Identity of an index's stub file; it changes whenever the writer installs a bucket.
struct StubStamp {
  ino_t inode = 0;
  off_t size = 0;
  std::timespec mtime{};
  /// True if both stamps name the same stub.
  bool operator==(const StubStamp &o) const {
    return inode == o.inode && size == o.size && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};

/// The current stamp of the stub in index directory `dir`, or of `dir` itself if it is a stub file
/// (a shard set); all zero if it cannot be read.
StubStamp stub_stamp(const std::filesystem::path &dir);

/// Opens index directory `dir` as one database, retrying briefly when a bucket it lists was swapped out
/// between reading the stub and opening the bucket. Throws the last Xapian::Error if it keeps failing.
Xapian::Database open_index_database(const std::filesystem::path &dir);

} // namespace parasearch::detail
