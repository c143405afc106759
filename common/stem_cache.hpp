// Private: a bounded cache from words to stems in one flat table, for SnowballStem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parasearch::detail {

/// A map from words to their stems holding at most `max_entries` pairs, emptied when full. Open
/// addressing with linear probing over one array of 16-byte slots, the bytes in one arena: a look-up is
/// one hash, usually one slot and the word's bytes, with no allocation (std::unordered_map took a node
/// per entry, a prime modulo and a pointer chase, more time than stemming the misses:
/// docs/PERFORMANCE.md §2).
class StemCache {
public:
  /// An empty cache that keeps at most `max_entries` (at least 1) words.
  explicit StemCache(std::size_t max_entries);

  /// The stem cached for `word`, or nothing; the view is valid until the next insert().
  std::optional<std::string_view> find(std::string_view word) const;
  /// Caches `stem` for `word` (not already cached); empties the cache first when it is full. Words
  /// or stems of 64 KB or more are not cached.
  void insert(std::string_view word, std::string_view stem);
  /// The number of words cached.
  std::size_t size() const { return size_; }

private:
  struct Slot {
    std::uint32_t hash = 0;   // the high half of the word's 64-bit hash (0 is a valid value)
    std::uint32_t offset = 0; // the word's bytes in arena_, its stem's right after them
    std::uint16_t word_len = 0;
    std::uint16_t stem_len = 0;
    bool used = false;
  };
  std::size_t probe(std::string_view word, std::uint64_t h) const; // its slot, or the empty one to fill
  void grow();
  void clear();

  std::size_t max_entries_;
  std::size_t size_ = 0;
  std::vector<Slot> slots_; // a power of two in size, at most half full
  std::string arena_;
};

} // namespace parasearch::detail
