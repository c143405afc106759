// Private: turning the paragraphs of one file into Xapian documents, following schema.hpp.
#pragma once

#include "common/compounds.hpp"
#include "index/record.hpp"

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Builds Xapian documents; one per thread (owns a TermGenerator).
class DocumentBuilder {
public:
  /// Uses `stem` with STEM_ALL, positions on, CJK n-grams on; `stopper` (may be null) words are not indexed.
  DocumentBuilder(const Xapian::Stem &stem, const Xapian::Stopper *stopper);

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
  Xapian::TermGenerator generator_;
  Xapian::Stem stem_;              // the generator's, for compounds (common/compounds.hpp)
  const Xapian::Stopper *stopper_; // the generator's (may be null)
  std::set<CompoundSplit> splits_;
};

} // namespace parasearch::detail
