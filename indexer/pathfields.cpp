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

// Matches pieces[i..] against s[pos..]; fills captures. Captures and '*' are non-greedy but backtrack.
// `dead` remembers (i, pos) pairs known not to match: without it, a pattern with many variable pieces
// backtracks exponentially ("{f}a*a*a*a*a*a*a*a*a*a*a*a*b" on 120 'a's ran for minutes; found by fuzz_pathfields).
bool match_from(const auto &pieces, std::size_t i, std::string_view s, std::size_t pos,
                std::vector<std::string_view> &caps, std::vector<bool> &dead) {
  if (i == pieces.size()) return pos == s.size();
  const std::size_t state = i * (s.size() + 1) + pos;
  if (dead[state]) return false;
  const auto &p = pieces[i];
  if (!p.capture && !p.star) {
    if (s.substr(pos, p.literal.size()) == p.literal &&
        match_from(pieces, i + 1, s, pos + p.literal.size(), caps, dead))
      return true;
    dead[state] = true;
    return false;
  }
  const std::size_t min = p.capture ? 1 : 0;
  for (std::size_t len = min; pos + len <= s.size(); ++len) {
    if (p.capture && s[pos + len - 1] == '/') break; // the capture just grew by this byte; '/' ends it
    const std::string_view part = s.substr(pos, len);
    if (p.capture) caps.push_back(part);
    if (match_from(pieces, i + 1, s, pos + len, caps, dead)) return true;
    if (p.capture) caps.pop_back();
  }
  dead[state] = true;
  return false;
}

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
  std::vector<bool> dead(pieces_.size() * (subject.size() + 1), false);
  if (!match_from(pieces_, 0, subject, 0, caps, dead)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t k = 0; k < names_.size(); ++k)
    out.emplace_back(names_[k], std::string(caps[k]));
  return out;
}

} // namespace parasearch
