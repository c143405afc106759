#include "query/query_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>

namespace parasearch::detail {
namespace {

/// One token of a query: a word, an operator, or a bracket.
struct Token {
  std::size_t begin = 0; ///< Byte offset.
  std::size_t end = 0;   ///< Byte offset one past the end.
  std::string text;
  bool quoted = false; ///< Inside "…" (a phrase word: never an operator).
};

/// The length in bytes of the double quote or guillemet that starts at byte `i` of `s`, or 0.
std::size_t quote_length(std::string_view s, std::size_t i) {
  // UTF-8 of U+00AB U+00BB « », U+2039 U+203A ‹ ›, U+201C U+201D U+201E U+201F “ ” „ ‟, U+FF02 ＂,
  // U+301D U+301E U+301F 〝 〞 〟, U+300C U+300D 「 」, U+300E U+300F 『 』.
  static constexpr std::string_view kQuotes[] = {"\xC2\xAB",     "\xC2\xBB",     "\xE2\x80\xB9", "\xE2\x80\xBA",
                                                 "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\x9F",
                                                 "\xEF\xBC\x82", "\xE3\x80\x9D", "\xE3\x80\x9E", "\xE3\x80\x9F",
                                                 "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x80\x8E", "\xE3\x80\x8F"};
  if (s[i] == '"') return 1;
  const std::string_view rest = s.substr(i);
  for (std::string_view q : kQuotes)
    if (rest.starts_with(q)) return q.size();
  return 0;
}

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-' || c == '_'; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Splits a query into whitespace-separated tokens, brackets as tokens of their own; quotes are dropped.
std::vector<Token> tokens_of(const std::string &q) {
  std::vector<Token> out;
  bool quoted = false;
  std::size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (const std::size_t n = quote_length(q, i)) {
      quoted = !quoted;
      i += n;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if ((c == '(' || c == ')') && !quoted) {
      out.push_back({i, i + 1, std::string(1, c), false});
      ++i;
    } else {
      const std::size_t b = i;
      while (i < q.size() && quote_length(q, i) == 0 && !std::isspace(static_cast<unsigned char>(q[i])) &&
             (quoted || (q[i] != '(' && q[i] != ')')))
        ++i;
      out.push_back({b, i, q.substr(b, i - b), quoted});
    }
  }
  return out;
}

bool is_binary_operator(const Token &t) {
  if (t.quoted) return false;
  const std::string &s = t.text;
  return s == "AND" || s == "OR" || s == "XOR" || s == "NOT" || s == "NEAR" || s == "ADJ" || s.starts_with("NEAR/") ||
         s.starts_with("ADJ/");
}

std::size_t char_position(const std::string &s, std::size_t byte) {
  std::size_t n = 1;
  for (std::size_t i = 0; i < byte && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

/// Words of a variant, lowercased.
std::vector<std::string> words_of_variant(const std::string &v) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : v) {
    if (is_word_byte(c)) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

} // namespace

std::string describe_syntax_error(const std::string &query, const std::string &xapian_msg) {
  const std::vector<Token> toks = tokens_of(query);
  const std::string head = "cannot parse query '" + query + "': ";
  const std::string hint = ". Put a word, a \"phrase\" or a bracketed group on both sides of AND, OR, XOR, NOT "
                           "and NEAR, or write the word in lowercase to search for it";
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Token &t = toks[i];
    if (!is_binary_operator(t)) continue;
    const bool is_not = t.text == "NOT";
    const Token *prev = i > 0 ? &toks[i - 1] : nullptr;
    const Token *next = i + 1 < toks.size() ? &toks[i + 1] : nullptr;
    const bool left_ok = is_not || (prev != nullptr && prev->text != "(" && !is_binary_operator(*prev));
    const bool right_ok =
        next != nullptr && next->text != ")" && (!is_binary_operator(*next) || (next->text == "NOT" && !is_not));
    if (left_ok && right_ok) continue;
    const std::string where = "'" + t.text + "' at character " + std::to_string(char_position(query, t.begin));
    if (!left_ok) return head + where + " has nothing on its left to combine" + hint;
    if (next == nullptr) return head + where + " ends the query with nothing on its right" + hint;
    return head + where + " is followed by '" + next->text + "' instead of something to combine" + hint;
  }
  return head + "Xapian's parser says \"" + xapian_msg + "\"" + hint;
}

std::string expand_synonyms(const std::string &query, const std::vector<std::vector<std::string>> &groups) {
  if (groups.empty()) return query;
  // Candidate words: runs of word bytes outside quotes, not glued to a field name, +, - or *.
  struct Candidate {
    std::size_t begin, end;
    std::string word;
    bool eligible;
  };
  std::vector<Candidate> words;
  bool quoted = false;
  for (std::size_t i = 0; i < query.size();) {
    const auto c = static_cast<unsigned char>(query[i]);
    if (const std::size_t n = quote_length(query, i)) {
      quoted = !quoted;
      i += n;
      continue;
    }
    if (!is_word_byte(c) || c == '-') {
      ++i;
      continue;
    }
    const std::size_t b = i;
    while (i < query.size() && is_word_byte(static_cast<unsigned char>(query[i])) && quote_length(query, i) == 0)
      ++i;
    const std::string w = query.substr(b, i - b);
    const char before = b > 0 ? query[b - 1] : ' ';
    const char after = i < query.size() ? query[i] : ' ';
    const bool op = w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
    const bool eligible = !quoted && !op && before != '+' && before != '-' && before != ':' && after != ':' &&
                          after != '*' && after != '/';
    words.push_back({b, i, lower(w), eligible});
  }

  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t best_len = 0;
    const std::vector<std::string> *best_group = nullptr;
    for (const auto &group : groups) {
      for (const std::string &variant : group) {
        const auto vw = words_of_variant(variant);
        if (vw.empty() || vw.size() <= best_len || i + vw.size() > words.size()) continue;
        bool match = true;
        for (std::size_t k = 0; k < vw.size() && match; ++k) {
          const Candidate &cand = words[i + k];
          match = cand.eligible && cand.word == vw[k];
          // Only white space may separate the words of a multi-word variant.
          if (match && k > 0)
            for (std::size_t p = words[i + k - 1].end; p < cand.begin && match; ++p)
              match = std::isspace(static_cast<unsigned char>(query[p])) != 0;
        }
        if (match) best_len = vw.size(), best_group = &group;
      }
    }
    if (best_group == nullptr) {
      ++i;
      continue;
    }
    out += query.substr(copied, words[i].begin - copied);
    out += '(';
    for (std::size_t v = 0; v < best_group->size(); ++v) {
      const std::string &variant = (*best_group)[v];
      if (v > 0) out += " OR ";
      out += words_of_variant(variant).size() > 1 ? "\"" + variant + "\"" : variant;
    }
    out += ')';
    copied = words[i + best_len - 1].end;
    i += best_len;
  }
  out += query.substr(copied);
  return out;
}

bool replace_word(std::string &text, const std::string &word, const std::string &replacement) {
  if (word.empty()) return false;
  const std::string low = lower(text), target = lower(word);
  std::string out;
  bool changed = false;
  std::size_t copied = 0;
  for (std::size_t pos = low.find(target); pos != std::string::npos; pos = low.find(target, pos + 1)) {
    const std::size_t end = pos + target.size();
    const bool starts = pos == 0 || !is_word_byte(static_cast<unsigned char>(text[pos - 1])) || text[pos - 1] == '-';
    const bool ends = end == text.size() || !is_word_byte(static_cast<unsigned char>(text[end])) || text[end] == '-';
    if (!starts || !ends || pos < copied) continue;
    out += text.substr(copied, pos - copied) + replacement;
    copied = end;
    changed = true;
  }
  if (changed) text = out + text.substr(copied);
  return changed;
}

std::string normalise_quotes(const std::string &query) {
  std::string out;
  out.reserve(query.size());
  for (std::size_t i = 0; i < query.size();) {
    if (const std::size_t n = quote_length(query, i)) {
      out += '"';
      i += n;
    } else {
      out += query[i++];
    }
  }
  return out;
}

std::string normalise_space(const std::string &s) {
  std::string out;
  bool space = false;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace parasearch::detail
