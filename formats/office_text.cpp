// OfficeText: paragraphs and table rows of DOCX/ODT documents -> cleaned passages and a title.
#include "formats/office_text.hpp"

#include "parasearch/paragraphs.hpp"
#include "parasearch/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace parasearch::detail {
namespace {

// `raw` cleaned like a text file's paragraph: whitespace collapsed, cut into pieces of at most
// max_paragraph_bytes, nothing without letters. It is one line, so the splitter keeps it whole.
std::vector<std::string> clean(std::string raw, const SplitOptions &split) {
  if (!is_valid_utf8(raw)) raw = sanitize_utf8(raw);
  SplitOptions one = split;
  one.detect_title = false;
  std::vector<std::string> out;
  for (Paragraph &p : split_paragraphs(raw, one).paragraphs)
    out.push_back(std::move(p.text));
  return out;
}

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace

void OfficeText::begin_paragraph(bool heading) { open_.push_back({"", heading}); }

void OfficeText::mark_heading() {
  if (!open_.empty()) open_.back().heading = true;
}

void OfficeText::append(std::string_view text) {
  if (open_.empty()) return;
  std::string &out = open_.back().text;
  for (const char c : text)
    out += (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') ? ' ' : c;
}

void OfficeText::end_paragraph() {
  if (open_.empty()) return;
  Passage p = std::move(open_.back());
  open_.pop_back();
  if (row_depth_ > 0) {
    if (cells_.empty()) cells_.emplace_back();
    std::string &cell = cells_.back();
    if (!cell.empty()) cell += ' ';
    cell += p.text;
  } else {
    passages_.push_back(std::move(p));
  }
}

void OfficeText::begin_row() {
  if (row_depth_++ == 0) cells_.clear();
}

void OfficeText::begin_cell() {
  if (row_depth_ == 1) cells_.emplace_back();
}

void OfficeText::end_row() {
  if (row_depth_ == 0 || --row_depth_ > 0) return;
  std::string row;
  for (const std::string &cell : cells_) {
    if (cell.find_first_not_of(' ') == std::string::npos) continue; // an empty cell
    if (!row.empty()) row += " | ";
    row += cell;
  }
  cells_.clear();
  if (!row.empty()) passages_.push_back({std::move(row), false});
}

ExtractedDocument OfficeText::finish(Format format, std::string_view title, std::string language,
                                     const ExtractOptions &options) {
  while (!open_.empty()) // a paragraph left open by a cut-short part
    end_paragraph();
  ExtractedDocument doc;
  doc.format = format;
  doc.layout = TextLayout::kBlankLineSeparated;
  doc.language = std::move(language);
  std::vector<std::string> t = clean(std::string(title), options.split);
  if (!t.empty()) doc.title = std::move(t.front());
  bool title_seen = false; // the passage repeating the title is dropped once
  for (Passage &p : passages_) {
    std::vector<std::string> pieces = clean(std::move(p.text), options.split);
    if (pieces.empty()) continue;
    if (doc.title.empty() && p.heading) {
      doc.title = std::move(pieces.front()); // the first heading is the title: not a passage too
      pieces.erase(pieces.begin());
      title_seen = true;
    }
    if (!title_seen && pieces.size() == 1 && same_text(pieces.front(), doc.title)) {
      title_seen = true;
      continue;
    }
    for (std::string &piece : pieces)
      doc.paragraphs.emplace_back().text = std::move(piece); // no page, line or language of its own
  }
  return doc;
}

} // namespace parasearch::detail
