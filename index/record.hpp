// Private: what the index stores about each file, and its byte encoding.
//  - FileState (metadata, small): lets a later run skip the file if it has not changed.
//  - FileRecord (in memory): a file as indexed. In the index, each paragraph document stores its own
//    text, and paragraph 1 also the file's header (path, title, fields, paragraph count), so showing
//    a hit reads one or two small document data entries, never the whole file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// Bookkeeping for one indexed file, written in the same bucket (same commit) as its paragraphs.
struct FileState {
  std::string path; ///< Stored path (relative to its root).
  std::string root; ///< Absolute folder of its identity: the folder given, or a given file's folder ("" for in-memory
                    ///< documents).
  std::uint64_t size = 0;         ///< Size in bytes when indexed.
  std::int64_t mtime_ns = 0;      ///< Modification time when indexed (ns since the epoch).
  std::uint64_t content_hash = 0; ///< FNV-1a of the raw bytes.
  std::uint32_t paragraphs = 0;   ///< Paragraphs indexed.
  std::string skipped;            ///< Why it was skipped (e.g. binary), or "": kept so a re-run needs no rebuild.
};

/// What a bucket holds of one root folder: its files there and their bytes (FileState::size).
struct RootTally {
  std::uint64_t files = 0; ///< Files with this root.
  std::uint64_t bytes = 0; ///< Sum of their sizes.
  bool operator==(const RootTally &) const = default;
};

/// Encodes a RootTally (compact binary).
std::string encode_tally(const RootTally &tally);
/// Decodes encode_tally() output; nullopt if `bytes` is malformed.
std::optional<RootTally> decode_tally(std::string_view bytes);

/// Where a paragraph stands in its document, besides its number: what a hit shows with it.
struct ParagraphPlace {
  std::uint32_t page = 0; ///< Page it starts on, from 1; 0 if the document has no pages.
  std::string page_label; ///< The page's printed label where it differs from the number, else "".
  std::string language;   ///< Its language (ISO 639-1) where unlike its file's, else "".
  bool operator==(const ParagraphPlace &) const = default;
};

/// One paragraph of a file as indexed.
struct RecordParagraph {
  std::string text;     ///< Its text.
  ParagraphPlace place; ///< Its page and language.
};

/// A file as indexed: path, title, language, path fields and all paragraphs.
struct FileRecord {
  std::string path;                                        ///< Stored path.
  std::string title;                                       ///< Title, or empty.
  std::string language;                                    ///< Its language (ISO 639-1), or "" if unknown.
  std::vector<std::pair<std::string, std::string>> fields; ///< Path fields, in pattern order.
  std::vector<RecordParagraph> paragraphs;                 ///< Its paragraphs; paragraph n is [n-1].
  /// Appends a paragraph with no page or language of its own.
  void add(std::string text) { paragraphs.push_back({std::move(text), {}}); }
};

/// Encodes a FileState (compact binary).
std::string encode_state(const FileState &state);
/// Decodes encode_state() output; nullopt if `bytes` is malformed.
std::optional<FileState> decode_state(std::string_view bytes);

/// What paragraph 1 of a file stores about the file, besides its own text.
struct FileHeader {
  std::string path;                                        ///< Stored path.
  std::string title;                                       ///< Title, or empty.
  std::string language;                                    ///< Its language (ISO 639-1), or "" if unknown.
  std::vector<std::pair<std::string, std::string>> fields; ///< Path fields, in pattern order.
  std::uint32_t paragraphs = 0;                            ///< Paragraphs of the file.
};

/// The document data of one paragraph: its number, file id, place and text, and for paragraph 1 the
/// file's header.
struct StoredParagraph {
  std::uint32_t number = 0;         ///< Paragraph number within the file, from 1.
  std::uint64_t file_id = 0;        ///< file_id() of the file's stored path.
  ParagraphPlace place;             ///< Its page and own language.
  std::optional<FileHeader> header; ///< Set for paragraph 1 only.
  std::string text;                 ///< The paragraph's text.
};

/// The header of `record` (without its texts).
FileHeader header_of(const FileRecord &record);

/// Encodes a paragraph's document data: paragraph `number` of the file `file_id`, its `text` and
/// `place`, and `header` if it is paragraph 1 (else null).
std::string encode_paragraph(std::uint32_t number, std::uint64_t file_id, const FileHeader *header,
                             std::string_view text, const ParagraphPlace &place = {});
/// Decodes encode_paragraph() output; nullopt if `bytes` is malformed.
std::optional<StoredParagraph> decode_paragraph(std::string_view bytes);

} // namespace parasearch::detail
