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

/// `id` as 8 big-endian bytes (sorts like the number; used as the collapse-key value).
std::string id_bytes(std::uint64_t id);

} // namespace parasearch::detail
