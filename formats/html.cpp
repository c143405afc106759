// read_html(): an HTML page -> title, language and content passages (charset -> SAX tree -> content).
#include "formats/html_charset.hpp"
#include "formats/html_content.hpp"
#include "formats/html_tree.hpp"
#include "formats/readers.hpp"
#include "parasearch/language.hpp"

#include "parasearch/paragraphs.hpp"
#include "parasearch/text.hpp"

#include <algorithm>
#include <cctype>

namespace parasearch::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The page's title: og:title, else <title> (its " | Site" part dropped only when what is left is the
// page's <h1>), else the first <h1>, else the caption of its first data table.
std::string page_title(const HtmlTree &tree) {
  if (!tree.og_title.empty()) return tree.og_title;
  if (!tree.title.empty()) {
    if (!tree.h1.empty() && tree.title.size() > tree.h1.size() && lower(tree.title).starts_with(lower(tree.h1))) {
      const std::string_view rest = std::string_view(tree.title).substr(tree.h1.size());
      for (const std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB "})
        if (rest.starts_with(sep)) return tree.h1;
    }
    return tree.title;
  }
  if (!tree.h1.empty()) return tree.h1;
  return tree.caption;
}

} // namespace

bool looks_like_html(std::string_view bytes) {
  std::string_view s = strip_html_boms(bytes.substr(0, 4096));
  for (;;) {
    const std::size_t i = s.find_first_not_of(" \t\r\n\f");
    if (i == std::string_view::npos) return false;
    s.remove_prefix(i);
    if (!s.starts_with("<!--")) break;
    const std::size_t end = s.find("-->");
    if (end == std::string_view::npos) return false;
    s.remove_prefix(end + 3);
  }
  const std::string head = lower(s.substr(0, 16));
  if (head.starts_with("<?xml")) return lower(s.substr(0, 1024)).find("<html") != std::string::npos;
  for (const std::string_view tag : {"<!doctype html", "<html", "<head", "<body"})
    if (head.starts_with(tag) &&
        (head.size() == tag.size() || !std::isalnum(static_cast<unsigned char>(head[tag.size()]))))
      return true;
  return false;
}

bool has_html_extension(std::string_view name) {
  const std::string n = lower(name.substr(name.size() > 8 ? name.size() - 8 : 0));
  return n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml");
}

ExtractedDocument read_html(std::string_view bytes, const ExtractOptions &options) {
  HtmlTree tree;
  {
    std::string storage; // the page decoded to UTF-8 if it is not already; freed once parsed
    tree = parse_html_tree(html_utf8_view(bytes, storage));
  }
  ExtractedDocument doc;
  doc.format = Format::kHtml;
  doc.layout = TextLayout::kBlankLineSeparated;
  doc.title = sanitize_utf8(page_title(tree));
  doc.language = normalise_language_tag(tree.language);
  SplitOptions split = options.split;
  split.detect_title = false;
  for (std::string &text : select_passages(tree, doc.title)) {
    if (!is_valid_utf8(text)) text = sanitize_utf8(text); // e.g. a character reference to a surrogate
    if (text.size() <= split.max_paragraph_bytes) {
      doc.paragraphs.push_back(ExtractedParagraph{std::move(text), 0, 0, "", ""});
      continue;
    }
    for (Paragraph &p : split_paragraphs(text, split).paragraphs) // cut at sentence ends
      doc.paragraphs.push_back(ExtractedParagraph{std::move(p.text), 0, 0, "", ""});
  }
  return doc;
}

} // namespace parasearch::detail
