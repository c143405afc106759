// Private: filters (SearchOptions::filters), such as a clicked facet's `country:FRA` or
// `year:1990..1999`: each is parsed on its own, so no query text can change what it means.
#pragma once

#include "parasearch/searcher.hpp"
#include "query/languages.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace parasearch::detail {

/// The facet names of an index with path fields `fields`: the fields, then "lang" unless a field takes it.
std::vector<std::string> facet_names(const std::vector<std::string> &fields);

/// The query every passage must match for `filters` (each `FIELD:VALUE` or `FIELD:LOW..HIGH`, FIELD one
/// of facet_names(fields), parsed with `parsers`; or `path:STORED PATH`, that one file). Throws UsageError naming a
/// filter without a known field or with an empty value or a '"'.
Xapian::Query filter_query(const std::vector<std::string> &filters, const std::vector<std::string> &fields,
                           QueryLanguages &parsers);

} // namespace parasearch::detail
