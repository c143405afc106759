// PDF reader (poppler-cpp): words with their boxes, page by page -> lines -> paragraphs (by vertical
// gaps, short last lines, indents and list labels) -> split_paragraphs(), which repairs hard wraps and
// line-end hyphens. Lines repeated at the top or bottom of most pages (running headers and footers) are
// dropped. Each paragraph keeps the page its first line is on.
#include "formats/readers.hpp"

#include "common/utf8.hpp"
#include "parasearch/text.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <xapian.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace parasearch::detail {
namespace {

// ---- poppler ---------------------------------------------------------------------------------------

// Poppler reports problems of damaged files on stderr; the indexer must not print them. The first message
// of the current thread's document is kept for the "damaged: ..." reason.
thread_local std::string t_first_poppler_error;

// poppler's error callback: keeps the thread's first message, prints nothing.
void on_poppler_error(const std::string &message, void *) {
  if (t_first_poppler_error.empty()) t_first_poppler_error = message;
}

// Routes poppler's messages to on_poppler_error (once per process).
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(on_poppler_error, nullptr); });
}

// `s` as valid UTF-8 on one line: control characters (tabs, line ends) become spaces.
std::string to_utf8(const poppler::ustring &s) {
  const poppler::byte_array bytes = s.to_utf8();
  std::string out = sanitize_utf8(std::string_view(bytes.data(), bytes.size()));
  std::replace_if(
      out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }, ' ');
  return out;
}

// A document information string: poppler reads one without a UTF-16 byte order mark as Latin-1, but it is
// PDFDocEncoding, whose 0x80-0x9E are punctuation ("6\x85" is "6–"): those are mapped here.
std::string info_to_utf8(poppler::ustring s) {
  static constexpr char16_t kPdfDoc[31] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                                           0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
                                           0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
                                           0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E};
  for (auto &unit : s)
    if (unit >= 0x80 && unit <= 0x9E) unit = static_cast<poppler::ustring::value_type>(kPdfDoc[unit - 0x80]);
  return to_utf8(s);
}

// ---- words and lines -------------------------------------------------------------------------------

// A word as poppler found it, upright: its box from the top-left corner of the page.
struct Word {
  std::string text;      ///< One line, valid UTF-8.
  double x0, y0, x1, y1; ///< Left, top, right, bottom.
  bool space_after;      ///< poppler saw a space after it.
};

// A line of text on a page.

struct PdfLine {
  std::string text;               ///< Its words, left to right.
  std::vector<std::size_t> parts; ///< Byte offsets in `text` where a part set off by a wide gap starts.
  double x0 = 0, y0 = 0, x1 = 0;  ///< Left, top, right (top-left origin).
  double y1 = 0;                  ///< Baseline: the bottom of most of its words.
  double height = 0;              ///< Median word height: the font size, roughly.
  unsigned page = 0;              ///< From 1.
  bool footnote = false;          ///< Starts with a raised footnote number (dropped from `text`).
  double page_width = 0;          ///< Of its page.
};

// The median of `v` (of an even count, the lower middle value, or the upper one if `upper`), or `fallback`
// if it is empty.
double median(std::vector<double> v, double fallback, bool upper = false) {
  if (v.empty()) return fallback;
  const std::size_t mid = upper ? v.size() / 2 : (v.size() - 1) / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  return v[mid];
}

// Words of a page grouped into lines, top to bottom, each line's words left to right. A word joins a line
// when their vertical extents overlap by at least half the smaller height (superscripts included).
std::vector<PdfLine> page_lines(std::vector<Word> words, unsigned page, double page_width) {
  std::sort(words.begin(), words.end(), [](const Word &a, const Word &b) {
    return (a.y0 + a.y1) / 2 < (b.y0 + b.y1) / 2 || ((a.y0 + a.y1) / 2 == (b.y0 + b.y1) / 2 && a.x0 < b.x0);
  });
  struct Group {
    double y0, y1;
    std::vector<const Word *> words;
  };
  std::vector<Group> groups;
  for (const Word &w : words) {
    const double h = w.y1 - w.y0;
    Group *into = nullptr;
    // Only the last few lines can overlap a word further down (words are sorted by their centre).
    for (std::size_t g = groups.size(); g > 0 && g + 3 > groups.size(); --g) {
      Group &cand = groups[g - 1];
      const double overlap = std::min(cand.y1, w.y1) - std::max(cand.y0, w.y0);
      if (overlap >= 0.5 * std::min(h, cand.y1 - cand.y0)) {
        into = &cand;
        break;
      }
    }
    if (!into) {
      groups.push_back({w.y0, w.y1, {}});
      into = &groups.back();
    } else {
      into->y0 = std::min(into->y0, w.y0);
      into->y1 = std::max(into->y1, w.y1);
    }
    into->words.push_back(&w);
  }
  std::vector<PdfLine> lines;
  lines.reserve(groups.size());
  std::vector<double> heights, bottoms;
  for (Group &g : groups) {
    std::sort(g.words.begin(), g.words.end(), [](const Word *a, const Word *b) { return a->x0 < b->x0; });
    heights.clear();
    bottoms.clear();
    for (const Word *w : g.words) {
      heights.push_back(w->y1 - w->y0);
      bottoms.push_back(w->y1);
    }
    // Upper medians: in a line of two words, one a raised footnote marker, the other one counts.
    const double height = median(heights, 0, true), baseline = median(bottoms, 0, true);
    // Footnote markers: short raised numbers ("agriculture² and"); not text a reader searches for. One
    // at the start of the line begins a footnote.
    const auto is_marker = [&](const Word *w) {
      return g.words.size() > 1 && w->y1 - w->y0 < 0.8 * height && w->y1 < baseline - 0.2 * height &&
             w->text.size() <= 3 &&
             std::all_of(w->text.begin(), w->text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '*'; });
    };
    const bool footnote = is_marker(g.words.front());
    std::erase_if(g.words, is_marker);
    PdfLine line;
    line.page = page;
    line.page_width = page_width;
    line.footnote = footnote;
    line.height = height;
    line.x0 = g.words.front()->x0;
    line.y0 = g.y0;
    line.y1 = baseline;
    for (std::size_t i = 0; i < g.words.size(); ++i) {
      const Word &w = *g.words[i];
      line.text += w.text;
      line.x1 = std::max(line.x1, w.x1);
      if (i + 1 < g.words.size()) {
        const Word &next = *g.words[i + 1];
        const double gap = next.x0 - w.x1;
        if (w.space_after || gap > 0.15 * (w.y1 - w.y0)) line.text += ' ';
        if (gap > 3 * height) line.parts.push_back(line.text.size()); // another column or a right-aligned part
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// ---- running headers and footers -------------------------------------------------------------------

// Lines this close to the top or bottom of a page may be running headers or footers.
constexpr std::size_t kEdgeLines = 3;

// The line as compared across pages: lower-case ASCII, digit runs as one '#', whitespace collapsed.
std::string header_key(std::string_view s) {
  std::string key;
  bool digit = false, space = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (!digit) key += '#';
      digit = true;
      space = false;
      continue;
    }
    digit = false;
    if (c == ' ' || c == '\t') {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return key;
}

// True if `s` is one code-like token: no spaces, at least 4 digits, no lower-case letter, not ending a
// sentence (UN job numbers "GE.05-61261", "GE.22-03273(E)", barcodes "*1601194*").
bool is_code_line(std::string_view s) {
  if (s.size() < 6 || s.find(' ') != std::string_view::npos) return false;
  std::size_t digits = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    digits += c >= '0' && c <= '9';
  }
  const char end = s.back();
  return digits >= 4 && end != '.' && end != ',' && end != ';' && end != ':';
}

// The first and last parts of a line (see PdfLine::parts) as [begin, end) byte ranges; none if it has one.
std::vector<std::pair<std::size_t, std::size_t>> edge_parts(const PdfLine &l) {
  if (l.parts.empty()) return {};
  return {{0, l.parts.front()}, {l.parts.back(), l.text.size()}};
}

// Finds the running headers and footers: lines, or the first or last part of lines, among the first or last
// kDropLines of a page whose key is found among the first or last kEdgeLines of more than half of the pages
// (and of at least two); and code-like lines (is_code_line) among the first or last kEdgeLines of a page.
// Marks (true) the whole lines found; takes the parts found out of their lines.
std::vector<bool> drop_running_lines(std::vector<PdfLine> &lines, unsigned pages) {
  constexpr std::size_t kDropLines = 2 * kEdgeLines;
  std::vector<std::size_t> from_edge(lines.size(), 0); // 0 = at the top or bottom
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    while (j < lines.size() && lines[j].page == lines[i].page)
      ++j;
    for (std::size_t k = i; k < j; ++k)
      from_edge[k] = std::min(k - i, j - 1 - k);
    i = j;
  }
  std::unordered_map<std::string, std::unordered_set<unsigned>> pages_of;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (from_edge[i] >= kEdgeLines) continue;
    pages_of[header_key(lines[i].text)].insert(lines[i].page);
    for (const auto &[b, e] : edge_parts(lines[i]))
      pages_of[header_key(std::string_view(lines[i].text).substr(b, e - b))].insert(lines[i].page);
  }
  const auto running = [&](std::string_view text) {
    const auto it = pages_of.find(header_key(text));
    const std::size_t n = it == pages_of.end() ? 0 : it->second.size();
    return n >= 2 && n * 2 > pages;
  };
  std::vector<bool> drop(lines.size(), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (from_edge[i] >= kDropLines) continue;
    PdfLine &l = lines[i];
    drop[i] = running(l.text) || (from_edge[i] < kEdgeLines && is_code_line(l.text));
    if (drop[i] || l.parts.empty()) continue;
    const std::string_view text = l.text;
    std::size_t begin = 0, end = text.size();
    if (running(text.substr(0, l.parts.front()))) begin = l.parts.front();
    if (running(text.substr(l.parts.back()))) end = l.parts.back();
    if (begin >= end) {
      drop[i] = true;
    } else if (begin > 0 || end < text.size()) {
      std::string kept(text.substr(begin, end - begin));
      while (!kept.empty() && kept.back() == ' ')
        kept.pop_back();
      l.text = std::move(kept);
      l.parts.clear();
    }
  }
  return drop;
}

// ---- paragraphs ------------------------------------------------------------------------------------

// The first code point of `s` that is a letter or digit, or 0.
char32_t first_alnum(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) { // invalid UTF-8 (not expected: the text is sanitised)
      ++i;
      continue;
    }
    const char32_t cp = utf8_code_point(s, i, len);
    i += len;
    const auto cat = Xapian::Unicode::get_category(static_cast<unsigned>(cp));
    if (cat <= Xapian::Unicode::OTHER_LETTER || cat == Xapian::Unicode::DECIMAL_DIGIT_NUMBER) return cp;
  }
  return 0;
}

// Ends a sentence or a clause that closes an item: . ! ? : ; (closing quotes and brackets skipped).
bool ends_clause(std::string_view s) {
  while (!s.empty()) {
    const unsigned char c = static_cast<unsigned char>(s.back());
    if (c == ' ' || c == '"' || c == '\'' || c == ')' || c == ']') {
      s.remove_suffix(1);
    } else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99")) { // ” ’
      s.remove_suffix(3);
    } else {
      return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || s.ends_with("\xE2\x80\xA6");
    }
  }
  return false;
}

// `s` without the opening quotes it starts with.
std::string_view skip_opening_quotes(std::string_view s) {
  for (;;) {
    if (s.starts_with("\xE2\x80\x9C") || s.starts_with("\xE2\x80\x98")) { // “ ‘
      s.remove_prefix(3);
    } else if (s.starts_with("\"") || s.starts_with("'")) {
      s.remove_prefix(1);
    } else {
      return s;
    }
  }
}

// Bytes of the list label `s` starts with ("1.", "12.", "(a)", "(iv)", "a)", "•", "-", "–", after opening
// quotes), or 0 if it starts with none.
std::size_t list_label(std::string_view s) {
  const std::size_t quotes = s.size() - skip_opening_quotes(s).size();
  s.remove_prefix(quotes);
  if (s.starts_with("\xE2\x80\xA2") || s.starts_with("\xE2\x80\x93 ")) return quotes + 3;
  if (s.starts_with("- ")) return quotes + 1;
  std::size_t i = 0;
  const bool paren = !s.empty() && s[0] == '(';
  if (paren) ++i;
  const std::size_t start = i;
  bool digits = true;
  while (i < s.size() && i - start < 6 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z'))) {
    digits = digits && s[i] >= '0' && s[i] <= '9';
    ++i;
  }
  if (i == start || i >= s.size() || (i + 1 < s.size() && s[i + 1] != ' ')) return 0;
  if (s[i] == ')' || (!paren && digits && s[i] == '.')) return quotes + i + 1;
  return 0;
}

// True if the first letter or digit after any list label is a lower-case letter.
bool starts_lower(std::string_view s) {
  const char32_t cp = first_alnum(s.substr(list_label(s)));
  return cp != 0 && Xapian::Unicode::get_category(static_cast<unsigned>(cp)) == Xapian::Unicode::LOWERCASE_LETTER;
}

// The usual geometry of the body text: line height, distance between baselines, left and right margins.
struct BodyMetrics {
  double height = 10, pitch = 12, left = 0, right = 0;
};

// The BodyMetrics of the lines not `dropped`.
BodyMetrics body_metrics(const std::vector<PdfLine> &lines, const std::vector<bool> &dropped) {
  std::vector<double> heights, steps, lefts, rights;
  const PdfLine *last = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (dropped[i]) continue;
    heights.push_back(lines[i].height);
    lefts.push_back(lines[i].x0);
    rights.push_back(lines[i].x1);
    if (last && last->page == lines[i].page && lines[i].y1 > last->y1) steps.push_back(lines[i].y1 - last->y1);
    last = &lines[i];
  }
  BodyMetrics m;
  m.height = median(heights, 10);
  m.pitch = median(steps, 12);
  std::sort(lefts.begin(), lefts.end());
  std::sort(rights.begin(), rights.end());
  m.left = lefts.empty() ? 0 : lefts[lefts.size() / 10];
  m.right = rights.empty() ? 0 : rights[rights.size() * 9 / 10];
  return m;
}

// True if `line` starts a new paragraph after `prev` (the previous kept line, maybe on the page before).
bool starts_paragraph(const PdfLine &prev, const PdfLine &line, const BodyMetrics &body) {
  const double pitch = body.pitch, left = body.left, right = body.right;
  const double h = std::max(prev.height, line.height);
  if (line.page == prev.page) {
    const double step = line.y1 - prev.y1;
    if (step > 1.4 * std::max(pitch, 1.15 * h) || step < 0) return true; // a gap, or a new column
    if (std::abs(line.height - prev.height) > 0.12 * h) return true;     // another font size: a heading
  }
  const bool lower = starts_lower(line.text);
  if (lower) return false;
  const bool heading = line.page == prev.page && prev.height > 1.1 * body.height; // same size: checked above
  if (!heading && prev.x1 < right - 0.1 * (right - left)) return true; // the previous line ends its paragraph
  if (!ends_clause(prev.text)) return false;
  if (line.page != prev.page) return true; // a sentence ends at the foot of a page, one starts on the next
  return list_label(line.text) > 0 || line.x0 > left + 1.5 * h; // a label or a first-line indent
}

// The lines not `dropped` grouped into paragraphs (lists of indices into `lines`), in reading order.
// Footnotes (small lines at the foot of a page) become paragraphs of their own, so that a paragraph
// running on to the next page is not cut by them.
std::vector<std::vector<std::size_t>> group_paragraphs(const std::vector<PdfLine> &lines,
                                                       const std::vector<bool> &dropped, const BodyMetrics &body) {
  // Paragraphs as lists of line indices, in reading order.
  std::vector<std::vector<std::size_t>> paragraphs;
  std::size_t text = SIZE_MAX; // the paragraph the body text was last added to
  for (std::size_t first = 0; first < lines.size();) {
    std::size_t end = first;
    while (end < lines.size() && lines[end].page == lines[first].page)
      ++end;
    // The footnote zone: the small lines at the foot of the page (page numbers below them do not count).
    std::size_t notes = end;
    for (std::size_t i = end; i > first; --i) {
      const PdfLine &l = lines[i - 1];
      if (dropped[i - 1]) continue;
      const bool number = l.text.find_first_not_of("0123456789 ") == std::string::npos;
      if (l.height < 0.9 * body.height) {
        notes = i - 1;
      } else if (!number) {
        break;
      }
    }
    std::size_t note = SIZE_MAX; // the footnote paragraph being built on this page
    for (std::size_t i = first; i < end; ++i) {
      if (dropped[i]) continue;
      std::size_t &into = i >= notes ? note : text;
      if (into == SIZE_MAX || lines[i].footnote || starts_paragraph(lines[paragraphs[into].back()], lines[i], body)) {
        into = paragraphs.size();
        paragraphs.emplace_back();
      }
      paragraphs[into].push_back(i);
    }
    first = end;
  }
  return paragraphs;
}

// Number of space-separated tokens of `s` with at least two ASCII letters, counting up to 9.
std::size_t word_count(std::string_view s) {
  std::size_t words = 0, letters = 0;
  for (std::size_t i = 0; i <= s.size() && words < 9; ++i) {
    if (i == s.size() || s[i] == ' ') {
      words += letters >= 2;
      letters = 0;
    } else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) {
      ++letters;
    }
  }
  return words;
}

// The title heading on page 1, taken out of `paragraphs`: the paragraph of three words or more set in the
// largest type, if that is at least 15 % larger than the body text; else the first paragraph of four words
// or more, centred on the page, at least as large as the body, not ending a sentence, without leader dots. "" if there
// is none.
std::string take_heading_title(const std::vector<PdfLine> &lines, std::vector<std::vector<std::size_t>> &paragraphs,
                               const BodyMetrics &body) {
  std::size_t best = SIZE_MAX, centred = SIZE_MAX;
  double best_height = 1.15 * body.height;
  const double width = body.right - body.left;
  for (std::size_t p = 0; p < paragraphs.size() && lines[paragraphs[p].front()].page == 1; ++p) {
    const PdfLine &first = lines[paragraphs[p].front()];
    std::string text;
    for (std::size_t i : paragraphs[p])
      text += lines[i].text + ' ';
    const std::size_t words = word_count(text);
    if (first.height > best_height && words >= 3) {
      best = p;
      best_height = first.height;
    }
    if (centred == SIZE_MAX && words >= 4 && first.height >= 0.95 * body.height && first.x0 > body.left + 0.1 * width &&
        std::abs((first.x0 + first.x1) - first.page_width) < 0.12 * first.page_width &&
        !ends_clause(lines[paragraphs[p].back()].text) && text.find("...") == std::string::npos)
      centred = p;
  }
  if (best == SIZE_MAX) best = centred;
  if (best == SIZE_MAX) return {};
  std::string title;
  for (std::size_t i : paragraphs[best]) {
    if (!title.empty()) title += ' ';
    title += lines[i].text;
  }
  paragraphs.erase(paragraphs.begin() + static_cast<std::ptrdiff_t>(best));
  return title;
}

// A document information Title worth showing: two words or more, not a file name ("cp6a1 reissued.doc",
// "g9561655.wpf") or the name of the program that made the PDF ("Microsoft Word - ..."). "" otherwise.
std::string meaningful_title(std::string title) {
  std::replace_if(
      title.begin(), title.end(), [](char c) { return c == '\t' || c == '\r' || c == '\n'; }, ' ');
  while (!title.empty() && title.back() == ' ')
    title.pop_back();
  const std::size_t space = title.find(' ');
  if (space == std::string::npos || title.starts_with("Microsoft ")) return {};
  const std::size_t dot = title.rfind('.');
  if (dot != std::string::npos && title.size() - dot >= 3 && title.size() - dot <= 5 &&
      title.find(' ', dot) == std::string::npos)
    return {}; // ends with a file name extension
  return title;
}

// Text for split_paragraphs(): the `paragraphs` of `lines`, one line per text line, a blank line between
// paragraphs. line_page[n] is set to the page of text line n (from 1).
std::string paragraph_text(const std::vector<PdfLine> &lines, const std::vector<std::vector<std::size_t>> &paragraphs,
                           std::vector<unsigned> &line_page) {
  std::string text;
  line_page.assign(1, 0);
  for (const std::vector<std::size_t> &para : paragraphs) {
    if (!text.empty()) {
      text += '\n';
      line_page.push_back(lines[para.front()].page);
    }
    for (std::size_t i : para) {
      text += lines[i].text;
      text += '\n';
      line_page.push_back(lines[i].page);
    }
  }
  return text;
}

} // namespace

ExtractedDocument read_pdf(std::string_view bytes, const ExtractOptions &options) {
  silence_poppler();
  t_first_poppler_error.clear();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw ExtractError("too large for the PDF reader (2 GB)");
  const std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) {
    if (bytes.find("/Encrypt") != std::string_view::npos) throw ExtractError("encrypted (needs a password)");
    std::string_view first = t_first_poppler_error;
    if (first.starts_with("error: ")) first.remove_prefix(7); // poppler's own prefix
    std::string why = sanitize_utf8(first.substr(0, 200));
    std::replace_if(
        why.begin(), why.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
    throw ExtractError("damaged: " + (why.empty() ? std::string("poppler cannot open it") : why));
  }
  if (pdf->is_locked()) throw ExtractError("encrypted (needs a password)");
  const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  if (tail.find("%%EOF") == std::string_view::npos) throw ExtractError("damaged: truncated (no %%EOF at the end)");
  const int page_count = pdf->pages();
  if (page_count <= 0) throw ExtractError("damaged: no pages");

  ExtractedDocument doc;
  doc.format = Format::kPdf;
  doc.layout = TextLayout::kBlankLineSeparated;
  std::vector<PdfLine> lines;
  std::vector<std::string> labels(static_cast<std::size_t>(page_count));
  for (int p = 0; p < page_count; ++p) {
    const std::unique_ptr<poppler::page> page(pdf->create_page(p));
    if (!page) continue;
    const std::string label = to_utf8(page->label());
    if (label != std::to_string(p + 1)) labels[static_cast<std::size_t>(p)] = label;
    const poppler::rectf media = page->page_rect();
    const double width = media.width(), height = media.height();
    std::vector<Word> words[4]; // by rotation: 0, 90, 180, 270 degrees
    for (const poppler::text_box &box : page->text_list()) {
      std::string text = to_utf8(box.text());
      if (text.find_first_not_of(' ') == std::string::npos) continue;
      const poppler::rectf r = box.bbox();
      if (!std::isfinite(r.left()) || !std::isfinite(r.top()) || !std::isfinite(r.right()) ||
          !std::isfinite(r.bottom()))
        continue;
      // Rotated text (a landscape table on a portrait page) is turned upright: x along the line, y down.
      const int rotation = box.rotation();
      Word w{std::move(text), r.left(), r.top(), r.right(), r.bottom(), box.has_space_after()};
      if (rotation == 1) { // reads downwards, the next line to its left
        w = {std::move(w.text), r.top(), width - r.right(), r.bottom(), width - r.left(), w.space_after};
      } else if (rotation == 2) { // upside down
        w = {std::move(w.text), width - r.right(), height - r.bottom(),
             width - r.left(),  height - r.top(),  w.space_after};
      } else if (rotation == 3) { // reads upwards, the next line to its right
        w = {std::move(w.text), height - r.bottom(), r.left(), height - r.top(), r.right(), w.space_after};
      }
      words[rotation >= 0 && rotation < 4 ? rotation : 0].push_back(std::move(w));
    }
    for (int rotation = 0; rotation < 4; ++rotation) {
      if (words[rotation].empty()) continue;
      std::vector<PdfLine> page_text =
          page_lines(std::move(words[rotation]), static_cast<unsigned>(p + 1), rotation % 2 == 0 ? width : height);
      std::move(page_text.begin(), page_text.end(), std::back_inserter(lines));
    }
  }
  if (lines.empty()) throw ExtractError("no text layer: scanned pages need OCR");

  const std::vector<bool> running = drop_running_lines(lines, static_cast<unsigned>(page_count));
  const BodyMetrics body = body_metrics(lines, running);
  std::vector<std::vector<std::size_t>> paragraphs = group_paragraphs(lines, running, body);
  // The title: the document information's if meaningful, else the heading in the largest type on page 1,
  // else what the splitter takes for one. The heading is no passage either way.
  SplitOptions split_options = options.split;
  if (options.split.detect_title) {
    std::string heading = take_heading_title(lines, paragraphs, body);
    doc.title = meaningful_title(info_to_utf8(pdf->get_title()));
    if (doc.title.empty()) doc.title = std::move(heading);
    if (!doc.title.empty()) split_options.detect_title = false;
  }
  std::vector<unsigned> line_page;
  const std::string text = paragraph_text(lines, paragraphs, line_page);
  paragraphs.clear();
  SplitDocument split = split_paragraphs(text, split_options);
  if (doc.title.empty()) doc.title = std::move(split.title);
  doc.paragraphs.reserve(split.paragraphs.size());
  for (Paragraph &para : split.paragraphs) {
    ExtractedParagraph &out = doc.paragraphs.emplace_back();
    out.text = std::move(para.text);
    out.page = para.first_line < line_page.size() ? line_page[para.first_line] : 0;
    if (out.page > 0) out.page_label = labels[out.page - 1];
  }
  return doc;
}

} // namespace parasearch::detail
