#include "parasearch/pathfields.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"

#include <algorithm>

namespace parasearch {
namespace {

bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 32 || !(n[0] >= 'a' && n[0] <= 'z')) return false;
  return std::all_of(n.begin(), n.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Matches pattern pieces against a path, filling captures. Captures and '*' are shortest-first: the first
// end that lets the rest match wins. Two memos keep it O(pieces x length): `dead` marks (piece, position)
// pairs from which the rest cannot match; `dead_tail` marks (variable piece, position) pairs from which no
// end of that piece lets the rest match. Plain backtracking was exponential: "{f}a*a*a*a*a*a*a*a*a*a*a*a*b"
// on 120 'a's ran for minutes, and long patterns on 4 KB paths took seconds (found by fuzz_pathfields).
template <class Piece> class Matcher {
public:
  Matcher(const std::vector<Piece> &pieces, std::string_view s, std::vector<std::string_view> &caps)
      : pieces_(pieces), s_(s), caps_(caps), stride_(s.size() + 1), dead_(pieces.size() * stride_, false),
        dead_tail_(pieces.size() * stride_, false) {}

  // Matches pieces[i..] against s[pos..].
  bool match(std::size_t i, std::size_t pos) {
    if (i == pieces_.size()) return pos == s_.size();
    const std::size_t state = i * stride_ + pos;
    if (dead_[state]) return false;
    const Piece &p = pieces_[i];
    const bool ok = p.capture || p.star
                        ? variable(i, pos)
                        : s_.substr(pos, p.literal.size()) == p.literal && match(i + 1, pos + p.literal.size());
    if (!ok) dead_[state] = true;
    return ok;
  }

private:
  // Variable piece i starting at `start`: tries its ends shortest first (a capture: at least one byte,
  // never a '/').
  bool variable(std::size_t i, std::size_t start) {
    const bool capture = pieces_[i].capture;
    std::size_t end = start;
    if (capture) {
      if (end >= s_.size() || s_[end] == '/') return false;
      ++end;
    }
    const std::size_t first = end;
    for (;; ++end) {
      if (dead_tail_[i * stride_ + end]) break; // no end from here on works: known already
      if (capture) caps_.push_back(s_.substr(start, end - start));
      if (match(i + 1, end)) return true;
      if (capture) caps_.pop_back();
      if (end == s_.size() || (capture && s_[end] == '/')) { // cannot grow past this byte
        ++end;
        break;
      }
    }
    for (std::size_t q = first; q < end; ++q)
      dead_tail_[i * stride_ + q] = true;
    return false;
  }

  const std::vector<Piece> &pieces_;
  std::string_view s_;
  std::vector<std::string_view> &caps_;
  std::size_t stride_;
  std::vector<bool> dead_, dead_tail_;
};

} // namespace

bool is_numeric_field_value(std::string_view v) {
  return !v.empty() && v.size() <= 15 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

PathPattern PathPattern::parse(std::string_view pattern) {
  PathPattern out;
  out.text_ = std::string(pattern);
  out.whole_path_ = pattern.find('/') != std::string_view::npos;
  auto fail = [&](const std::string &why) {
    throw UsageError("bad --path-fields pattern '" + std::string(pattern) + "': " + why);
  };
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) fail("'{' without a closing '}'");
      const std::string name(pattern.substr(i + 1, close - i - 1));
      if (!valid_name(name))
        fail("field names are lowercase letters, digits and '_', starting with a letter; got '" + name + "'");
      if (name == schema::kFieldTitle) fail("'title' is reserved");
      if (std::find(out.names_.begin(), out.names_.end(), name) != out.names_.end())
        fail("field '" + name + "' appears twice");
      if (!out.pieces_.empty() && (out.pieces_.back().capture || out.pieces_.back().star))
        fail("two captures need literal text between them");
      out.names_.push_back(name);
      out.pieces_.push_back({true, false, {}});
      i = close + 1;
    } else if (c == '}') {
      fail("'}' without an opening '{'");
    } else if (c == '*') {
      if (!out.pieces_.empty() && (out.pieces_.back().capture || out.pieces_.back().star))
        fail("'*' next to a capture is ambiguous");
      out.pieces_.push_back({false, true, {}});
      ++i;
    } else {
      if (out.pieces_.empty() || out.pieces_.back().capture || out.pieces_.back().star)
        out.pieces_.push_back({false, false, {}});
      out.pieces_.back().literal += c;
      ++i;
    }
  }
  if (out.names_.empty() && !pattern.empty()) fail("it has no {field}");
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathPattern::match(std::string_view stored_path) const {
  if (names_.empty()) return std::nullopt;
  std::string_view subject = stored_path;
  if (!whole_path_) {
    const std::size_t slash = subject.rfind('/');
    if (slash != std::string_view::npos) subject.remove_prefix(slash + 1);
  }
  std::vector<std::string_view> caps;
  if (subject.size() > 4096) return std::nullopt;
  if (!Matcher<Piece>(pieces_, subject, caps).match(0, 0)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t k = 0; k < names_.size(); ++k)
    out.emplace_back(names_[k], std::string(caps[k]));
  return out;
}

} // namespace parasearch
