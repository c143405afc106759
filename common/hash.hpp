// Private: stable hashing and the file keys that name a source file inside terms and metadata keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parasearch::detail {

/// 64-bit FNV-1a of `data`; stable across platforms and releases.
std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

/// `value` as 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

/// The key naming a source path in terms and metadata: the path itself if short enough,
/// else "#" + a 128-bit hash, so that no term exceeds Xapian's 245-byte limit.
std::string file_key(std::string_view relative_path);

} // namespace parasearch::detail
