// Search results as JSON: the one encoding parasearch-query --json, the HTTP API and the C API share.
#pragma once

#include "parasearch/searcher.hpp"

#include <cstddef>
#include <string>

namespace parasearch {

/// `hit` as one JSON object on one line: rank, score, path, paragraph, title, text, snippet,
/// highlights ([begin, end) character offsets into text); page, page_label and language where known;
/// others (options.per_doc), before/after (options.context > 0), explanation (options.explain); then
/// each path field (numeric values as numbers; a field never hides one of those keys). Invalid UTF-8
/// becomes U+FFFD.
std::string hit_json(const Hit &hit, const SearchOptions &options);

/// `results` as one JSON object on one line: {"total": estimated_total, "hits": [hit_json()...]}, plus
/// "suggestion" when there is one, "partial": true and "missing_shards" (each "remote HOST:PORT (why)")
/// when shards were left out (SearchOptions::allow_partial), and "facets" (as in facets_json()) when facets were asked
/// for.
std::string results_json(const SearchResults &results, const SearchOptions &options);

/// The facets of `results` as one JSON object on one line: {"facets": {"year": {"1990": 12, ...}, ...}},
/// facets in the order asked for, values most frequent first (invalid UTF-8 becomes U+FFFD).
std::string facets_json(const SearchResults &results);

/// `{"partial":true,"missing_shards":[...]}`: the shards a partial search (SearchResults::partial) left out.
std::string partial_json(const SearchResults &results);

/// The character (code point) offset of byte offset `byte` in UTF-8 `text` (continuation bytes are
/// not counted; an offset past the end counts the whole text).
std::size_t char_offset(const std::string &text, std::size_t byte);

} // namespace parasearch
