#include "common/words.hpp"

#include "common/fold.hpp"

#include <set>

namespace parasearch::detail {
namespace {

bool is_apostrophe(unsigned cp) { return cp == '\'' || cp == 0x2019 || cp == 0x201B; }

} // namespace

bool is_cjk_codepoint(unsigned p) {
  // The ranges of Xapian 1.4's CJK::codepoint_is_cjk (queryparser/cjk-tokenizer.cc).
  return (p >= 0x2E80 && p <= 0x2EFF) || (p >= 0x3000 && p <= 0x9FFF) || (p >= 0xA700 && p <= 0xA71F) ||
         (p >= 0xAC00 && p <= 0xD7AF) || (p >= 0xF900 && p <= 0xFAFF) || (p >= 0xFE30 && p <= 0xFE4F) ||
         (p >= 0xFF00 && p <= 0xFFEF) || (p >= 0x20000 && p <= 0x2A6DF) || (p >= 0x2F800 && p <= 0x2FA1F);
}

std::vector<Word> words_of(std::string_view text, const Xapian::Stem &stem) {
  std::bitset<128> all;
  all.set();
  return words_of(text, stem, all);
}

bool keeps_ascii_initial(const Xapian::Stem &stem) {
  static const std::set<std::string, std::less<>> kSuffixOnly = {"snowball:english",
                                                                 "snowball:porter",
                                                                 "snowball:french",
                                                                 "snowball:spanish",
                                                                 "snowball:italian",
                                                                 "snowball:portuguese",
                                                                 "snowball:german",
                                                                 "snowball:dutch",
                                                                 "snowball:danish",
                                                                 "snowball:norwegian",
                                                                 "snowball:swedish",
                                                                 "snowball:finnish",
                                                                 "snowball:hungarian",
                                                                 "snowball:romanian",
                                                                 "snowball:russian",
                                                                 "snowball:catalan",
                                                                 "snowball:lithuanian",
                                                                 "snowball:basque",
                                                                 "fold"};
  // Xapian::Stem describes itself as "Xapian::Stem(" + its implementation's description + ")".
  std::string d = stem.get_description();
  constexpr std::string_view kWrap = "Xapian::Stem(";
  if (d.starts_with(kWrap) && d.ends_with(')')) d = d.substr(kWrap.size(), d.size() - kWrap.size() - 1);
  return kSuffixOnly.count(d) > 0;
}

std::vector<Word> words_of(std::string_view text, const Xapian::Stem &stem, const std::bitset<128> &initials) {
  std::vector<Word> out;
  out.reserve(text.size() / 5 + 1); // about one word per 6 bytes in prose: no regrowth
  // The code point at byte `i` and its length in bytes, decoded here: Xapian's UTF-8 iterator was a
  // third of the time a snippet took.
  auto at = [&](std::size_t i, std::size_t &len) -> unsigned {
    const auto b = static_cast<unsigned char>(text[i]);
    len = 1;
    if (b < 0x80) return b;
    const std::size_t n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
    if (n == 0 || i + n > text.size()) return b; // not UTF-8: one Latin-1 character, as Xapian reads it
    unsigned cp = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return b;
      cp = (cp << 6) | (c & 0x3F);
    }
    len = n;
    return fold_width(cp); // as the indexer reads the text (fold_width): Ａ is A
  };
  auto is_word_char = [](unsigned cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    return Xapian::Unicode::is_wordchar(cp);
  };
  auto is_cjk = [](unsigned cp) { return cp >= 0x2E80 && is_cjk_codepoint(cp); }; // no call for most text
  std::size_t i = 0, len = 0;
  while (i < text.size()) {
    const unsigned cp = at(i, len);
    if (!is_word_char(cp)) {
      i += len;
      continue;
    }
    const std::size_t begin = i;
    std::string word;
    if (is_cjk(cp)) {
      word.assign(text.substr(i, len));
      i += len;
      out.push_back({{begin, i}, word, word});
      continue;
    }
    while (i < text.size()) {
      const unsigned c = at(i, len);
      if (is_word_char(c) && !is_cjk(c)) {
        if (c < 0x80)
          word += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        else
          Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(c));
        i += len;
      } else if (is_apostrophe(c)) {
        std::size_t next_len = 0;
        const std::size_t next = i + len;
        if (next >= text.size()) break;
        const unsigned n = at(next, next_len);
        if (!is_word_char(n) || is_cjk(n)) break;
        word += '\'';
        i = next;
      } else {
        break;
      }
    }
    const auto first = static_cast<unsigned char>(word.front());
    if (first < 0x80 && !initials[first] && word.find('\'') == std::string::npos) {
      out.push_back({{begin, i}, std::move(word), {}}); // its term cannot be one asked for
      continue;
    }
    std::string term = stem(word);
    if (term.empty()) term = word;
    out.push_back({{begin, i}, std::move(word), std::move(term)});
  }
  return out;
}

} // namespace parasearch::detail
