#include "query/spelling.hpp"

#include "query/query_text.hpp"
#include "query/query_walk.hpp"
#include "query/snippet.hpp"

#include <algorithm>

namespace parasearch::detail {
namespace {

/// The code points of `s`.
std::u32string code_points(const std::string &s) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it)
    out.push_back(static_cast<char32_t>(*it));
  return out;
}

/// The index's commonest word spelled like `term` (an unknown stem), or empty.
std::string closest_term(const Xapian::Database &db, const std::string &term) {
  const std::u32string target = code_points(term);
  if (target.size() < 3) return {};
  const std::size_t limit = target.size() <= 4 ? 1 : 2;
  std::string first;
  Xapian::Unicode::append_utf8(first, target[0]);
  std::string best;
  std::size_t best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  for (auto t = db.allterms_begin(first); t != db.allterms_end(first); ++t) {
    const std::string candidate = *t;
    const std::size_t d = edit_distance(target, code_points(candidate), limit);
    if (d > limit || d == 0) continue;
    const Xapian::doccount freq = t.get_termfreq();
    if (d < best_distance || (d == best_distance && freq > best_freq)) {
      best = candidate, best_distance = d, best_freq = freq;
    }
  }
  return best;
}

/// How `term` is written in the text: of the words that stem to it in its first passages, the one
/// spelled most like `typed`.
std::string surface_form(const Xapian::Database &db, const std::string &term, const std::string &typed,
                         const Xapian::Stem &stem, const std::function<std::string(Xapian::docid)> &text_of) {
  const std::u32string target = code_points(typed);
  std::string best = term;
  std::size_t best_distance = std::string::npos;
  std::size_t seen = 0;
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && seen < 20; ++p, ++seen)
    for (const Word &w : words_of(text_of(*p), stem)) {
      if (w.term != term) continue;
      const std::size_t d = edit_distance(target, code_points(w.word), 64);
      if (d < best_distance) best = w.word, best_distance = d;
    }
  return best;
}

} // namespace

std::size_t edit_distance(const std::u32string &a, const std::u32string &b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0], best = ++row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

std::string suggest(const Xapian::Database &db, const std::string &text, const Xapian::Query &q,
                    const std::function<std::vector<std::string>(const std::string &)> &unstem,
                    const Xapian::Stem &stem, const std::function<std::string(Xapian::docid)> &text_of) {
  std::string out = text;
  bool changed = false;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string term = *t;
    if (is_prefixed(term) || db.term_exists(term)) continue;
    const std::string close = closest_term(db, term);
    if (close.empty()) continue;
    for (const std::string &typed : unstem(term))
      changed |= replace_word(out, typed, surface_form(db, close, typed, stem, text_of));
  }
  return changed ? out : std::string();
}

} // namespace parasearch::detail
