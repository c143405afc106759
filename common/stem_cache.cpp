#include "common/stem_cache.hpp"

#include <algorithm>
#include <cstring>

namespace parasearch::detail {
namespace {

constexpr std::size_t kFirstSlots = 1024;

/// A fast 64-bit hash of short strings (words): 8 bytes at a time, each mixed with a multiply.
std::uint64_t word_hash(std::string_view s) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  std::uint64_t w = 0;
  if (i < s.size()) std::memcpy(&w, s.data() + i, s.size() - i); // no memcpy from a null view
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 29;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 32);
}

} // namespace

StemCache::StemCache(std::size_t max_entries) : max_entries_(max_entries == 0 ? 1 : max_entries) {}

std::size_t StemCache::probe(std::string_view word, std::uint64_t h) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(h >> 32);
  for (std::size_t i = h & mask;; i = (i + 1) & mask) { // never full: at most half the slots are used
    const Slot &s = slots_[i];
    if (!s.used) return i;
    if (s.hash == tag && s.word_len == word.size() &&
        (word.empty() || std::memcmp(arena_.data() + s.offset, word.data(), word.size()) == 0))
      return i;
  }
}

std::optional<std::string_view> StemCache::find(std::string_view word) const {
  if (size_ == 0) return std::nullopt;
  const Slot &s = slots_[probe(word, word_hash(word))];
  if (!s.used) return std::nullopt;
  return std::string_view(arena_.data() + s.offset + s.word_len, s.stem_len);
}

void StemCache::insert(std::string_view word, std::string_view stem) {
  if (word.size() > UINT16_MAX || stem.size() > UINT16_MAX) return;
  if (size_ >= max_entries_ || arena_.size() + word.size() + stem.size() > UINT32_MAX) clear();
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t h = word_hash(word);
  Slot &s = slots_[probe(word, h)];
  if (s.used) return; // already cached
  s = Slot{static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(arena_.size()),
           static_cast<std::uint16_t>(word.size()), static_cast<std::uint16_t>(stem.size()), true};
  arena_.append(word);
  arena_.append(stem);
  ++size_;
}

void StemCache::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kFirstSlots : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot &s : old) {
    if (!s.used) continue;
    const std::uint64_t h = word_hash(std::string_view(arena_.data() + s.offset, s.word_len));
    std::size_t i = h & mask;
    while (slots_[i].used)
      i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void StemCache::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  arena_.clear();
  size_ = 0;
}

} // namespace parasearch::detail
