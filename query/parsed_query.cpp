#include "query/parsed_query.hpp"

#include "query/query_walk.hpp"

#include <algorithm>
#include <set>

namespace parasearch::detail {
namespace {

constexpr Xapian::Query::op kCombiners[] = {Xapian::Query::OP_OR, Xapian::Query::OP_SYNONYM, Xapian::Query::OP_MAX};

/// The code points of `text`.
std::vector<unsigned> code_points(const std::string &text) {
  std::vector<unsigned> out;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it)
    out.push_back(*it);
  return out;
}

/// The word of `cps` that ends just before index `end` (word characters only), lowercased as the
/// query parser does; its first index goes to `begin`.
std::string word_before(const std::vector<unsigned> &cps, std::size_t end, std::size_t &begin) {
  begin = end;
  while (begin > 0 && Xapian::Unicode::is_wordchar(cps[begin - 1]))
    --begin;
  std::string word;
  for (std::size_t i = begin; i < end; ++i)
    Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(cps[i]));
  return word;
}

/// The patterns the wildcards of `text` may have: each word before a `*`, alone and with the prefix
/// of the field written before it.
std::set<std::string> wildcard_candidates(const std::string &text, const std::map<std::string, std::string> &prefixes) {
  std::set<std::string> out;
  const std::vector<unsigned> cps = code_points(text);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] != '*') continue;
    std::size_t begin = 0;
    const std::string word = word_before(cps, i, begin);
    if (word.empty()) continue;
    out.insert(word);
    if (begin > 0 && cps[begin - 1] == ':') {
      std::size_t field_begin = 0;
      const std::string field = word_before(cps, begin - 1, field_begin);
      if (auto p = prefixes.find(field); p != prefixes.end()) out.insert(p->second + word);
    }
  }
  return out;
}

} // namespace

std::string ParsedQuery::pattern_of(const Xapian::Query &leaf) const {
  const auto it = wildcards.find(leaf.serialise());
  return it == wildcards.end() ? std::string() : it->second;
}

Xapian::Query ParsedQuery::make_wildcard(const std::string &pattern, Xapian::Query::op combiner) {
  Xapian::Query q(Xapian::Query::OP_WILDCARD, pattern, kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                  combiner);
  wildcards[q.serialise()] = pattern;
  return q;
}

ParsedQuery record_wildcards(const Xapian::Query &query, const std::string &text,
                             const std::map<std::string, std::string> &prefixes) {
  ParsedQuery out;
  out.query = query;
  std::set<std::string> candidates;
  bool read = false;
  visit(query, Descend::kAll, [&](const Xapian::Query &node) {
    if (node.get_type() != Xapian::Query::OP_WILDCARD) return true;
    if (!read) candidates = wildcard_candidates(text, prefixes), read = true;
    const std::string serialised = node.serialise();
    for (const std::string &c : candidates)
      for (const Xapian::Query::op combiner : kCombiners)
        if (Xapian::Query(Xapian::Query::OP_WILDCARD, c, kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                          combiner)
                .serialise() == serialised) {
          out.wildcards[serialised] = c;
          return false;
        }
    return false;
  });
  return out;
}

std::optional<Xapian::termcount> window_of(const Xapian::Query &node, const std::string &text) {
  const auto op = node.get_type();
  if (op != Xapian::Query::OP_NEAR && op != Xapian::Query::OP_PHRASE) return std::nullopt;
  const auto k = static_cast<Xapian::termcount>(node.get_num_subqueries());
  // The parser's windows: a phrase's is its length; `NEAR/n` and `ADJ/n` give n - 1 + the number of
  // words (n = 10 when not written).
  std::vector<Xapian::termcount> windows = {k, 9 + k};
  for (const std::string op_name : {"NEAR/", "ADJ/"})
    for (std::size_t at = text.find(op_name); at != std::string::npos; at = text.find(op_name, at + 1)) {
      std::size_t i = at + op_name.size();
      Xapian::termcount n = 0;
      for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 100000; ++i)
        n = n * 10 + static_cast<Xapian::termcount>(text[i] - '0');
      if (n > 0) windows.push_back(n - 1 + k);
    }
  std::vector<Xapian::Query> subs;
  for (std::size_t i = 0; i < node.get_num_subqueries(); ++i)
    subs.push_back(node.get_subquery(i));
  const std::string serialised = node.serialise();
  for (const Xapian::termcount w : windows)
    if (Xapian::Query(op, subs.begin(), subs.end(), w).serialise() == serialised) return w;
  return std::nullopt;
}

} // namespace parasearch::detail
