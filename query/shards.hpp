// Private: a shard set. Its stub (a file, or an index folder's XAPIANDB) lists shards, one per line:
// `remote HOST:PORT` (a stock xapian-tcpsrv serving one shard's index folder) or `auto PATH` (a shard's
// index folder on this machine, relative to the stub's folder). Its `# parasearch KEY=VALUE` comment
// lines may hold the index settings (language, path-fields, schema, buckets) and the timeouts. We read
// the stub ourselves, not through Xapian's stub parser, so that each remote shard is opened with
// Xapian::Remote::open's timeouts (the stub syntax has none) and a shard that is down or hangs is
// named; the shards are joined with Database::add_database.
#pragma once

#include "index/store.hpp"

#include <xapian.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// One shard line of a shard set's stub.
struct ShardSpec {
  std::string name;            ///< As written after the keyword's space, with it: "remote 10.0.0.2:33333".
  std::string host;            ///< Remote: the host.
  unsigned port = 0;           ///< Remote: the port.
  std::filesystem::path local; ///< auto: the shard's index folder (made absolute against the stub's folder).
  unsigned line = 0;           ///< Line number in the stub, from 1.
};

/// A shard set's stub, read.
struct ShardSet {
  std::filesystem::path stub;         ///< The stub file.
  std::vector<ShardSpec> shards;      ///< In stub order (the order of the combined database).
  IndexConfig config;                 ///< Settings from the comment lines (language empty if none were given).
  unsigned timeout_ms = 5000;         ///< `remote-timeout-ms`: the longest wait for any reply of a remote shard.
  unsigned connect_timeout_ms = 2000; ///< `connect-timeout-ms`: the longest wait for a TCP connection.
  unsigned retry_seconds = 10;        ///< `retry-seconds`: a shard found down is tried again after this long.
  unsigned reconnect_seconds = 60;    ///< `reconnect-seconds`: reconnect to every shard after this long (0 = never).
};

/// The stub file of `index`: `index` itself if it is a regular file, else `index`/XAPIANDB.
std::filesystem::path stub_file_of(const std::filesystem::path &index);

/// True if `index` is a shard set: a stub file, or a folder whose stub lists shards, not buckets.
bool is_shard_set(const std::filesystem::path &index);

/// Reads the shard set at `index`; throws DatabaseError naming the stub and line of a line it cannot
/// use, or if it lists no shard.
ShardSet read_shard_set(const std::filesystem::path &index);

/// A shard set opened as one database.
struct OpenShards {
  Xapian::Database db; ///< Every shard that could be opened, in stub order.
  /// Per sub-database of `db`: how many docids of that sub-database lie between a file's consecutive
  /// paragraphs (the number of buckets a remote shard's server joins; 1 for a local bucket).
  std::vector<Xapian::docid> strides;
  std::vector<std::string> down; ///< Shards that could not be opened: "remote HOST:PORT (why)".
  IndexConfig config;            ///< The settings every open shard agrees on.
};

/// Opens every shard of `set`. A shard that cannot be reached within the set's timeouts is listed in
/// OpenShards::down (never thrown). Throws DatabaseError naming the shard if one has other settings
/// (language, schema, path fields) than the stub or the shards before it.
OpenShards open_shard_set(const ShardSet &set);

} // namespace parasearch::detail
