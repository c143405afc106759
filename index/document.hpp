// Private: turning the paragraphs of one file into Xapian documents, following schema.hpp.
#pragma once

#include "common/compounds.hpp"
#include "index/record.hpp"

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Builds Xapian documents; one per thread (owns a TermGenerator).
class DocumentBuilder {
public:
  /// Uses `stem` with STEM_ALL, positions on, CJK n-grams on; `stopper` (may be null) words are not indexed.
  DocumentBuilder(const Xapian::Stem &stem, const Xapian::Stopper *stopper);
  /// For an index whose setting is `language`: one Snowball language (or "none") for every paragraph,
  /// or schema::kLanguageAuto, where each paragraph is stemmed and stop-worded by its own language
  /// (its place's, else its file's; English where that is unknown or has no rules: see language_rules()).
  explicit DocumentBuilder(const std::string &language);

  /// The Snowball language (or "none") a paragraph in ISO 639-1 `code` is stemmed in by an index of
  /// language kLanguageAuto: stemming_language_of(code), or "english" if that is "" (unknown, no rules).
  static std::string language_rules(const std::string &code);

  /// The documents for every paragraph of `record`, in order. Paragraph 1 carries the encoded record.
  /// `numeric_slots[i]` is the value slot of field i, used when its value is numeric.
  std::vector<Xapian::Document> build(const FileRecord &record);
  /// Like build(), but hands each document to `sink` as soon as it is made, so memory does not grow with
  /// the file (a 100 MB file is 6,000 documents with their terms).
  void build_each(const FileRecord &record, const std::function<void(Xapian::Document &)> &sink);

  /// The split of every hyphenated compound in the documents built so far (joined term, part terms):
  /// the bucket writes them to its synonym table, where queries for the joined word find the parts.
  const std::set<CompoundSplit> &compound_splits() const { return splits_; }

  /// The unique-id term of paragraph `number` of the file with id `id`.
  static std::string uid_term(std::uint64_t id, unsigned number);
  /// The boolean term every paragraph of the file with id `id` carries.
  static std::string file_term(std::uint64_t id);
  /// The boolean term for path field `name` with `value`; empty if the value is too long to be a term.
  static std::string field_term(const std::string &name, const std::string &value);

private:
  /// The stemmer and stop words of one language, made once per builder (a SnowballStem is not thread-safe).
  struct Rules {
    Xapian::Stem stem;
    const Xapian::Stopper *stopper = nullptr;
  };
  /// Sets the generator (and stem_, stopper_) to the rules of ISO 639-1 `code` (auto indexes only).
  void use_language(const std::string &code);

  bool auto_ = false;                  // schema::kLanguageAuto: rules per paragraph
  std::map<std::string, Rules> rules_; // auto: by Snowball language name
  std::string current_;                // auto: the Snowball language the generator is set to
  Xapian::TermGenerator generator_;
  Xapian::Stem stem_;              // the generator's, for compounds (common/compounds.hpp)
  const Xapian::Stopper *stopper_; // the generator's (may be null)
  std::set<CompoundSplit> splits_;
};

} // namespace parasearch::detail
