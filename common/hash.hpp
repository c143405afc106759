// Private: stable hashing, and the file ids that name a source file in terms, values and metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parasearch::detail {

/// 64-bit FNV-1a of `data`; stable across platforms and releases.
std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

/// `value` as 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

/// The id of a stored path: its 64-bit FNV-1a hash. Picks the file's bucket and names it in terms.
inline std::uint64_t file_id(std::string_view stored_path) { return fnv1a64(stored_path); }

/// The shard (0 .. shards-1) of the file stored as `stored_path` in an index split into `shards`
/// shards (parasearch-index --shard I/N). A seeded hash, independent of the bucket (fnv1a64 % buckets),
/// so every shard still fills all its buckets. `shards` must be at least 1.
inline unsigned shard_of(std::string_view stored_path, unsigned shards) {
  return static_cast<unsigned>(fnv1a64(stored_path, 0x9e3779b97f4a7c15ULL) % shards);
}

/// `id` as 8 big-endian bytes (sorts like the number; used as the collapse-key value).
std::string id_bytes(std::uint64_t id);

} // namespace parasearch::detail
