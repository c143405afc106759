// Paragraph splitter. Pipeline: normalise line ends -> describe each line -> detect the layout ->
// find the title and its copies -> group lines into paragraphs -> drop header/footer lines -> cap length.
#include "parasearch/paragraphs.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <unordered_set>

namespace parasearch {
namespace {

using Xapian::Unicode::category;

// ---- small UTF-8 helpers ----------------------------------------------------------------------

// Decodes the code point starting at s[i] (valid UTF-8 assumed) and advances i.
char32_t next_cp(std::string_view s, std::size_t &i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : 4;
  if (i + len > s.size()) len = s.size() - i;
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Decodes the code point ending just before s[end] and moves end to its first byte.
char32_t prev_cp(std::string_view s, std::size_t &end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4)
    --start;
  std::size_t i = start;
  const char32_t cp = next_cp(s, i);
  end = start;
  return cp;
}

category cat(char32_t cp) { return Xapian::Unicode::get_category(static_cast<unsigned>(cp)); }

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; // ASCII fast path
  switch (cat(cp)) {
  case category::UPPERCASE_LETTER:
  case category::LOWERCASE_LETTER:
  case category::TITLECASE_LETTER:
  case category::MODIFIER_LETTER:
  case category::OTHER_LETTER: return true;
  default: return false;
  }
}

bool is_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == '\r' || cp == '\n';
  return cp == 0xA0 || cp == 0x3000 || Xapian::Unicode::is_whitespace(static_cast<unsigned>(cp));
}

// Closing quotes and brackets that may follow a sentence's final punctuation.
bool is_closer(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
         cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

bool is_sentence_end(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';' || cp == 0x2026 /* … */ ||
         cp == 0x3002 /* 。 */ || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1A || cp == 0x0964 /* । */ ||
         cp == 0x061F /* ؟ */ || cp == 0x06D4;
}

bool is_hyphen(char32_t cp) { return cp == '-' || cp == 0xAD /* soft hyphen */ || cp == 0x2010; }

std::string lower_ascii_or_unicode(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    for (char c : word)
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
    return out;
  }
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  return out;
}

// ---- line description ---------------------------------------------------------------------------

struct Line {
  std::size_t begin = 0, end = 0; // trimmed content, byte offsets into the normalised text
  unsigned number = 0;            // from 1
  bool blank = false;
  bool skippable = false; // page number or no letters at all ("| |||", "* *** *", "12")
  bool ends_sentence = false;
  bool ends_hyphen = false; // letter followed by a hyphen at the end: a possible word break
  bool ends_weak = false;   // ends with , ; : or a hyphen: cannot be a title
  bool starts_lower = false;
  bool list_item = false;
  std::size_t width = 0; // code points
};

bool looks_like_list_item(std::string_view s) {
  std::size_t i = 0;
  if (s.empty()) return false;
  if (s[0] == '(' && s.size() >= 3) {
    const std::size_t close = s.find(')');
    return close != std::string_view::npos && close <= 5;
  }
  while (i < s.size() && i < 4 && s[i] >= '0' && s[i] <= '9')
    ++i;
  if (i > 0 && i < s.size() && (s[i] == '.' || s[i] == ')')) return true;
  std::size_t j = 0;
  const char32_t first = next_cp(s, j);
  return first == 0x2022 /* • */ || ((first == '-' || first == '*' || first == 0x2013) && j < s.size() && s[j] == ' ');
}

bool is_page_label(std::string_view s) {
  // "12", "- 12 -", "Page 12", "page 12 of 30", "12/30"
  if (s.size() > 24) return false; // not one; and no copy of a 100 MB line
  std::string t;
  for (char c : s)
    if (c != ' ' && c != '-' && c != '/') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t.starts_with("page")) t.erase(0, 4);
  if (const auto of = t.find("of"); of != std::string::npos) t.erase(of, 2);
  return !t.empty() && t.size() <= 8 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Line describe(std::string_view text, std::size_t begin, std::size_t end, unsigned number) {
  Line line;
  line.number = number;
  // Trim whitespace at both ends.
  while (begin < end) {
    std::size_t i = begin;
    if (!is_space(next_cp(text, i))) break;
    begin = i;
  }
  while (end > begin) {
    std::size_t e = end;
    if (!is_space(prev_cp(text, e))) break;
    end = e;
  }
  line.begin = begin;
  line.end = end;
  line.blank = begin == end;
  if (line.blank) return line;
  const std::string_view s = text.substr(begin, end - begin);

  bool has_letter = false;
  bool first_seen = false;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_cp(s, i);
    ++line.width;
    if (!first_seen && is_letter(cp)) {
      first_seen = true;
      line.starts_lower = cat(cp) == category::LOWERCASE_LETTER;
    } else if (!first_seen && !(cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0xAB)) {
      first_seen = true; // a digit or symbol starts the line
    }
    if (!has_letter && is_letter(cp)) has_letter = true;
  }
  line.skippable = !has_letter || (line.width <= 24 && is_page_label(s));
  line.list_item = looks_like_list_item(s);

  std::size_t e = s.size();
  char32_t last = prev_cp(s, e);
  if (is_hyphen(last) && e > 0) {
    std::size_t e2 = e;
    const char32_t before = prev_cp(s, e2);
    line.ends_hyphen = is_letter(before);
    line.ends_weak = true;
    return line;
  }
  while (is_closer(last) && e > 0)
    last = prev_cp(s, e);
  line.ends_sentence = is_sentence_end(last);
  line.ends_weak = last == ',' || last == ';' || last == ':' || last == 0x3001 || last == 0xFF0C;
  return line;
}

std::vector<Line> describe_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  unsigned number = 1;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(describe(text, start, nl, number++));
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().blank)
    lines.pop_back();
  return lines;
}

// Normalises CRLF and lone CR to LF.
std::string normalise_line_ends(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\r') {
      out += '\n';
      if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
    } else {
      out += in[i];
    }
  }
  return out;
}

// ---- layout detection -------------------------------------------------------------------------

// A content line (not blank, not skippable) and whether blank lines precede it.
struct Content {
  const Line *line;
  bool blank_before;
};

std::vector<Content> content_lines(const std::vector<Line> &lines) {
  std::vector<Content> out;
  bool blank = false;
  for (const Line &l : lines) {
    if (l.blank) {
      blank = true;
    } else if (!l.skippable) {
      out.push_back({&l, blank && !out.empty()});
      blank = false;
    }
  }
  return out;
}

TextLayout detect_layout(const std::vector<Content> &content) {
  if (content.size() < 2) return TextLayout::kLinePerParagraph;
  std::size_t boundaries = content.size() - 1, lower_next = 0, continues = 0, gaps = 0, gaps_mid_sentence = 0;
  for (std::size_t i = 1; i < content.size(); ++i) {
    const Line &prev = *content[i - 1].line;
    const bool cont = !prev.ends_sentence;
    lower_next += content[i].line->starts_lower;
    continues += cont;
    if (content[i].blank_before) {
      ++gaps;
      gaps_mid_sentence += cont && content[i].line->starts_lower;
    }
  }
  const auto frac = [&](std::size_t n) { return static_cast<double>(n) / static_cast<double>(boundaries); };
  if (frac(gaps) >= 0.9) return TextLayout::kBlankLineSeparated;
  const bool lines_are_fragments = frac(lower_next) >= 0.25 || frac(continues) >= 0.5;
  if (lines_are_fragments) {
    // Blank lines that separate paragraphs fall at sentence ends; page breaks fall anywhere.
    const bool gaps_separate =
        frac(gaps) >= 0.1 && static_cast<double>(gaps_mid_sentence) <= 0.2 * static_cast<double>(gaps);
    return gaps_separate ? TextLayout::kBlankLineSeparated : TextLayout::kHardWrapped;
  }
  return frac(gaps) >= 0.2 ? TextLayout::kBlankLineSeparated : TextLayout::kLinePerParagraph;
}

// ---- joining lines ------------------------------------------------------------------------------

// Words that keep their hyphen when split at a line end ("self-/determination").
bool keeps_hyphen(std::string_view lower_prefix) {
  static const std::unordered_set<std::string_view> kPrefixes = {
      "self",    "non",    "well",   "ex",   "all",    "half",   "cross", "long",  "short",
      "full",    "high",   "low",    "so",   "twenty", "thirty", "forty", "fifty", "sixty",
      "seventy", "eighty", "ninety", "vice", "co-",    "anti",   "pro",   "post",  "pre-"};
  return kPrefixes.count(lower_prefix) > 0;
}

class Joiner {
public:
  explicit Joiner(std::string_view text) : text_(text) {}

  // Appends a line's text to a paragraph, undoing a line-end hyphenation where appropriate.
  void append(std::string &para, std::string_view line) {
    // Grow once for a long line, rather than doubling byte by byte (halves peak memory on a huge line).
    if (line.size() >= para.capacity() - para.size()) para.reserve(para.size() + line.size() + 1);
    if (para.empty()) {
      append_collapsed(para, line);
      return;
    }
    std::size_t e = para.size();
    const char32_t last = prev_cp(para, e);
    if (is_hyphen(last) && e > 0) {
      std::size_t i = 0;
      const char32_t first = next_cp(line, i);
      std::size_t b = e;
      if (cat(first) == category::LOWERCASE_LETTER && is_letter(prev_cp(para, b))) {
        const std::string_view before = word_before(para, e);
        const std::string_view after = word_after(line);
        if (!join_hyphenated(before, after)) {
          append_collapsed(para, line); // keep "self-determination"
          return;
        }
        para.resize(e); // drop the hyphen: "land-" + "mines" -> "landmines" if the doc says so
        append_collapsed(para, line);
        return;
      }
    }
    para += ' ';
    append_collapsed(para, line);
  }

private:
  static void append_collapsed(std::string &out, std::string_view s) {
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
      // Copy a run of plain ASCII non-space bytes in one go.
      std::size_t j = i;
      while (j < s.size() && static_cast<unsigned char>(s[j]) > ' ' && static_cast<unsigned char>(s[j]) < 0x80)
        ++j;
      if (j > i) {
        if (space && !out.empty() && out.back() != ' ') out += ' ';
        space = false;
        out.append(s.substr(i, j - i));
        i = j;
        continue;
      }
      const std::size_t start = i;
      const char32_t cp = next_cp(s, i);
      if (is_space(cp)) {
        space = true;
        continue;
      }
      if (space && !out.empty() && out.back() != ' ') out += ' ';
      space = false;
      out.append(s.substr(start, i - start));
    }
  }

  static std::string_view word_before(std::string_view s, std::size_t end) {
    std::size_t b = end;
    while (b > 0) {
      std::size_t p = b;
      if (!is_letter(prev_cp(s, p))) break;
      b = p;
    }
    return s.substr(b, end - b);
  }

  static std::string_view word_after(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      std::size_t j = i;
      if (!is_letter(next_cp(s, j))) break;
      i = j;
    }
    return s.substr(0, i);
  }

  // True to join "inter-" + "national" as one word, false to keep the hyphen.
  bool join_hyphenated(std::string_view before, std::string_view after) {
    const std::string a = lower_ascii_or_unicode(before);
    const std::string b = lower_ascii_or_unicode(after);
    if (has_word(a + b)) return true;
    if (has_word(a + "-" + b)) return false;
    return !keeps_hyphen(a);
  }

  // True if the document (lowercased) contains `w` as a whole word, not split over a line end.
  bool has_word(const std::string &w) {
    if (!lowered_) {
      lowered_.emplace(text_);
      for (char &c : *lowered_)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
    const std::string &t = *lowered_;
    for (std::size_t pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
      std::size_t b = pos, e = pos + w.size();
      const bool starts = b == 0 || !is_letter(prev_cp(t, b));
      const bool ends = e >= t.size() || !is_letter(next_cp(t, e));
      if (starts && ends) return true;
    }
    return false;
  }

  std::string_view text_;
  std::optional<std::string> lowered_; // the text with ASCII letters lowercased, made on first use
};

// ---- title --------------------------------------------------------------------------------------

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

bool is_heading_like(const Line &l) { return !l.ends_sentence && !l.ends_weak && l.width <= 250; }

// Words a title never ends with: a line ending in one continues on the next line.
bool is_function_word(const std::string &lower) {
  static const std::unordered_set<std::string> kWords = {
      "a",   "an",  "and", "the", "of",  "to",  "in", "on",  "for", "with", "by",  "at",  "from",
      "or",  "de",  "la",  "le",  "les", "des", "du", "et",  "y",   "el",   "los", "las", "del",
      "und", "der", "die", "das", "den", "von", "zu", "que", "en",  "e",    "di",  "il",  "per"};
  return kWords.count(lower) > 0;
}

// A title reads like one: short, or most of its longer words capitalised, and not cut mid-phrase.
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
      if (!seen) upper_first = cat(cp) == category::UPPERCASE_LETTER || cat(cp) == category::TITLECASE_LETTER;
      seen = true;
      ++letters;
    }
    if (letters == 0) continue;
    ++words;
    if (letters >= 4) {
      ++long_words;
      capitalised += upper_first;
    }
    last = lower_ascii_or_unicode(w);
  }
  if (words == 0 || is_function_word(last)) return false;
  return words <= 6 || capitalised * 4 >= long_words * 3;
}

// Cuts an over-long paragraph into pieces of at most max_bytes, at a sentence end or space if possible.
void cut_long(std::string text, std::size_t max_bytes, std::vector<std::string> &out) {
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

} // namespace

std::string_view layout_name(TextLayout layout) {
  switch (layout) {
  case TextLayout::kLinePerParagraph: return "line";
  case TextLayout::kBlankLineSeparated: return "blank";
  case TextLayout::kHardWrapped: return "wrapped";
  }
  return "unknown";
}

SplitDocument split_paragraphs(std::string_view utf8_text, const SplitOptions &options) {
  SplitDocument doc;
  // LF-only text (the usual case) is used in place: a copy would double peak memory on a huge file.
  std::string normalised;
  std::string_view text = utf8_text;
  if (text.find('\r') != std::string_view::npos) {
    normalised = normalise_line_ends(utf8_text);
    text = normalised;
  }
  const std::vector<Line> lines = describe_lines(text);
  std::vector<Content> content = content_lines(lines);
  // A heading-like first line (a title candidate) says nothing about how the body is laid out.
  const bool skip_first = content.size() >= 3 && is_heading_like(*content[0].line);
  doc.layout = detect_layout(std::vector<Content>(content.begin() + (skip_first ? 1 : 0), content.end()));
  auto str = [&](const Line &l) { return text.substr(l.begin, l.end - l.begin); };

  // Title: a heading-like first line, followed by the start of a new paragraph.
  std::size_t first_body = 0;
  if (options.detect_title && content.size() >= 2) {
    const Line &first = *content[0].line;
    const Content &next = content[1];
    const bool separated = doc.layout == TextLayout::kHardWrapped
                               ? next.blank_before
                               : doc.layout == TextLayout::kLinePerParagraph || next.blank_before;
    if (is_heading_like(first) && separated && !next.line->starts_lower && reads_like_title(str(first))) {
      doc.title = std::string(str(first));
      first_body = 1;
    }
  }
  // Drop copies of the title, whole or wrapped over several lines, near the top.
  std::vector<bool> drop(content.size(), false);
  if (!doc.title.empty()) {
    const std::string want = normalise_for_compare(doc.title);
    for (std::size_t i = first_body; i < std::min(content.size(), first_body + 12); ++i) {
      std::string acc;
      for (std::size_t j = i; j < content.size() && j < i + 4; ++j) {
        if (!acc.empty()) acc += ' ';
        acc += normalise_for_compare(str(*content[j].line));
        if (acc == want) {
          std::fill(drop.begin() + static_cast<std::ptrdiff_t>(i), drop.begin() + static_cast<std::ptrdiff_t>(j) + 1,
                    true);
          break;
        }
        if (!want.starts_with(acc)) break;
      }
    }
  }

  // Group content lines into paragraphs.
  std::size_t wrap_width = 0;
  if (doc.layout == TextLayout::kHardWrapped) {
    std::vector<std::size_t> widths;
    for (const Content &c : content)
      widths.push_back(c.line->width);
    std::sort(widths.begin(), widths.end());
    wrap_width = widths[widths.size() * 9 / 10];
  }
  Joiner joiner(text);
  struct Draft {
    std::string text;
    unsigned first_line;
  };
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
      switch (doc.layout) {
      case TextLayout::kLinePerParagraph: start_new = true; break;
      case TextLayout::kBlankLineSeparated: start_new = content[i].blank_before; break;
      case TextLayout::kHardWrapped:
        start_new = !l.starts_lower && prev->ends_sentence && (prev->width * 10 < wrap_width * 8 || l.list_item);
        break;
      }
    }
    if (start_new) drafts.push_back({std::string(), l.number});
    joiner.append(drafts.back().text, str(l));
    prev = &l;
  }

  // Header and footer lines: short non-sentences before the first or after the last real paragraph,
  // in a document with a masthead (a title), or set off with layout separators ("•", "|"). Elsewhere
  // a short first line (a heading the title rules did not take) stays a passage: never lose text.
  const bool has_masthead = !doc.title.empty();
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
  if (lo == hi) lo = 0, hi = drafts.size(); // nothing looks like prose: keep everything

  unsigned number = 0;
  std::vector<std::string> pieces;
  for (std::size_t i = lo; i < hi; ++i) {
    pieces.clear();
    cut_long(std::move(drafts[i].text), std::max<std::size_t>(options.max_paragraph_bytes, 64), pieces);
    for (std::string &p : pieces)
      doc.paragraphs.push_back({++number, drafts[i].first_line, std::move(p)});
  }
  return doc;
}

} // namespace parasearch
