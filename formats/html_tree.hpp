// Private: an HTML page (UTF-8) parsed by libxml2's SAX interface into a compact tree of block-level
// elements and the text blocks they hold, plus what the <head> says (title, og:title, language).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parasearch::detail {

/// What kind of passage a text block is.
enum class BlockKind : std::uint8_t {
  kText,      ///< Text of a paragraph, div, cell or other block.
  kHeading,   ///< h1-h6.
  kItem,      ///< A list item (li, dt, dd).
  kRow,       ///< A table row of plain cells, joined with " | ".
  kHeaderRow, ///< A row of two or more header cells (th) only: column names.
};

/// A block-level element (or the page's root, node 0).
struct HtmlNode {
  std::uint32_t parent = 0;      ///< Index of the enclosing node (the root is its own parent).
  std::string tag;               ///< Lowercase tag name ("" for the root).
  int class_weight = 0;          ///< +25 / -25 from class and id words (Readability's positive/negative lists).
  std::uint32_t child_nodes = 0; ///< Block-level elements directly inside.
  bool data_table = false;       ///< A table holding data (summary, caption, th, many rows), not layout.
  bool list = false;             ///< ul, ol or dl.
};

/// A run of text inside one node, as a reader sees it (whitespace collapsed, one line).
struct HtmlBlock {
  std::uint32_t node = 0; ///< The node whose own text it is.
  BlockKind kind = BlockKind::kText;
  std::string text;           ///< Valid UTF-8, whitespace collapsed, no leading or trailing space.
  std::size_t link_bytes = 0; ///< Bytes of `text` inside links.
};

/// A parsed page.
struct HtmlTree {
  std::vector<HtmlNode> nodes;   ///< Block-level elements in document order; nodes[0] is the root.
  std::vector<HtmlBlock> blocks; ///< Text blocks in document order.
  std::string title;             ///< <title>.
  std::string og_title;          ///< <meta property="og:title">.
  std::string h1;                ///< The first <h1>'s text (also when it is boilerplate).
  std::string language;          ///< <html lang>, <meta http-equiv=content-language> or og:locale, as written.
  std::string caption;           ///< The first data table's caption (or a header row of one cell spanning it).
  std::uint32_t max_depth = 0;   ///< The deepest element nesting seen (elements deeper than the cap are flattened).
};

/// Element nesting tracked as a tree; deeper elements still give their text, to the node at this depth.
inline constexpr std::uint32_t kMaxHtmlDepth = 256;

/// Parses `utf8` (see html_to_utf8) with libxml2's HTML parser in recover mode, no network, ignoring
/// declared encodings. Skips script, style, noscript, template, nav, header, footer, aside, forms (unless a
/// whole-page wrapper), inputs, iframes, SVG and hidden elements, and elements whose class or id names
/// boilerplate (menus, sidebars, comments, cookie banners...). Linear time; never throws.
HtmlTree parse_html_tree(std::string_view utf8);

} // namespace parasearch::detail
