// Private: finding query words in a paragraph and cutting a snippet around the best of them.
#pragma once

#include "common/words.hpp"
#include "query/parsed_query.hpp"

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// What to highlight: terms highlighted wherever they occur, and phrases highlighted only where the
/// whole phrase occurs (a word of a phrase standing elsewhere is not highlighted).
struct MatchSpec {
  std::set<std::string> terms;                   ///< Highlight every occurrence.
  std::vector<std::vector<std::string>> phrases; ///< Highlight only complete, consecutive occurrences.
  std::vector<std::string> prefixes;             ///< Highlight words whose term starts with one (wildcards).
};

/// Byte ranges of the words in `text` whose term (lowercased, stemmed with `stem`, as TermGenerator
/// does with STEM_ALL) is in `terms`. CJK characters are matched one by one.
std::vector<Span> find_matches(std::string_view text, const std::set<std::string> &terms, const Xapian::Stem &stem);

/// What a parsed query asks to highlight in paragraph text: its free-text terms, the words of its
/// phrases (highlighted only where the whole phrase stands) and its wildcard prefixes. Terms under
/// NOT, and field and title terms, are left out: they never appear highlighted in a paragraph.
MatchSpec highlight_spec(const ParsedQuery &parsed);

/// Byte ranges, in text order, of the words of `text` that `spec` asks to highlight; phrases skip the
/// words `stopper` stops, as the index does (none if it is null). Highlighted words with nothing
/// between them (a run of CJK characters) make one range.
std::vector<Span> find_matches(std::string_view text, const MatchSpec &spec, const Xapian::Stem &stem,
                               const Xapian::Stopper *stopper = nullptr);

/// A fragment of at most `max_chars` characters around the densest group of matches, with each match
/// wrapped in the marks; "…" shows where text was cut. The whole text if it is short enough. With
/// `html`, the text (not the marks) is HTML-escaped.
std::string make_snippet(std::string_view text, const std::vector<Span> &matches, std::size_t max_chars,
                         std::string_view mark_start, std::string_view mark_end, bool html = false);

} // namespace parasearch::detail
