// Private: libstemmer wrapped as a Xapian::StemImplementation, so TermGenerator, QueryParser and
// the snippet highlighter all stem through the same object type.
#pragma once

#include "common/stem_cache.hpp"

#include <xapian.h>

#include <string>

struct sb_stemmer;

namespace parasearch::detail {

/// A Snowball stemmer from libstemmer, usable wherever Xapian takes a Xapian::Stem.
/// One instance must not be used by two threads at once (libstemmer and the stem cache keep state).
class SnowballStem final : public Xapian::StemImplementation {
public:
  /// Opens libstemmer's UTF-8 stemmer for `language`; throws UsageError if it is unknown.
  explicit SnowballStem(const std::string &language);
  ~SnowballStem() override;
  SnowballStem(const SnowballStem &) = delete;
  SnowballStem &operator=(const SnowballStem &) = delete;

  /// Returns the stem of `word` (UTF-8, already lowercased by the caller), diacritics folded first (é → e).
  std::string operator()(const std::string &word) override;
  /// "snowball:<language>".
  std::string get_description() const override;

private:
  sb_stemmer *stemmer_;
  std::string language_;
  // Word frequencies are Zipfian: most calls repeat a recent word. Bounded; emptied when full.
  StemCache cache_;
};

/// A Xapian::Stem for a canonical language name; "none" gives one that only folds diacritics.
Xapian::Stem make_stem(const std::string &language);

} // namespace parasearch::detail
