// The HTTP API of parasearch-serve without the HTTP: request parameters in, status and JSON body out.
// Each function is what one endpoint does, so tests can call it without a socket.
#pragma once

#include "parasearch/errors.hpp"
#include "parasearch/searcher.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace parasearch::serve {

/// Most hits one request may ask for (`limit`).
inline constexpr std::size_t kMaxLimit = 100;
/// Deepest page (`offset`): ranking deeper than this costs every request.
inline constexpr std::size_t kMaxOffset = 1000;
/// Most paragraphs of context on each side (`context`).
inline constexpr std::size_t kMaxContext = 10;
/// Most facets, and most filters, in one request.
inline constexpr std::size_t kMaxFacets = 10;

/// Query parameters, decoded (httplib::Params is this type).
using Params = std::multimap<std::string, std::string>;

/// What an endpoint answers.
struct Response {
  int status = 200;                              ///< HTTP status.
  std::string body;                              ///< JSON (or the page).
  std::string content_type = "application/json"; ///< Its media type.
};

/// The HTTP status of an error with exit code `code`: 400 usage or malformed query, 503 index busy or
/// unavailable, 500 otherwise.
int http_status(ExitCode code);

/// `{"error": message, "code": exit code}` with `status`.
Response error_response(int status, const std::string &message, ExitCode code);

/// What the page and the API offer by default: every facet the index has (Searcher::facet_names()).
struct ApiDefaults {
  std::vector<std::string> facets; ///< Facets the page asks for; empty = every one of the index.
};

/// The query and options of a search request: q (required, the library's length limit applies),
/// limit (0..kMaxLimit, default 10), offset (0..kMaxOffset), per_doc (0/1/true/false), context
/// (0..kMaxContext), facets (comma-separated), lang, and filter (repeated: FIELD:VALUE); the rest as
/// parasearch-query's defaults, so hits are what `parasearch-query --json` prints. Throws UsageError
/// naming the parameter.
SearchOptions search_options(const Params &params, std::string &query);

/// GET /api/search: results_json() of the search; errors as error_response().
Response search(Searcher &searcher, const Params &params);

/// GET /api/passage?path=&paragraph=&context=: hit_json() of that stored paragraph (with before/after
/// when context > 0); 404 if the index holds no such paragraph (paths are only looked up, never opened).
Response passage(Searcher &searcher, const Params &params);

/// GET /api/health: {"status": "ok", "paragraphs": N, "language": ..., "facets": [...]} (facets:
/// `defaults.facets`, else every facet of the index); 503 if the index cannot be read.
Response health(Searcher &searcher, const ApiDefaults &defaults);

} // namespace parasearch::serve
