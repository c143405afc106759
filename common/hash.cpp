#include "common/hash.hpp"

#include "parasearch/schema.hpp"

namespace parasearch::detail {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4)
    out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return out;
}

std::string file_key(std::string_view relative_path) {
  if (relative_path.size() <= schema::kMaxFileKeyBytes && !relative_path.starts_with("#"))
    return std::string(relative_path);
  return "#" + hex64(fnv1a64(relative_path)) + hex64(fnv1a64(relative_path, 0x84222325cbf29ce4ULL));
}

} // namespace parasearch::detail
