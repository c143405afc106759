#include "query/snippet.hpp"

#include "common/compounds.hpp"
#include "parasearch/text.hpp"
#include "query/cjk_phrases.hpp"
#include "query/query_walk.hpp"

#include <xapian.h>

#include <algorithm>
#include <bitset>

namespace parasearch::detail {

std::vector<Span> find_matches(std::string_view text, const std::set<std::string> &terms, const Xapian::Stem &stem) {
  MatchSpec spec;
  spec.terms = terms;
  return find_matches(text, spec, stem);
}

namespace {

/// Adds what `query` asks to highlight to `spec`; `parsed` names its wildcards.
void collect(const Xapian::Query &query, const ParsedQuery &parsed, MatchSpec &spec) {
  visit(query, Descend::kPositive, [&](const Xapian::Query &node) {
    const auto op = node.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
      const std::string term = *node.get_terms_begin();
      if (!is_prefixed(term)) spec.terms.insert(term); // prefixed terms are fields
      return false;
    }
    if (op == Xapian::Query::OP_WILDCARD) {
      if (std::string pattern = parsed.pattern_of(node); !pattern.empty() && !is_prefixed(pattern))
        spec.prefixes.push_back(std::move(pattern));
      return false;
    }
    if (op != Xapian::Query::OP_PHRASE) return true;
    std::vector<std::string> phrase;
    for (std::size_t i = 0; i < node.get_num_subqueries(); ++i) {
      const Xapian::Query sub = node.get_subquery(i);
      if (sub.get_type() != Xapian::Query::LEAF_TERM || is_prefixed(*sub.get_terms_begin())) return true;
      // A CJK phrase holds each character and each bigram (query/cjk_phrases.hpp); the text's words are
      // the characters.
      if (!is_cjk_ngram(*sub.get_terms_begin())) phrase.push_back(*sub.get_terms_begin());
    }
    if (phrase.empty()) return true;
    spec.phrases.push_back(std::move(phrase));
    return false;
  });
}

} // namespace

MatchSpec highlight_spec(const ParsedQuery &parsed) {
  MatchSpec spec;
  collect(parsed.query, parsed, spec);
  return spec;
}

std::vector<Span> find_matches(std::string_view text, const MatchSpec &spec, const Xapian::Stem &stem,
                               const Xapian::Stopper *stopper) {
  std::vector<Span> out;
  if (spec.terms.empty() && spec.phrases.empty() && spec.prefixes.empty()) return out;
  // Only words that can stem to a term asked for are stemmed and looked up (the first letter of an
  // ASCII word survives stemming): stemming every word was a fifth of a search.
  std::bitset<128> initials;
  if (keeps_ascii_initial(stem)) {
    auto add = [&](const std::string &t) {
      if (t.empty() || static_cast<unsigned char>(t.front()) >= 0x80) return;
      initials.set(static_cast<unsigned char>(t.front()));
    };
    for (const std::string &t : spec.terms)
      add(t);
    for (const std::string &p : spec.prefixes) {
      if (p.empty()) initials.set();
      add(p);
    }
    for (const auto &phrase : spec.phrases)
      for (const std::string &t : phrase)
        add(t);
  } else {
    initials.set();
  }
  const std::vector<Word> words = words_of(text, stem, initials);
  auto asked = [&](const std::string &term) {
    return spec.terms.count(term) > 0 || std::any_of(spec.prefixes.begin(), spec.prefixes.end(),
                                                     [&](const std::string &p) { return term.starts_with(p); });
  };
  std::vector<bool> marked(words.size(), false);
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!words[i].term.empty() && // not stemmed: no term asked for can be its
        (asked(words[i].term) || spec.terms.count(words[i].word)) &&
        // a stop word is not indexed, so it never matched: "being" and "be" stem as "beings" does
        (stopper == nullptr || !(*stopper)(words[i].word)))
      marked[i] = true;
  // A hyphenated compound is indexed joined too ("peace-keeping" as "peacekeeping"): the joined form
  // highlights its parts, also for a wildcard (peacekeep*).
  for (const Compound &c : hyphen_compounds(text, words, stem, stopper))
    if (asked(c.term))
      for (std::size_t k = c.first; k <= c.last; ++k)
        marked[k] = true;
  // Phrases are matched over the indexed words only: stop words have no positions in the index, so
  // "right to development" (stored as right, develop) matches "right to the development".
  std::vector<std::size_t> indexed;
  if (!spec.phrases.empty()) { // asking the stopper about every word was 4% of a search
    indexed.reserve(words.size());
    for (std::size_t i = 0; i < words.size(); ++i)
      if (stopper == nullptr || !(*stopper)(words[i].word)) indexed.push_back(i);
  }
  for (const auto &phrase : spec.phrases) {
    if (phrase.empty() || phrase.size() > indexed.size()) continue;
    for (std::size_t i = 0; i + phrase.size() <= indexed.size(); ++i) {
      std::size_t k = 0;
      while (k < phrase.size() && words[indexed[i + k]].term == phrase[k])
        ++k;
      if (k < phrase.size()) continue;
      for (k = 0; k < phrase.size(); ++k)
        marked[indexed[i + k]] = true;
    }
  }
  // Marked words that touch (nothing between them: CJK characters, which are words of their own) make
  // one match, so that a run is highlighted as one mark; words apart by a space or a hyphen stay apart.
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!marked[i]) continue;
    if (!out.empty() && out.back().second == words[i].span.first)
      out.back().second = words[i].span.second;
    else
      out.push_back(words[i].span);
  }
  return out;
}

std::string make_snippet(std::string_view text, const std::vector<Span> &matches, std::size_t max_chars,
                         std::string_view mark_start, std::string_view mark_end, bool html) {
  auto append = [html](std::string &out, std::string_view piece) {
    if (html)
      out += parasearch::html_escape(piece);
    else
      out.append(piece);
  };
  // Byte offset of each character, plus the end.
  std::vector<std::size_t> starts;
  starts.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  const std::size_t n_chars = starts.size();
  starts.push_back(text.size());
  auto char_of = [&](std::size_t byte) {
    return static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), byte) - starts.begin());
  };

  std::size_t from = 0, to = n_chars; // window, in characters
  if (n_chars > max_chars) {
    const std::size_t context = max_chars / 4;
    std::size_t best_score = 0;
    to = max_chars;
    for (std::size_t a = 0; a < matches.size(); ++a) {
      const std::size_t anchor = char_of(matches[a].first);
      const std::size_t s = anchor > context ? anchor - context : 0;
      const std::size_t e = std::min(n_chars, s + max_chars);
      std::set<std::string> distinct;
      std::size_t count = 0;
      for (const Span &m : matches) {
        const std::size_t c = char_of(m.first);
        if (c >= s && char_of(m.second) <= e) {
          ++count;
          std::string w(text.substr(m.first, m.second - m.first));
          std::transform(w.begin(), w.end(), w.begin(), [](unsigned char ch) { return std::tolower(ch); });
          distinct.insert(std::move(w));
        }
      }
      const std::size_t score = distinct.size() * 100 + count;
      if (score > best_score) {
        best_score = score;
        from = s;
        to = e;
      }
    }
    if (to == n_chars && to - from < max_chars) from = to > max_chars ? to - max_chars : 0;
    // Snap to word boundaries.
    if (from > 0) {
      std::size_t f = from;
      while (f < to && text[starts[f - 1]] != ' ')
        ++f;
      if (f < to) from = f;
    }
    if (to < n_chars) {
      std::size_t t = to;
      while (t > from && text[starts[t]] != ' ')
        --t;
      if (t > from) to = t;
    }
  }

  const std::size_t b = starts[from];
  const std::size_t e = starts[to];
  std::string out;
  if (from > 0) out += "\xE2\x80\xA6 "; // "… "
  std::size_t pos = b;
  for (const Span &m : matches) {
    if (m.first < b || m.second > e) continue;
    append(out, text.substr(pos, m.first - pos));
    out.append(mark_start);
    append(out, text.substr(m.first, m.second - m.first));
    out.append(mark_end);
    pos = m.second;
  }
  append(out, text.substr(pos, e - pos));
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  if (to < n_chars) out += " \xE2\x80\xA6";
  return out;
}

} // namespace parasearch::detail
