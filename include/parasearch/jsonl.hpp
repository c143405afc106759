// Reading JSON Lines exports (one JSON object per line) as documents: an id, a title and a text.
#pragma once

#include "parasearch/indexer.hpp"

#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace parasearch {

/// Which fields of each JSON object hold the document's id, title and text.
struct JsonlFields {
  std::string id = "id";       ///< Required; a string or a number. Becomes the document's stored path.
  std::string title = "title"; ///< Optional; a missing or null title is "".
  std::string text = "text";   ///< Required; a string.
};

/// One record of a JSON Lines file.
struct JsonlRecord {
  std::string id;    ///< The id, as text.
  std::string title; ///< The title, or "".
  std::string text;  ///< The text.
};

/// Reads records one line at a time; a bad line is reported and skipped, never fatal.
class JsonlReader {
public:
  /// Reads from `in` (which must outlive the reader), using `fields`.
  JsonlReader(std::istream &in, JsonlFields fields);

  /// Reads the next line. Returns false at the end of input; otherwise true, with either `record`
  /// filled and `error` empty, or `error` saying what is wrong with that line (blank lines are skipped).
  bool next(JsonlRecord &record, std::string &error);

  /// The number (from 1) of the line last read.
  std::size_t line() const { return line_; }

private:
  std::istream &in_;
  JsonlFields fields_;
  std::size_t line_ = 0;
};

/// Parses one JSON Lines line; nullopt with `error` set if it is not a usable record.
std::optional<JsonlRecord> parse_jsonl_line(const std::string &line, const JsonlFields &fields, std::string &error);

/// Called for each bad line of a JSON Lines file: where it is ("FILE:LINE") and what is wrong.
using BadLineHandler = std::function<void(const std::string &where, const std::string &reason)>;

/// Stages every record of the JSON Lines `files` ("-" = standard input) in `indexer` and commits them,
/// reporting each record through `on_file` and each bad line through `on_bad_line`. A bad line counts
/// as a skipped file, so the summary adds up: files = added + updated + unchanged + empty + skipped +
/// failed. Throws UsageError naming a file that cannot be read (nothing is committed then).
IndexSummary index_jsonl(Indexer &indexer, const std::vector<std::filesystem::path> &files, const JsonlFields &fields,
                         const std::function<void(const FileEvent &)> &on_file = {},
                         const BadLineHandler &on_bad_line = {});

} // namespace parasearch
