// Private: turning one paragraph into a Xapian document, following schema.hpp.
#pragma once

#include <xapian.h>

#include <string>

namespace parasearch::detail {

/// Builds Xapian documents for the paragraphs of files; one per thread (owns a TermGenerator).
class DocumentBuilder {
public:
  /// Uses `stem` (see make_stem) with STEM_ALL, positions on, CJK n-grams on.
  explicit DocumentBuilder(const Xapian::Stem &stem);

  /// The document for paragraph `number` of the file stored as `path` (key from file_key()).
  Xapian::Document build(const std::string &path, const std::string &key, const std::string &title, unsigned number,
                         const std::string &text);

  /// The unique-id term of paragraph `number` of the file with key `key`.
  static std::string uid_term(const std::string &key, unsigned number);
  /// The boolean term every paragraph of the file with key `key` carries.
  static std::string file_term(const std::string &key);

private:
  Xapian::TermGenerator generator_;
};

} // namespace parasearch::detail
