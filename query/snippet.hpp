// Private: finding query words in a paragraph and cutting a snippet around the best of them.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// A byte range [begin, end) of a word in a text.
using Span = std::pair<std::size_t, std::size_t>;

/// Byte ranges of the words in `text` whose term (lowercased, stemmed with `stem`, as TermGenerator
/// does with STEM_ALL) is in `terms`. CJK characters are matched one by one.
std::vector<Span> find_matches(std::string_view text, const std::set<std::string> &terms, const Xapian::Stem &stem);

/// As above, also matching words whose term starts with one of `prefixes` (expanded wildcards).
std::vector<Span> find_matches(std::string_view text, const std::set<std::string> &terms,
                               const std::vector<std::string> &prefixes, const Xapian::Stem &stem);

/// The terms a query looks for in paragraph text, and the prefixes of its wildcards; terms under
/// NOT, field and title filters are left out, as they never appear highlighted in a paragraph.
void highlight_terms(const Xapian::Query &query, std::set<std::string> &terms, std::vector<std::string> &prefixes);

/// A fragment of at most `max_chars` characters around the densest group of matches, with each match
/// wrapped in the marks; "…" shows where text was cut. The whole text if it is short enough.
std::string make_snippet(std::string_view text, const std::vector<Span> &matches, std::size_t max_chars,
                         std::string_view mark_start, std::string_view mark_end);

} // namespace parasearch::detail
