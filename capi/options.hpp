// Private to the C API: reading its options (a JSON object in a string) into the library's structs.
#pragma once

#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"

namespace parasearch::capi {

/// The SearchOptions the JSON object `text` asks for (NULL or "" = the defaults; keys in parasearch.h,
/// ps_search); throws UsageError naming the key for an unknown key or a value of the wrong type or range,
/// or if `text` is not one JSON object. Ranking values are checked later, by Searcher::search.
SearchOptions search_options(const char *text);

/// The IndexOptions for the index at `db` that the JSON object `text` asks for (keys in parasearch.h,
/// ps_indexer_open); throws UsageError as search_options() does.
IndexOptions index_options(const char *db, const char *text);

} // namespace parasearch::capi
