// Private: the one reader of stored text: a paragraph as stored (in its block, schema.hpp), and a whole
// file as a bucket stores it (paragraph documents -> FileRecord). Used by the indexer, the searcher and
// --check.
#pragma once

#include "index/record.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace parasearch::detail {

/// Which paragraph a document is: its file id and paragraph number.
struct ParagraphRef {
  std::uint64_t file_id = 0; ///< file_id() of the file's stored path.
  std::uint32_t number = 0;  ///< Paragraph number within the file, from 1.
};

/// The file id and number of the paragraph stored as `doc` (from its values), or nullopt if it has
/// none. Reads values only, so over a remote shard it costs nothing beyond fetching the document.
std::optional<ParagraphRef> paragraph_ref(const Xapian::Document &doc);

/// The number of the first paragraph of the block that stores paragraph `number` (from 1).
std::uint32_t block_first(std::uint32_t number);

/// Reads paragraphs from their blocks, keeping the last blocks it read (their document data, as
/// glass inflated it), so that the paragraphs of one block cost one read. The blocks are found by
/// docid, so one reader serves one open database. Not thread-safe.
class StoredReader {
public:
  /// Keeps at most `max_blocks` blocks; 0 keeps none.
  explicit StoredReader(std::size_t max_blocks = 64) : max_blocks_(max_blocks) {}

  /// Paragraph `did` of `db`, whose document is `doc`, or nullopt if it holds no paragraph or its
  /// block is missing or malformed. `step`: how many docids of `db` lie between consecutive paragraphs
  /// of its file (1 in a bucket). Throws Xapian::Error on a database error.
  std::optional<StoredParagraph> paragraph(const Xapian::Database &db, Xapian::docid did, const Xapian::Document &doc,
                                           Xapian::docid step = 1);
  /// Like paragraph() above, reading the document first; nullopt if there is no document `did`.
  std::optional<StoredParagraph> paragraph(const Xapian::Database &db, Xapian::docid did, Xapian::docid step = 1);
  /// Keeps `data`, the document data of document `did` (a block's first paragraph: fetched by the
  /// caller, e.g. pipelined from remote shards), for later reads.
  void remember(Xapian::docid did, std::string data);
  /// True if the block whose first paragraph is document `did` is kept.
  bool has(Xapian::docid did) const { return blocks_.count(did) != 0; }

private:
  /// Paragraph `number` of file `file_id` from the data of its block's first paragraph; nullopt if
  /// the block is malformed, or is another file's or another block's.
  static std::optional<StoredParagraph> from_block(std::string_view data, std::uint64_t file_id, std::uint32_t number);
  /// The data of document `did`, kept or read (and kept); "" if there is no such document.
  const std::string &data_of(const Xapian::Database &db, Xapian::docid did);

  std::size_t max_blocks_;
  std::map<Xapian::docid, std::string> blocks_;
  std::string scratch_;
};

/// The paragraph stored as document `did` of `db` (its text; its file's header if it is paragraph 1),
/// read without keeping blocks, or nullopt if there is no such document or it holds no paragraph.
/// Throws Xapian::Error on a database error.
std::optional<StoredParagraph> read_stored_paragraph(const Xapian::Database &db, Xapian::docid did);

/// The file stored under `path` in `db` (one bucket): header from paragraph 1, then every paragraph in
/// order (the postings of its XF term). nullopt if it is not there or its paragraphs are not 1..n.
/// Throws Xapian::Error on a database error.
std::optional<FileRecord> read_stored_file(const Xapian::Database &db, const std::string &path);

} // namespace parasearch::detail
