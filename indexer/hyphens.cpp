// Splitter step 5's line joining and hyphen repair: the document's vocabulary, the join-or-keep
// decision for a word broken at a line end, and whitespace collapsing (indexer/split_steps.hpp).
#include "indexer/split_steps.hpp"

#include <unordered_set>

namespace parasearch::detail {

namespace {

// Prefixes that keep their hyphen when split at a line end ("self-/determination").
bool keeps_hyphen(std::string_view lower_prefix) {
  static const std::unordered_set<std::string_view> kPrefixes = {
      "self",    "non",    "well",   "ex",   "all",    "half",   "cross", "long",  "short",
      "full",    "high",   "low",    "so",   "twenty", "thirty", "forty", "fifty", "sixty",
      "seventy", "eighty", "ninety", "vice", "co-",    "anti",   "pro",   "post",  "pre-"};
  return kPrefixes.count(lower_prefix) > 0;
}

// True if "a-" + "b" is a word broken between syllables, not a compound (both lower-case): `a` is
// "inter" ("inter-national"); or `a` is a prefix written closed more often than not in the UN corpus
// (multi, sub) and `b` is no word of the document ("multi-lateralism", but "multi-ethnic" when
// it says "ethnic"); or `b` is a suffix that is no word ("develop-ment", "Organiza-tion").
bool is_syllable_break(std::string_view a, const std::string &b, const Vocabulary &vocabulary) {
  static const std::unordered_set<std::string_view> kClosedPrefixes = {"multi", "sub"};
  static const std::unordered_set<std::string_view> kSuffixes = {
      "ment",  "ments", "mental", "tion", "tions",  "tional",  "sion",    "sions",    "ness",    "nesses", "ity",
      "ities", "ance",  "ances",  "ence", "ences",  "ing",     "ings",    "ed",       "ly",      "ally",   "ous",
      "ive",   "ives",  "ible",   "ibly", "ically", "ical",    "ism",     "isms",     "ist",     "ists",   "ize",
      "ized",  "izes",  "ise",    "ised", "ises",   "ization", "isation", "izations", "isations"};
  if (a == "inter" || kSuffixes.count(b) > 0) return true;
  return kClosedPrefixes.count(a) > 0 && !vocabulary.has(b);
}

// `s` from `i` on: true if only a hyphen, then spaces up to a line end, follow (a line-end word break).
bool breaks_at_line_end(std::string_view s, std::size_t i) {
  if (i >= s.size() || !is_hyphen(next_cp(s, i))) return false;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return i < s.size() && s[i] == '\n';
}

void append_collapsed(std::string &out, std::string_view s) {
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

std::string_view word_before(std::string_view s, std::size_t end) {
  std::size_t b = end;
  while (b > 0) {
    std::size_t p = b;
    if (!is_letter(prev_cp(s, p))) break;
    b = p;
  }
  return s.substr(b, end - b);
}

std::string_view word_after(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!is_letter(next_cp(s, j))) break;
    i = j;
  }
  return s.substr(0, i);
}

} // namespace

Vocabulary::Vocabulary(std::string_view text) {
  std::size_t prev_begin = 0, prev_end = std::string_view::npos; // the previous word
  bool prev_broken = false;                                      // it ended in a line-end hyphen
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    if (!is_letter(next_cp(text, j))) {
      i = j;
      continue;
    }
    const std::size_t begin = i;
    while (j < text.size()) {
      std::size_t k = j;
      if (!is_letter(next_cp(text, k))) break;
      j = k;
    }
    const std::size_t end = j;
    const std::string word = lower(text.substr(begin, end - begin));
    const bool broken = breaks_at_line_end(text, end);
    // The second half of a broken word: only a hyphen and whitespace lie between it and the first.
    bool continues = false;
    if (prev_broken) {
      continues = true;
      std::size_t k = prev_end;
      next_cp(text, k); // the hyphen
      for (; k < begin && continues; ++k)
        continues = text[k] == ' ' || text[k] == '\t' || text[k] == '\n';
    }
    if (!broken && !continues) ++words_[word];
    if (prev_end != std::string_view::npos && begin == prev_end + 1 && text[prev_end] == '-')
      ++words_[lower(text.substr(prev_begin, prev_end - prev_begin)) + "-" + word];
    prev_begin = begin;
    prev_end = end;
    prev_broken = broken;
    i = end;
  }
}

HyphenRepair repair_hyphen(std::string_view before, std::string_view after, const Vocabulary &vocabulary) {
  const std::string a = lower(before);
  const std::string b = lower(after);
  const std::size_t joined = vocabulary.count(a + b), hyphenated = vocabulary.count(a + "-" + b);
  if (joined > hyphenated) return HyphenRepair::kJoin;
  if (hyphenated > 0 || keeps_hyphen(a)) return HyphenRepair::kKeep;
  return is_syllable_break(a, b, vocabulary) ? HyphenRepair::kJoin : HyphenRepair::kKeep;
}

void LineJoiner::append(std::string &para, std::string_view line) {
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
    if (is_letter(prev_cp(para, b))) {
      if (is_lower(first)) {
        if (!vocabulary_) vocabulary_.emplace(text_);
        if (repair_hyphen(word_before(para, e), word_after(line), *vocabulary_) == HyphenRepair::kJoin)
          para.resize(e); // drop the hyphen: "inter-" + "national" -> "international"
        append_collapsed(para, line);
        return;
      }
      if (is_upper(first)) { // "Secretary-" + "General", "Non-" + "Proliferation": a compound
        append_collapsed(para, line);
        return;
      }
    }
  }
  para += ' ';
  append_collapsed(para, line);
}

} // namespace parasearch::detail
