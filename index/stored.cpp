#include "index/stored.hpp"

#include "common/hash.hpp"
#include "index/document.hpp"
#include "parasearch/schema.hpp"

namespace parasearch::detail {

std::optional<ParagraphRef> paragraph_ref(const Xapian::Document &doc) {
  const std::string id = doc.get_value(schema::kSlotFile);
  const std::string number = doc.get_value(schema::kSlotParagraph);
  if (id.size() != 8 || number.empty()) return std::nullopt;
  const double n = Xapian::sortable_unserialise(number);
  if (!(n >= 1 && n <= UINT32_MAX)) return std::nullopt;
  return ParagraphRef{id_of_bytes(id), static_cast<std::uint32_t>(n)};
}

std::uint32_t block_first(std::uint32_t number) {
  constexpr std::uint32_t k = schema::kParagraphsPerBlock;
  return number == 0 ? 0 : (number - 1) / k * k + 1;
}

std::optional<StoredParagraph> StoredReader::from_block(std::string_view data, std::uint64_t file_id,
                                                        std::uint32_t number) {
  const auto parts = split_block(data);
  const std::uint32_t index = number - block_first(number);
  if (!parts || index >= parts->size()) return std::nullopt;
  std::optional<StoredParagraph> p = decode_paragraph((*parts)[index]);
  if (!p || p->file_id != file_id || p->number != number) return std::nullopt;
  return p;
}

const std::string &StoredReader::data_of(const Xapian::Database &db, Xapian::docid did) {
  if (auto it = blocks_.find(did); it != blocks_.end()) return it->second;
  std::string data;
  try {
    data = db.get_document(did, Xapian::DOC_ASSUME_VALID).get_data();
  } catch (const Xapian::DocNotFoundError &) {}
  if (max_blocks_ == 0) return scratch_ = std::move(data);
  if (blocks_.size() >= max_blocks_) blocks_.clear();
  return blocks_.emplace(did, std::move(data)).first->second;
}

void StoredReader::remember(Xapian::docid did, std::string data) {
  if (max_blocks_ == 0) return;
  if (blocks_.size() >= max_blocks_) blocks_.clear();
  blocks_.insert_or_assign(did, std::move(data));
}

std::optional<StoredParagraph> StoredReader::paragraph(const Xapian::Database &db, Xapian::docid did,
                                                       const Xapian::Document &doc, Xapian::docid step) {
  const std::optional<ParagraphRef> ref = paragraph_ref(doc);
  if (!ref) return std::nullopt;
  const std::uint32_t first = block_first(ref->number);
  if (first == ref->number) { // the block is this document's own data
    if (!has(did)) remember(did, doc.get_data());
    return from_block(max_blocks_ == 0 ? doc.get_data() : data_of(db, did), ref->file_id, ref->number);
  }
  // A file's paragraphs are consecutive documents, so the block's first paragraph is a few steps back;
  // in an index built otherwise, its unique term finds it.
  const auto back = static_cast<Xapian::docid>(ref->number - first) * step;
  if (did > back)
    if (auto p = from_block(data_of(db, did - back), ref->file_id, ref->number)) return p;
  const std::string term = DocumentBuilder::uid_term(ref->file_id, first);
  const Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return from_block(data_of(db, *it), ref->file_id, ref->number);
}

std::optional<StoredParagraph> StoredReader::paragraph(const Xapian::Database &db, Xapian::docid did,
                                                       Xapian::docid step) {
  try {
    return paragraph(db, did, db.get_document(did, Xapian::DOC_ASSUME_VALID), step);
  } catch (const Xapian::DocNotFoundError &) {
    return std::nullopt;
  }
}

std::optional<StoredParagraph> read_stored_paragraph(const Xapian::Database &db, Xapian::docid did) {
  StoredReader reader(0);
  return reader.paragraph(db, did);
}

std::optional<FileRecord> read_stored_file(const Xapian::Database &db, const std::string &path) {
  // Paragraphs are added in order and never renumbered, so the XF postings are paragraphs 1..n.
  const std::string term = DocumentBuilder::file_term(file_id(path));
  FileRecord record;
  std::size_t expected = 0;
  StoredReader reader(1); // the file's blocks, one at a time
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    auto p = reader.paragraph(db, *it);
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
