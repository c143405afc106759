// Paragraph splitter: split_paragraphs() runs the steps of indexer/split_steps.hpp in order; the title,
// grouping, header/footer and length steps live here, the line steps in split_lines.cpp and the hyphen
// repair in hyphens.cpp.
#include "parasearch/paragraphs.hpp"

#include "indexer/split_steps.hpp"

#include <xapian.h>

#include <algorithm>
#include <unordered_set>

namespace parasearch {
namespace detail {
namespace {

std::string normalise_for_compare(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_cp(s, i);
    if (is_space(cp)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(static_cast<unsigned>(cp)));
  }
  return out;
}

// Words a title never ends with: a line ending in one continues on the next line.
bool is_function_word(const std::string &lower) {
  static const std::unordered_set<std::string> kWords = {
      "a",   "an",  "and", "the", "of",  "to",  "in", "on",  "for", "with", "by",  "at",  "from",
      "or",  "de",  "la",  "le",  "les", "des", "du", "et",  "y",   "el",   "los", "las", "del",
      "und", "der", "die", "das", "den", "von", "zu", "que", "en",  "e",    "di",  "il",  "per"};
  return kWords.count(lower) > 0;
}

// Number of space-separated tokens that contain a letter, counting up to `limit`.
std::size_t word_count(std::string_view s, std::size_t limit) {
  std::size_t n = 0;
  bool counted = false;
  for (std::size_t i = 0; i < s.size() && n < limit;) {
    const char32_t cp = next_cp(s, i);
    if (cp == ' ') {
      counted = false;
    } else if (!counted && is_letter(cp)) {
      ++n;
      counted = true;
    }
  }
  return n;
}

std::string_view line_text(std::string_view text, const Line &l) { return text.substr(l.begin, l.end - l.begin); }

} // namespace

// ---- title --------------------------------------------------------------------------------------

bool reads_like_title(std::string_view s) {
  std::size_t words = 0, long_words = 0, capitalised = 0;
  std::string last;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && s[i] == ' ')
      ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ')
      ++i;
    if (i == start) break;
    const std::string_view w = s.substr(start, i - start);
    std::size_t j = 0, letters = 0;
    bool upper_first = false, seen = false;
    while (j < w.size()) {
      const char32_t cp = next_cp(w, j);
      if (!is_letter(cp)) continue;
      if (!seen) upper_first = is_upper(cp);
      seen = true;
      ++letters;
    }
    if (letters == 0) continue;
    ++words;
    if (letters >= 4) {
      ++long_words;
      capitalised += upper_first;
    }
    last = lower(w);
  }
  if (words == 0 || is_function_word(last)) return false;
  return words <= 6 || capitalised * 4 >= long_words * 3;
}

std::size_t find_title(std::string_view text, const std::vector<Content> &content, TextLayout layout,
                       std::string &title) {
  if (content.size() < 2) return 0;
  // A heading-like first line, followed by the start of a new paragraph.
  const Line &first = *content[0].line;
  const Content &next = content[1];
  const bool separated = layout == TextLayout::kHardWrapped
                             ? next.blank_before
                             : layout == TextLayout::kLinePerParagraph || next.blank_before;
  if (!is_heading_like(first) || !separated || next.line->starts_lower || !reads_like_title(line_text(text, first)))
    return 0;
  title = std::string(line_text(text, first));
  return 1;
}

std::vector<bool> find_title_copies(std::string_view text, const std::vector<Content> &content, std::size_t first_body,
                                    const std::string &title) {
  std::vector<bool> drop(content.size(), false);
  if (title.empty()) return drop;
  const std::string want = normalise_for_compare(title);
  for (std::size_t i = first_body; i < std::min(content.size(), first_body + 12); ++i) {
    std::string acc;
    for (std::size_t j = i; j < content.size() && j < i + 4; ++j) {
      if (!acc.empty()) acc += ' ';
      acc += normalise_for_compare(line_text(text, *content[j].line));
      if (acc == want) {
        std::fill(drop.begin() + static_cast<std::ptrdiff_t>(i), drop.begin() + static_cast<std::ptrdiff_t>(j) + 1,
                  true);
        break;
      }
      if (!want.starts_with(acc)) break;
    }
  }
  return drop;
}

// ---- paragraphs ---------------------------------------------------------------------------------

std::vector<Draft> join_lines(std::string_view text, const std::vector<Content> &content, TextLayout layout,
                              std::size_t first_body, const std::vector<bool> &drop) {
  std::size_t wrap_width = 0;
  if (layout == TextLayout::kHardWrapped) {
    std::vector<std::size_t> widths;
    widths.reserve(content.size());
    for (const Content &c : content)
      widths.push_back(c.line->width);
    std::sort(widths.begin(), widths.end());
    wrap_width = widths[widths.size() * 9 / 10];
  }
  LineJoiner joiner(text);
  std::vector<Draft> drafts;
  const Line *prev = nullptr;
  for (std::size_t i = first_body; i < content.size(); ++i) {
    if (drop[i]) {
      prev = nullptr;
      continue;
    }
    const Line &l = *content[i].line;
    bool start_new = prev == nullptr || drafts.empty();
    if (!start_new) {
      switch (layout) {
      case TextLayout::kLinePerParagraph: start_new = true; break;
      case TextLayout::kBlankLineSeparated: start_new = content[i].blank_before; break;
      case TextLayout::kHardWrapped:
        start_new = !l.starts_lower && prev->ends_sentence && (prev->width * 10 < wrap_width * 8 || l.list_item);
        break;
      }
    }
    if (start_new) drafts.push_back({std::string(), l.number});
    joiner.append(drafts.back().text, line_text(text, l));
    prev = &l;
  }
  return drafts;
}

std::pair<std::size_t, std::size_t> body_range(const std::vector<Draft> &drafts, bool has_masthead) {
  // Header and footer lines: short non-sentences before the first or after the last real paragraph,
  // in a document with a masthead (a title), or set off with layout separators ("•", "|"). Elsewhere
  // a short first line (a heading the title rules did not take) stays a passage: never lose text.
  auto is_edge_junk = [&](const Draft &d) {
    // How a paragraph ends is decided by its last characters: look at the tail only (fast on a huge one).
    std::size_t tail = d.text.size() > 256 ? d.text.size() - 256 : 0;
    while (tail > 0 && (static_cast<unsigned char>(d.text[tail]) & 0xC0) == 0x80)
      --tail; // UTF-8 boundary
    const Line l = describe(d.text, tail, d.text.size(), 0);
    if (l.ends_sentence || word_count(d.text, 12) >= 12) return false;
    return has_masthead || d.text.find("\xE2\x80\xA2") != std::string::npos || d.text.find('|') != std::string::npos;
  };
  std::size_t lo = 0, hi = drafts.size();
  while (lo < hi && is_edge_junk(drafts[lo]))
    ++lo;
  while (hi > lo && is_edge_junk(drafts[hi - 1]))
    --hi;
  if (lo == hi) return {0, drafts.size()}; // nothing looks like prose: keep everything
  return {lo, hi};
}

void cut_long(const std::string &text, std::size_t max_bytes, std::vector<std::string> &out) {
  std::string_view rest = text;
  while (rest.size() > max_bytes) {
    std::size_t cut = std::string_view::npos;
    for (std::size_t p = max_bytes; p > max_bytes / 2; --p) {
      if (rest[p] == ' ' && (rest[p - 1] == '.' || rest[p - 1] == '!' || rest[p - 1] == '?')) {
        cut = p;
        break;
      }
    }
    if (cut == std::string_view::npos) cut = rest.rfind(' ', max_bytes);
    if (cut == std::string_view::npos || cut < max_bytes / 2) {
      cut = max_bytes;
      while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80)
        --cut; // UTF-8 boundary
    }
    std::string_view piece = rest.substr(0, cut);
    while (!piece.empty() && piece.back() == ' ')
      piece.remove_suffix(1);
    if (!piece.empty()) out.emplace_back(piece);
    rest.remove_prefix(cut);
    while (!rest.empty() && rest.front() == ' ')
      rest.remove_prefix(1);
  }
  if (!rest.empty()) out.emplace_back(rest);
}

} // namespace detail

std::string_view layout_name(TextLayout layout) {
  switch (layout) {
  case TextLayout::kLinePerParagraph: return "line";
  case TextLayout::kBlankLineSeparated: return "blank";
  case TextLayout::kHardWrapped: return "wrapped";
  }
  return "unknown";
}

SplitDocument split_paragraphs(std::string_view utf8_text, const SplitOptions &options) {
  using namespace detail;
  SplitDocument doc;
  // 1. Line ends, and words broken by a line break that left its mark. LF-only text without such marks
  // (the usual case) is used in place: a copy would double peak memory.
  std::string normalised;
  std::string_view text = utf8_text;
  if (text.find('\r') != std::string_view::npos) {
    normalised = normalise_line_ends(utf8_text);
    text = normalised;
  }
  if (has_word_break_marks(text)) {
    normalised = join_broken_words(text);
    text = normalised;
  }
  // 2. Lines, and 3. the layout.
  const std::vector<Line> lines = describe_lines(text);
  const std::vector<Content> content = content_lines(lines);
  doc.layout = detect_body_layout(content);
  // 4. The title and its copies.
  const std::size_t first_body = options.detect_title ? find_title(text, content, doc.layout, doc.title) : 0;
  const std::vector<bool> drop = find_title_copies(text, content, first_body, doc.title);
  // 5. Lines into paragraphs, repairing line-end hyphens.
  std::vector<Draft> drafts = join_lines(text, content, doc.layout, first_body, drop);
  // 6. Header and footer lines, and 7. over-long paragraphs.
  const auto [lo, hi] = body_range(drafts, !doc.title.empty());
  unsigned number = 0;
  std::vector<std::string> pieces;
  for (std::size_t i = lo; i < hi; ++i) {
    pieces.clear();
    cut_long(drafts[i].text, std::max<std::size_t>(options.max_paragraph_bytes, 64), pieces);
    for (std::string &p : pieces)
      doc.paragraphs.push_back({++number, drafts[i].first_line, std::move(p)});
  }
  return doc;
}

} // namespace parasearch
