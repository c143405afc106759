// Splitter steps 1-3: normalise line ends, describe each line, detect the layout (indexer/split_steps.hpp).
#include "indexer/split_steps.hpp"

#include "common/utf8.hpp"

#include <xapian.h>

#include <algorithm>

namespace parasearch::detail {

using Xapian::Unicode::category;

namespace {

category cat(char32_t cp) { return Xapian::Unicode::get_category(static_cast<unsigned>(cp)); }

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

} // namespace

// ---- characters ---------------------------------------------------------------------------------

char32_t next_cp(std::string_view s, std::size_t &i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : 4;
  if (i + len > s.size()) len = s.size() - i;
  const char32_t cp = utf8_code_point(s, i, len);
  i += len;
  return cp;
}

char32_t prev_cp(std::string_view s, std::size_t &end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4)
    --start;
  std::size_t i = start;
  const char32_t cp = next_cp(s, i);
  end = start;
  return cp;
}

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

bool is_lower(char32_t cp) { return cat(cp) == category::LOWERCASE_LETTER; }

bool is_upper(char32_t cp) {
  const category c = cat(cp);
  return c == category::UPPERCASE_LETTER || c == category::TITLECASE_LETTER;
}

bool is_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == '\r' || cp == '\n';
  return cp == 0xA0 || cp == 0x3000 || Xapian::Unicode::is_whitespace(static_cast<unsigned>(cp));
}

bool is_hyphen(char32_t cp) { return cp == '-' || cp == 0xAD /* soft hyphen */ || cp == 0x2010; }

std::string lower(std::string_view word) {
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

// ---- lines --------------------------------------------------------------------------------------

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

bool has_word_break_marks(std::string_view in) {
  return in.find("\xC2\xAC") != std::string_view::npos || in.find("\xC2\xAD") != std::string_view::npos;
}

std::string join_broken_words(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  char32_t before = 0; // the code point before the current one
  for (std::size_t i = 0; i < in.size();) {
    const std::size_t start = i;
    const char32_t cp = next_cp(in, i);
    if ((cp == 0xAD || cp == 0xAC) && is_letter(before) && i < in.size()) {
      std::size_t j = i;
      const char32_t after = next_cp(in, j);
      if (cp == 0xAD ? is_letter(after) : is_lower(after)) continue; // dropped; `before` stays the letter
    }
    out.append(in.substr(start, i - start));
    before = cp;
  }
  return out;
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
      line.starts_lower = is_lower(cp);
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

// ---- layout -------------------------------------------------------------------------------------

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

bool is_heading_like(const Line &l) { return !l.ends_sentence && !l.ends_weak && l.width <= 250; }

TextLayout detect_body_layout(const std::vector<Content> &content) {
  const bool skip_first = content.size() >= 3 && is_heading_like(*content[0].line);
  return detect_layout(std::vector<Content>(content.begin() + (skip_first ? 1 : 0), content.end()));
}

} // namespace parasearch::detail
