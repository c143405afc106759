#include "common/hash.hpp"

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

std::string id_bytes(std::uint64_t id) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, id >>= 8)
    out[static_cast<std::size_t>(i)] = static_cast<char>(id & 0xFF);
  return out;
}

} // namespace parasearch::detail
