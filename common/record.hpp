// Private: what the index stores about each file, and its byte encoding.
//  - FileState (metadata, small): lets a later run skip the file if it has not changed.
//  - FileRecord (document data of the file's paragraph 1): everything shown with a hit.
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
  std::string path;               ///< Stored path (relative to its root).
  std::string root;               ///< Absolute folder it was found under ("" for in-memory documents).
  std::uint64_t size = 0;         ///< Size in bytes when indexed.
  std::int64_t mtime_ns = 0;      ///< Modification time when indexed (ns since the epoch).
  std::uint64_t content_hash = 0; ///< FNV-1a of the raw bytes.
  std::uint32_t paragraphs = 0;   ///< Paragraphs indexed.
};

/// A file as stored for display: path, title, path fields and all paragraph texts.
struct FileRecord {
  std::string path;                                        ///< Stored path.
  std::string title;                                       ///< Title, or empty.
  std::vector<std::pair<std::string, std::string>> fields; ///< Path fields, in pattern order.
  std::vector<std::string> paragraphs;                     ///< Paragraph texts; paragraph n is [n-1].
};

/// Encodes a FileState (compact binary).
std::string encode_state(const FileState &state);
/// Decodes encode_state() output; nullopt if `bytes` is malformed.
std::optional<FileState> decode_state(std::string_view bytes);

/// Encodes a FileRecord (compact binary).
std::string encode_record(const FileRecord &record);
/// Decodes encode_record() output; nullopt if `bytes` is malformed.
std::optional<FileRecord> decode_record(std::string_view bytes);

} // namespace parasearch::detail
