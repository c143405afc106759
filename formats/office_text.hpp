// Private: what the DOCX and ODT readers share: paragraphs and table rows collected while walking a
// document's XML, then cleaned like text-file paragraphs; the title; language codes.
#pragma once

#include "parasearch/extract.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parasearch::detail {

/// Collects the passages of a word-processing document in reading order. Paragraphs may nest (a text
/// box inside a paragraph: each is its own passage); each row of a table is one passage, its cells
/// joined with " | " (a nested table's text goes into the outer cell).
class OfficeText {
public:
  /// Starts a paragraph (a heading if `heading`).
  void begin_paragraph(bool heading);
  /// Marks the open paragraph as a heading (style seen after its start). No-op outside paragraphs.
  void mark_heading();
  /// Appends `text` to the open paragraph (line ends and tabs become spaces). No-op outside paragraphs.
  void append(std::string_view text);
  /// Ends the open paragraph: a passage, or part of the open table cell.
  void end_paragraph();
  /// Starts a table row (rows of a nested table are part of the outer row).
  void begin_row();
  /// Starts a cell of the outermost open row.
  void begin_cell();
  /// Ends a table row; the outermost one becomes a passage.
  void end_row();

  /// The document: title `title` (cleaned) if not empty, else the first heading; the passage that
  /// repeats the title dropped; every passage cleaned like a text file's (whitespace collapsed, cut at
  /// options.split.max_paragraph_bytes, no passage without letters).
  ExtractedDocument finish(Format format, std::string_view title, std::string language, const ExtractOptions &options);

private:
  struct Passage {
    std::string text;
    bool heading = false;
  };
  std::vector<Passage> open_;      // paragraphs being read, innermost last
  std::vector<Passage> passages_;  // done, raw text
  std::vector<std::string> cells_; // the outermost open row's cells
  unsigned row_depth_ = 0;
};

} // namespace parasearch::detail
