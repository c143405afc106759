// Private: facets. Each lane counts the matches of its own buckets with Xapian's ValueCountMatchSpy
// (one on the file id slot for path fields, whose values are read from each file's header once per
// file; one on the language slot for `lang`); the lanes' counts are summed, so facets never depend
// on the number of threads.
#pragma once

#include "index/record.hpp"
#include "parasearch/searcher.hpp"

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace parasearch::detail {

/// One facet asked for, resolved against the index's path fields.
struct FacetRequest {
  std::string name;        ///< As asked, e.g. "year/10".
  std::string field;       ///< The path field counted, or "" for the paragraph's language.
  std::uint64_t width = 0; ///< Numeric values are counted in buckets of this width; 0 = each value.
};

/// The facets of `names` (SearchOptions::facets): `FIELD` or `FIELD/WIDTH` for each path field of
/// `fields`, and `lang` (unless a path field takes the name). Throws UsageError naming an unknown
/// facet and listing the available ones, or naming a width that is not a whole number from 1.
std::vector<FacetRequest> parse_facets(const std::vector<std::string> &names, const std::vector<std::string> &fields);

/// Per facet, value -> count; summed over the lanes.
using FacetCounts = std::vector<std::map<std::string, std::size_t>>;

/// The match spies of one lane's match, and what they counted.
class FacetSpies {
public:
  /// Spies for `requests`, counting passages, or documents if `per_doc`.
  FacetSpies(const std::vector<FacetRequest> &requests, bool per_doc);

  /// Registers the spies with `enquire` (they must outlive its get_mset()).
  void attach(Xapian::Enquire &enquire);

  /// Adds what the spies counted to `counts` (one map per request); `header` gives the header of a
  /// file id (nullptr if the index has none: that file is not counted).
  void add_to(FacetCounts &counts, const std::function<const FileHeader *(std::uint64_t)> &header) const;

private:
  const std::vector<FacetRequest> *requests_;
  bool per_doc_;
  bool fields_ = false;   // a facet needs the file spy
  bool language_ = false; // a facet needs the language spy
  Xapian::ValueCountMatchSpy files_;
  Xapian::ValueCountMatchSpy languages_;
};

/// The facets of `requests` from the summed `counts`: most frequent value first, ties in value order.
std::vector<Facet> finish_facets(const std::vector<FacetRequest> &requests, const FacetCounts &counts);

} // namespace parasearch::detail
