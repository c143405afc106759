// The parasearch side of the query benchmark in scripts/bench, through the public library API only:
// Searcher::search with the default SearchOptions (top 10, snippets of 240 characters marked with **),
// which is what parasearch-query does by default. The index is opened once, before timing; each query
// is timed end to end (parse, rank, fetch texts, snippets), after one warm-up pass over all queries.
// --threads N sets the Searcher's threads (default 0: one per core, as parasearch-query).
//
// Usage: parasearch-query-bench [--verbose] [--threads N] DB QUERIES
#include "bench/query_timing.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/searcher.hpp"

#include <iostream>

int main(int argc, char **argv) {
  try {
    unsigned threads = 0;
    std::vector<char *> rest = {argv[0]};
    for (int i = 1; i < argc; ++i) {
      if (std::string(argv[i]) == "--threads" && i + 1 < argc)
        threads = static_cast<unsigned>(std::stoul(argv[++i]));
      else
        rest.push_back(argv[i]);
    }
    const parasearch::bench::Args args = parasearch::bench::parse_args(static_cast<int>(rest.size()), rest.data());
    const std::vector<std::string> queries = parasearch::bench::read_queries(args.queries);
    parasearch::Searcher searcher(args.db, threads);
    const parasearch::SearchOptions options;
    std::size_t bytes = 0; // keeps the snippets observable
    parasearch::bench::time_queries(queries, args.verbose, [&](const std::string &text) {
      const parasearch::SearchResults results = searcher.search(text, options);
      for (const parasearch::Hit &hit : results.hits)
        bytes += hit.snippet.size();
      return results.hits.size();
    });
    if (bytes == 0) std::cerr << "parasearch-query-bench: warning: no snippet text produced\n";
  } catch (const std::invalid_argument &e) {
    std::cerr << "parasearch-query-bench: " << e.what()
              << "\nusage: parasearch-query-bench [--verbose] [--threads N] DB QUERIES\n";
    return 2;
  } catch (const std::exception &e) {
    std::cerr << "parasearch-query-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
