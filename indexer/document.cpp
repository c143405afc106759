#include "indexer/document.hpp"

#include "parasearch/schema.hpp"

namespace parasearch::detail {

DocumentBuilder::DocumentBuilder(const Xapian::Stem &stem) {
  generator_.set_stemmer(stem);
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

std::string DocumentBuilder::uid_term(const std::string &key, unsigned number) {
  return std::string(schema::kPrefixUid) + key + "#" + std::to_string(number);
}

std::string DocumentBuilder::file_term(const std::string &key) { return std::string(schema::kPrefixFile) + key; }

Xapian::Document DocumentBuilder::build(const std::string &path, const std::string &key, const std::string &title,
                                        unsigned number, const std::string &text) {
  Xapian::Document doc;
  doc.set_data(text);
  doc.add_value(schema::kSlotPath, path);
  if (!title.empty()) doc.add_value(schema::kSlotTitle, title);
  doc.add_value(schema::kSlotParagraph, Xapian::sortable_serialise(number));
  doc.add_boolean_term(uid_term(key, number));
  doc.add_boolean_term(file_term(key));
  generator_.set_document(doc);
  generator_.index_text(text);
  if (!title.empty()) {
    generator_.increase_termpos(100); // keep title words out of body phrases
    generator_.index_text(title, 1, std::string(schema::kPrefixTitle));
  }
  return doc;
}

} // namespace parasearch::detail
