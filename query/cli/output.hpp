// Private to parasearch-query: printing search results as text, JSON Lines or HTML.
#pragma once

#include "parasearch/searcher.hpp"

#include <ostream>
#include <string>

namespace parasearch::cli {

/// Prints `results` as JSON Lines, one hit_json() object per hit, then facets_json() if facets were
/// asked for. A spelling suggestion goes to `err`.
void print_json(std::ostream &out, std::ostream &err, const SearchResults &results, const SearchOptions &options);

/// Prints `results` as an HTML fragment for `query` (text escaped, quotes included).
void print_html(std::ostream &out, const std::string &query, const SearchResults &results);

/// Prints `results` as readable text: a count line, then rank, path, ¶paragraph, score, title,
/// fields, context and snippet of each hit (control characters in paths and the query escaped), then
/// each facet: its name and its ten most frequent values with their counts.
void print_text(std::ostream &out, const std::string &query, const SearchResults &results,
                const SearchOptions &options);

} // namespace parasearch::cli
