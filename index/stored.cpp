#include "index/stored.hpp"

#include "common/hash.hpp"
#include "index/document.hpp"

namespace parasearch::detail {

std::optional<StoredParagraph> read_stored_paragraph(const Xapian::Database &db, Xapian::docid did) {
  try {
    return decode_paragraph(db.get_document(did, Xapian::DOC_ASSUME_VALID).get_data());
  } catch (const Xapian::DocNotFoundError &) {
    return std::nullopt;
  }
}

std::optional<FileRecord> read_stored_file(const Xapian::Database &db, const std::string &path) {
  // Paragraphs are added in order and never renumbered, so the XF postings are paragraphs 1..n.
  const std::string term = DocumentBuilder::file_term(file_id(path));
  FileRecord record;
  std::size_t expected = 0;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    auto p = read_stored_paragraph(db, *it);
    if (!p || p->number != record.paragraphs.size() + 1) return std::nullopt;
    if (p->header) {
      record.path = std::move(p->header->path);
      record.title = std::move(p->header->title);
      record.language = std::move(p->header->language);
      record.fields = std::move(p->header->fields);
      expected = p->header->paragraphs;
      record.paragraphs.reserve(expected);
    }
    record.paragraphs.push_back({std::move(p->text), std::move(p->place)});
  }
  if (record.paragraphs.empty() || record.paragraphs.size() != expected) return std::nullopt;
  return record;
}

} // namespace parasearch::detail
