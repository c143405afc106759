// Paragraph splitting of plain text: the layout of each file is detected, then its lines are
// grouped into paragraphs, numbered from 1 in reading order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parasearch {

/// How a plain-text file marks its paragraphs.
enum class TextLayout {
  kLinePerParagraph,   ///< Each line is a paragraph.
  kBlankLineSeparated, ///< Paragraphs are runs of lines separated by blank lines.
  kHardWrapped,        ///< Fixed-width lines (e.g. PDF text); paragraphs are inferred from line ends.
};

/// One paragraph of a document.
struct Paragraph {
  unsigned number = 0;     ///< Position in reading order, from 1.
  unsigned first_line = 0; ///< Line (from 1) of the source on which it starts.
  std::string text;        ///< Its text on one line, whitespace collapsed, hyphenation undone.
};

/// A document split into its title and paragraphs.
struct SplitDocument {
  std::string title;                                 ///< The title line, or empty if the file has none.
  std::vector<Paragraph> paragraphs;                 ///< Body passages; never a title copy, header or non-prose line.
  TextLayout layout = TextLayout::kLinePerParagraph; ///< The layout that was detected.
};

/// Options of split_paragraphs(); the defaults suit the UN corpora.
struct SplitOptions {
  bool detect_title = true;                ///< Take a heading-like first line as the title.
  std::size_t max_paragraph_bytes = 16384; ///< Longer paragraphs are cut, at a sentence end if possible.
};

/// Splits valid UTF-8 text (see decode_text) into a title and numbered paragraphs.
/// Handles LF, CRLF and CR line ends; detects the layout; drops page numbers and non-prose lines.
SplitDocument split_paragraphs(std::string_view utf8_text, const SplitOptions &options = {});

/// A short name for a layout: "line", "blank", "wrapped".
std::string_view layout_name(TextLayout layout);

} // namespace parasearch
