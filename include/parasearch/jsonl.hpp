// Reading JSON Lines exports (one JSON object per line) as documents: an id, a title and a text.
#pragma once

#include <istream>
#include <optional>
#include <string>

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

} // namespace parasearch
