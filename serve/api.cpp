#include "serve/api.hpp"

#include "common/cli.hpp"
#include "parasearch/json.hpp"

#include <nlohmann/json.hpp>

namespace parasearch::serve {
namespace {

/// The one value of parameter `name`, or nullptr; throws UsageError if it is given twice.
const std::string *single(const Params &params, const std::string &name) {
  const auto [first, last] = params.equal_range(name);
  if (first == last) return nullptr;
  if (std::next(first) != last) throw UsageError("parameter '" + name + "' is given more than once");
  return &first->second;
}

/// Parameter `name` as a whole number from `min` to `max`, or `fallback` if absent.
std::size_t number(const Params &params, const std::string &name, std::size_t fallback, std::size_t min,
                   std::size_t max) {
  const std::string *v = single(params, name);
  if (v == nullptr) return fallback;
  try {
    return cli::parse_whole_number(name, *v, min, max);
  } catch (const UsageError &) { // its message names "--name"
    throw UsageError("parameter '" + name + "' must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
}

/// Parameter `name` as a yes/no flag (1, true, yes / 0, false, no, empty), or false if absent.
bool flag(const Params &params, const std::string &name) {
  const std::string *v = single(params, name);
  if (v == nullptr) return false;
  if (*v == "1" || *v == "true" || *v == "yes") return true;
  if (v->empty() || *v == "0" || *v == "false" || *v == "no") return false;
  throw UsageError("parameter '" + name + "' must be 1 or 0 (true or false)");
}

/// Runs `body`, answering its parasearch::Error (and anything else) as an error_response().
template <typename F> Response guarded(F &&body) {
  try {
    return body();
  } catch (const Error &e) {
    return error_response(http_status(e.code()), e.what(), e.code());
  } catch (const std::exception &e) {
    return error_response(500, std::string("internal error: ") + e.what(), ExitCode::kInternal);
  }
}

std::string dump(const nlohmann::json &j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

} // namespace

int http_status(ExitCode code) {
  switch (code) {
  case ExitCode::kUsage: return 400;
  case ExitCode::kBusy:
  case ExitCode::kDatabase: return 503;
  default: return 500;
  }
}

Response error_response(int status, const std::string &message, ExitCode code) {
  return {status, dump({{"error", message}, {"code", static_cast<int>(code)}}) + "\n"};
}

SearchOptions search_options(const Params &params, std::string &query) {
  const std::string *q = single(params, "q");
  if (q == nullptr || q->find_first_not_of(" \t\r\n") == std::string::npos)
    throw UsageError("parameter 'q' (the query) is missing or empty");
  query = *q;
  SearchOptions o;
  o.limit = number(params, "limit", o.limit, 0, kMaxLimit);
  o.offset = number(params, "offset", 0, 0, kMaxOffset);
  o.context = number(params, "context", 0, 0, kMaxContext);
  o.per_doc = flag(params, "per_doc");
  o.allow_partial = flag(params, "partial"); // over a shard set: search the shards that answer

  if (const std::string *lang = single(params, "lang"); lang != nullptr) o.language = *lang;
  if (const std::string *facets = single(params, "facets"); facets != nullptr) o.facets = cli::comma_list(*facets);
  const auto [first, last] = params.equal_range("filter");
  for (auto it = first; it != last; ++it)
    o.filters.push_back(it->second);
  if (o.facets.size() > kMaxFacets || o.filters.size() > kMaxFacets)
    throw UsageError("at most " + std::to_string(kMaxFacets) + " facets and " + std::to_string(kMaxFacets) +
                     " filters in one request");
  return o;
}

Response search(Searcher &searcher, const Params &params) {
  return guarded([&] {
    std::string query;
    const SearchOptions options = search_options(params, query);
    return Response{200, results_json(searcher.search(query, options), options) + "\n"};
  });
}

Response passage(Searcher &searcher, const Params &params) {
  return guarded([&] {
    const std::string *path = single(params, "path");
    if (path == nullptr || path->empty()) throw UsageError("parameter 'path' is missing or empty");
    const auto paragraph = static_cast<unsigned>(number(params, "paragraph", 0, 1, 1u << 30));
    if (single(params, "paragraph") == nullptr) throw UsageError("parameter 'paragraph' is missing");
    SearchOptions shape; // what hit_json shows of it
    shape.context = number(params, "context", 0, 0, kMaxContext);
    const auto hit = searcher.passage(*path, paragraph, shape.context);
    if (!hit)
      return error_response(404, "the index holds no paragraph " + std::to_string(paragraph) + " of '" + *path + "'",
                            ExitCode::kPartial);
    return Response{200, hit_json(*hit, shape) + "\n"};
  });
}

Response health(Searcher &searcher, const ApiDefaults &defaults) {
  return guarded([&] {
    const std::size_t paragraphs = searcher.paragraph_count();
    nlohmann::json j = {{"status", "ok"},
                        {"paragraphs", paragraphs},
                        {"language", searcher.language()},
                        {"facets", defaults.facets.empty() ? searcher.facet_names() : defaults.facets}};
    return Response{200, dump(j) + "\n"};
  });
}

} // namespace parasearch::serve
