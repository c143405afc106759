// parse_html_tree(): libxml2's HTML SAX parser -> HtmlTree (block nodes and text blocks). No DOM is built,
// so memory is the text kept plus a few bytes per block element, and nothing recurses on nesting depth.
#include "formats/html_tree.hpp"

#include "formats/libxml.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace parasearch::detail {
namespace {

constexpr std::size_t kMaxBlocksPerCell = 3; // more in one cell: a layout table
constexpr std::size_t kMaxRowBytes = 4096;   // a longer row is not a data table's row

constexpr std::array kSkipped = {"script", "style",  "noscript", "template", "nav",      "header",   "footer",
                                 "aside",  "button", "select",   "option",   "textarea", "input",    "label",
                                 "iframe", "object", "embed",    "svg",      "math",     "canvas",   "video",
                                 "audio",  "map",    "dialog",   "menu",     "head",     "fieldset", "datalist"};
constexpr std::array kBlocks = {"address", "article", "blockquote", "body",   "center", "dd",    "details", "div",
                                "dl",      "dt",      "figcaption", "figure", "h1",     "h2",    "h3",      "h4",
                                "h5",      "h6",      "hgroup",     "li",     "main",   "ol",    "p",       "pre",
                                "section", "summary", "table",      "tbody",  "thead",  "tfoot", "tr",      "td",
                                "th",      "caption", "ul",         "form",   "hr"};
// Readability's lists (class and id words): unlikely content, unless also a likely container word.
constexpr std::array kUnlikely = {
    "-ad-",       "ai2html",  "banner",  "breadcrumbs", "combx",   "comment", "community",    "cover-wrap", "disqus",
    "extra",      "footer",   "gdpr",    "header",      "legends", "menu",    "related",      "remark",     "replies",
    "rss",        "shoutbox", "sidebar", "skyscraper",  "social",  "sponsor", "supplemental", "ad-break",   "agegate",
    "pagination", "pager",    "popup",   "yom-remote",  "cookie",  "consent"};
constexpr std::array kMaybe = {"and", "article", "body", "column", "content", "main", "shadow"};
constexpr std::array kNegative = {"-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",
                                  "contact",  "footer",     "gdpr",    "masthead", "media",   "meta",
                                  "outbrain", "promo",      "related", "scroll",   "share",   "shoutbox",
                                  "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget"};
constexpr std::array kPositive = {"article", "body",       "content", "entry", "hentry", "h-entry", "main",
                                  "page",    "pagination", "post",    "text",  "blog",   "story"};
constexpr std::array kBoilerplateRoles = {"menu",        "menubar", "complementary", "navigation",  "alert",
                                          "alertdialog", "dialog",  "banner",        "contentinfo", "search"};

template <std::size_t N> bool is_one_of(std::string_view s, const std::array<const char *, N> &list) {
  return std::any_of(list.begin(), list.end(), [&](const char *x) { return s == x; });
}
template <std::size_t N> bool contains_any(std::string_view s, const std::array<const char *, N> &list) {
  return std::any_of(list.begin(), list.end(), [&](const char *x) { return s.find(x) != std::string_view::npos; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// ASCII whitespace and the other C0 control bytes and DEL (never text a reader sees).
bool is_ascii_space(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7F;
}

// Length of a Unicode space (NBSP, U+2000-U+200B, U+202F, U+205F, U+3000) at s[i], or 0.
std::size_t unicode_space(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (b(0) == 0xC2 && b(1) == 0xA0) return 2;
  if (b(0) == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x80 && b(2) <= 0x8B) || b(2) == 0xAF)) return 3;
  if (b(0) == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
  if (b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
  return 0;
}

// `raw` with runs of whitespace (ASCII and Unicode spaces, control bytes) made one space, trimmed.
std::string collapse(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool space = false;
  for (std::size_t i = 0; i < raw.size();) {
    if (is_ascii_space(raw[i])) {
      space = true;
      ++i;
    } else if (const std::size_t n = unicode_space(raw, i); n != 0) {
      space = true;
      i += n;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += raw[i++];
    }
  }
  return out;
}

// An open block element's text being gathered.
struct Frame {
  std::uint32_t node = 0;
  BlockKind kind = BlockKind::kText;
  std::string raw;
  std::size_t link_bytes = 0;
  int breaks = 0;                                                  // <br>s since the last text
  std::size_t row_start = std::numeric_limits<std::size_t>::max(); // tr: first block index of its cells
  bool implicit_row = false;                                       // a row opened for cells that came without a <tr>
};

// A table being read: what tells data from layout (Readability's _isDataTable).
struct TableInfo {
  std::uint32_t node = 0;
  bool data_hint = false; // summary, caption, thead, tfoot, th, col
  bool presentation = false;
  bool nested = false;
  std::uint32_t rows = 0;
  std::uint32_t columns = 0;
  std::uint32_t cells_in_row = 0;
};

// One open element.
struct Open {
  bool skip = false;  // starts a skipped subtree
  bool block = false; // has a Frame
  bool link = false;
  bool title = false;
  bool h1 = false;
  bool table = false;
};

class Builder {
public:
  HtmlTree tree;

  Builder() {
    tree.nodes.push_back(HtmlNode{});
    frames_.push_back(Frame{});
  }

  void start(std::string_view name_in, const xmlChar **attrs) {
    if (overflow_ > 0 || open_.size() >= kMaxHtmlDepth) {
      ++overflow_; // too deep: flattened into the innermost tracked element
      if (name_in == "br" && skipping_ == 0) frames_.back().raw += ' ';
      return;
    }
    const std::string name = lower(name_in);
    tree.max_depth = std::max<std::uint32_t>(tree.max_depth, static_cast<std::uint32_t>(open_.size() + 1));
    std::string cls, id, role, style, aria_hidden, href, property, content, http_equiv, lang, summary, colspan;
    bool hidden = false;
    for (const xmlChar **a = attrs; a != nullptr && a[0] != nullptr; a += 2) {
      const std::string key = lower(reinterpret_cast<const char *>(a[0]));
      const std::string value = a[1] != nullptr ? reinterpret_cast<const char *>(a[1]) : "";
      if (key == "class")
        cls = lower(value);
      else if (key == "id")
        id = lower(value);
      else if (key == "role")
        role = lower(value);
      else if (key == "style")
        style = lower(value);
      else if (key == "aria-hidden")
        aria_hidden = lower(value);
      else if (key == "hidden")
        hidden = true;
      else if (key == "href")
        href = value;
      else if (key == "property" || key == "name")
        property = lower(value);
      else if (key == "content")
        content = value;
      else if (key == "http-equiv")
        http_equiv = lower(value);
      else if (key == "lang" || key == "xml:lang")
        lang = value;
      else if (key == "summary")
        summary = value;
      else if (key == "colspan")
        colspan = value;
    }
    Open open;
    if (name == "html" && tree.language.empty()) tree.language = lang;
    if (name == "meta") {
      if (property == "og:title" && tree.og_title.empty()) tree.og_title = collapse(content);
      if ((http_equiv == "content-language" || property == "og:locale") && tree.language.empty())
        tree.language = content;
    }
    if (name == "title" && !seen_body_ && !title_done_) open.title = true, ++in_title_;
    if (name == "h1" && tree.h1.empty()) open.h1 = true, ++in_h1_;
    if (name == "body") seen_body_ = true;

    if (skipping_ > 0) {
      ++skipping_;
      open_.push_back(open);
      return;
    }
    const std::string words = cls + " " + id;
    std::erase(style, ' ');
    const bool boilerplate = is_one_of(name, kSkipped) || hidden || aria_hidden == "true" ||
                             style.find("display:none") != std::string::npos ||
                             style.find("visibility:hidden") != std::string::npos ||
                             (is_one_of(role, kBoilerplateRoles) && name != "body") ||
                             (name == "form" && tree.nodes[frames_.back().node].tag != "body") ||
                             (name != "body" && name != "a" && name != "html" && name != "main" && name != "article" &&
                              tables_.empty() && contains_any(words, kUnlikely) && !contains_any(words, kMaybe));
    if (boilerplate && name != "head") { // <head> holds the title and metadata, read above
      skipping_ = 1;
      open.skip = true;
      open_.push_back(open);
      return;
    }
    if (name == "head") {
      skipping_ = 1;
      open.skip = true;
      open_.push_back(open);
      return;
    }

    if (name == "br") {
      Frame &f = frames_.back();
      f.raw += ' ';
      if (++f.breaks >= 2 && f.kind != BlockKind::kRow && !is_cell(f.node)) flush(f);
    } else if (name == "a" && !href.empty()) {
      open.link = true;
      ++links_;
    } else if (is_one_of(name, kBlocks)) {
      if (frames_.back().implicit_row && (name == "tr" || name == "tbody" || name == "thead" || name == "tfoot" ||
                                          name == "table" || name == "caption"))
        close_block();
      if ((name == "td" || name == "th") && !tables_.empty() && tree.nodes[frames_.back().node].tag != "tr")
        open_implicit_row();
      flush(frames_.back());
      const auto index = static_cast<std::uint32_t>(tree.nodes.size());
      HtmlNode node;
      node.parent = frames_.back().node;
      node.tag = name;
      node.list = name == "ul" || name == "ol" || name == "dl";
      if (contains_any(words, kNegative)) node.class_weight -= 25;
      if (contains_any(words, kPositive)) node.class_weight += 25;
      ++tree.nodes[node.parent].child_nodes;
      tree.nodes.push_back(std::move(node));
      Frame frame;
      frame.node = index;
      if ((name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') || name == "caption")
        frame.kind = BlockKind::kHeading;
      else if (name == "li" || name == "dt" || name == "dd")
        frame.kind = BlockKind::kItem;
      if (name == "tr") frame.row_start = tree.blocks.size();
      if (!tables_.empty()) {
        TableInfo &t = tables_.back();
        if (name == "caption" || name == "thead" || name == "tfoot" || name == "th") t.data_hint = true;
        if (name == "tr") ++t.rows, t.cells_in_row = 0;
        if (name == "td" || name == "th") t.columns = std::max(t.columns, ++t.cells_in_row);
        if (name == "th" && !colspan.empty() && colspan != "1") spanning_header_ = true;
      }
      if (name == "table") {
        if (!tables_.empty()) tables_.back().nested = true;
        TableInfo t;
        t.node = index;
        t.data_hint = !summary.empty();
        t.presentation = role == "presentation";
        tables_.push_back(t);
        open.table = true;
      }
      frames_.push_back(std::move(frame));
      open.block = true;
    } else if (name == "col" || name == "colgroup") {
      if (!tables_.empty()) tables_.back().data_hint = true;
    }
    open_.push_back(open);
  }

  void end() {
    if (overflow_ > 0) {
      --overflow_;
      return;
    }
    if (open_.empty()) return;
    const Open open = open_.back();
    open_.pop_back();
    if (open.title) {
      --in_title_;
      title_done_ = true;
    }
    if (open.h1) {
      --in_h1_;
      if (tree.h1.empty()) tree.h1 = collapse(h1_raw_);
    }
    if (skipping_ > 0) {
      --skipping_;
      return;
    }
    if (open.link) --links_;
    if (open.block) {
      while (frames_.back().implicit_row)
        close_block();
      close_block();
    }
    if (open.table) {
      const TableInfo t = tables_.back();
      tables_.pop_back();
      tree.nodes[t.node].data_table =
          !t.presentation && !t.nested && (t.data_hint || t.rows >= 10 || t.columns > 4 || t.rows * t.columns > 10);
    }
  }

  void text(std::string_view s) {
    if (in_title_ > 0) title_raw_ += s;
    if (in_h1_ > 0) h1_raw_ += s;
    if (skipping_ > 0) return;
    Frame &f = frames_.back();
    f.raw += s;
    if (std::any_of(s.begin(), s.end(), [](char c) { return !is_ascii_space(c); })) f.breaks = 0;
    if (links_ > 0)
      f.link_bytes +=
          static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_ascii_space(c); }));
  }

  void finish() {
    overflow_ = 0;
    while (!open_.empty())
      end();
    while (frames_.size() > 1)
      close_block();
    flush(frames_.back());
    tree.title = collapse(title_raw_);
    tree.language = collapse(tree.language);
  }

private:
  std::vector<Frame> frames_;
  std::vector<Open> open_;
  std::vector<TableInfo> tables_;
  std::size_t overflow_ = 0;
  std::size_t skipping_ = 0;
  std::size_t links_ = 0;
  std::size_t in_title_ = 0;
  std::size_t in_h1_ = 0;
  bool seen_body_ = false;
  bool title_done_ = false;
  bool spanning_header_ = false;
  std::string title_raw_;
  std::string h1_raw_;

  bool is_cell(std::uint32_t node) const {
    const std::string &t = tree.nodes[node].tag;
    return t == "td" || t == "th";
  }

  // Cells without a <tr> (the parser does not imply one): they get a row of their own.
  void open_implicit_row() {
    flush(frames_.back());
    const auto index = static_cast<std::uint32_t>(tree.nodes.size());
    HtmlNode node;
    node.parent = frames_.back().node;
    node.tag = "tr";
    ++tree.nodes[node.parent].child_nodes;
    tree.nodes.push_back(std::move(node));
    Frame frame;
    frame.node = index;
    frame.row_start = tree.blocks.size();
    frame.implicit_row = true;
    frames_.push_back(std::move(frame));
    TableInfo &t = tables_.back();
    ++t.rows;
    t.cells_in_row = 0;
  }

  // Ends the frame's current text as a block (if it has any text).
  void flush(Frame &f) {
    std::string text = collapse(f.raw);
    f.raw.clear();
    f.breaks = 0;
    const std::size_t links = std::min(f.link_bytes, text.size());
    f.link_bytes = 0;
    if (text.empty()) return;
    HtmlBlock block;
    block.node = f.node;
    block.kind = f.kind;
    block.text = std::move(text);
    block.link_bytes = links;
    tree.blocks.push_back(std::move(block));
  }

  void close_block() {
    Frame &f = frames_.back();
    flush(f);
    if (f.row_start != std::numeric_limits<std::size_t>::max()) merge_row(f);
    spanning_header_ = spanning_header_ && tree.nodes[f.node].tag != "tr";
    frames_.pop_back();
  }

  // A row becomes one block: its cells' text joined with " | " (a cell's own blocks, e.g. <p>s, with " ").
  // Not when a cell holds a table, a heading or more than a few blocks, or the row is long: then the table
  // is layout, and the cells' blocks stay as they are.
  void merge_row(const Frame &row) {
    const std::size_t first = row.row_start;
    if (first >= tree.blocks.size()) return;
    std::vector<std::uint32_t> cell_of(tree.blocks.size() - first);
    std::size_t cells = 0;
    std::size_t header_cells = 0;
    std::size_t blocks_in_cell = 0;
    std::size_t bytes = 0;
    for (std::size_t i = first; i < tree.blocks.size(); ++i) {
      std::uint32_t n = tree.blocks[i].node;
      while (n != 0 && tree.nodes[n].parent != row.node) {
        if (tree.nodes[n].tag == "table") return;
        n = tree.nodes[n].parent;
      }
      if (n == 0 || !is_cell(n)) return;
      if (tree.blocks[i].kind == BlockKind::kHeading) return; // a layout cell holding a page's sections
      cell_of[i - first] = n;
      if (i == first || cell_of[i - first - 1] != n) {
        ++cells;
        header_cells += tree.nodes[n].tag == "th" ? 1 : 0;
        blocks_in_cell = 0;
      }
      bytes += tree.blocks[i].text.size();
      if (++blocks_in_cell > kMaxBlocksPerCell || bytes > kMaxRowBytes) return; // layout, not a data row
    }
    HtmlBlock merged;
    merged.node = row.node;
    merged.kind = BlockKind::kRow;
    for (std::size_t i = first; i < tree.blocks.size(); ++i) {
      if (i > first) merged.text += cell_of[i - first] == cell_of[i - first - 1] ? " " : " | ";
      merged.text += tree.blocks[i].text;
      merged.link_bytes += tree.blocks[i].link_bytes;
    }
    if (cells >= 2 && header_cells == cells) merged.kind = BlockKind::kHeaderRow;
    if (cells == 1 && header_cells == 1 && spanning_header_) {
      merged.kind = BlockKind::kHeading; // a header row of one cell across the table: the table's title
      if (tree.caption.empty()) tree.caption = merged.text;
    }
    tree.blocks.resize(first);
    tree.blocks.push_back(std::move(merged));
  }
};

Builder &builder(void *ctx) {
  auto *parser = static_cast<htmlParserCtxtPtr>(ctx);
  return *static_cast<Builder *>(parser->_private);
}

void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs) {
  builder(ctx).start(reinterpret_cast<const char *>(name), attrs);
}
void on_end(void *ctx, const xmlChar * /*name*/) { builder(ctx).end(); }
void on_text(void *ctx, const xmlChar *text, int len) {
  builder(ctx).text(std::string_view(reinterpret_cast<const char *>(text), static_cast<std::size_t>(len)));
}

} // namespace

HtmlTree parse_html_tree(std::string_view utf8) {
  ensure_libxml(); // libxml2's globals, before indexer threads race to set them up
  Builder b;
  // libxml2 takes an int size; larger inputs are parsed in the prefix it can address (callers cap size).
  const int size = static_cast<int>(std::min<std::size_t>(utf8.size(), std::numeric_limits<int>::max() / 2));
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(utf8.data(), size);
  if (ctxt == nullptr) return std::move(b.tree);
  htmlSAXHandler sax{};
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  // cdataBlock (script and style bodies) is left out: their text is never content.
  xmlSAXHandlerPtr old = ctxt->sax;
  ctxt->sax = &sax;
  ctxt->userData = ctxt;
  ctxt->_private = &b;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  ctxt->sax = old;
  if (ctxt->myDoc != nullptr) xmlFreeDoc(ctxt->myDoc);
  htmlFreeParserCtxt(ctxt);
  b.finish();
  return std::move(b.tree);
}

} // namespace parasearch::detail
