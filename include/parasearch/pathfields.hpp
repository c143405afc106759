// Path fields: turning parts of each file's path into searchable, filterable metadata.
//
// A pattern such as `{country}_{session}_{year}.txt` is matched against the file name, or — if the
// pattern contains '/' — against the whole stored path. `{name}` captures one or more characters
// (never '/'), `*` matches anything not captured, every other character matches itself. A file
// whose path does not match gets no fields. Values made only of digits are numeric: they can be
// filtered by range (`year:1990..1999`) as well as by value (`country:FRA`, case-insensitive).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch {

/// A compiled path-field pattern.
class PathPattern {
public:
  /// An empty pattern: no fields.
  PathPattern() = default;

  /// Compiles `pattern`; throws UsageError naming the problem (bad or repeated field name, empty
  /// capture, two captures with nothing between them, a reserved name such as `title`).
  static PathPattern parse(std::string_view pattern);

  /// The pattern text as given ("" for none).
  const std::string &text() const { return text_; }
  /// Field names, in pattern order.
  const std::vector<std::string> &names() const { return names_; }
  /// True if the pattern has no fields.
  bool empty() const { return names_.empty(); }

  /// The fields of `stored_path` (name, value) in pattern order, or nullopt if it does not match.
  std::optional<std::vector<std::pair<std::string, std::string>>> match(std::string_view stored_path) const;

private:
  struct Piece {
    bool capture;        // true: {name}; false: literal text or '*'
    bool star;           // '*' wildcard
    std::string literal; // for literals
  };
  std::string text_;
  std::vector<std::string> names_;
  std::vector<Piece> pieces_;
  bool whole_path_ = false;
};

/// True if a field value is numeric (only ASCII digits, at most 15 of them).
bool is_numeric_field_value(std::string_view value);

} // namespace parasearch
