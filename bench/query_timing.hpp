// Shared by the two query benchmarks (naive_query.cpp, query_bench.cpp), so both measure the same way:
// read the queries, run one untimed warm-up pass over all of them, then a timed pass, each query timed
// end to end with std::chrono::steady_clock, and print {"queries","p50_ms","p95_ms","mean_ms","hits"}.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parasearch::bench {

/// The command line both benchmarks take: `[--verbose] DB QUERIES`.
struct Args {
  bool verbose = false; ///< Print each query's latency (to stderr) in the timed pass.
  std::string db;       ///< The index to search.
  std::string queries;  ///< One query per line; blank lines are skipped.
};

/// Parses `[--verbose] DB QUERIES`; throws std::invalid_argument on anything else.
inline Args parse_args(int argc, char **argv) {
  Args a;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--verbose")
      a.verbose = true;
    else if (s.starts_with("--"))
      throw std::invalid_argument("unknown option " + s);
    else
      rest.push_back(s);
  }
  if (rest.size() != 2) throw std::invalid_argument("expected DB and QUERIES");
  a.db = rest[0];
  a.queries = rest[1];
  return a;
}

/// The non-blank lines of `path`, without trailing CR; throws std::runtime_error if it cannot be read.
inline std::vector<std::string> read_queries(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  }
  if (out.empty()) throw std::runtime_error("no queries in " + path);
  return out;
}

/// The nearest-rank percentile `p` (0..100) of `sorted` (ascending, non-empty).
inline double percentile(const std::vector<double> &sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

/// Runs `run` (one query end to end, returning its hit count) over all queries once untimed, then once
/// timed; prints the per-query latencies to stderr if `verbose`, and the summary JSON to stdout.
inline void time_queries(const std::vector<std::string> &queries, bool verbose,
                         const std::function<std::size_t(const std::string &)> &run) {
  for (const std::string &q : queries)
    run(q);
  std::vector<double> ms;
  ms.reserve(queries.size());
  std::size_t hits = 0;
  for (const std::string &q : queries) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = run(q);
    const auto stop = std::chrono::steady_clock::now();
    hits += n;
    ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    if (verbose) std::fprintf(stderr, "%9.3f ms  %2zu hits  %s\n", ms.back(), n, q.c_str());
  }
  double sum = 0;
  for (double m : ms)
    sum += m;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"queries\":%zu,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"mean_ms\":%.3f,\"hits\":%zu}\n", ms.size(),
              percentile(sorted, 50), percentile(sorted, 95), sum / static_cast<double>(ms.size()), hits);
}

} // namespace parasearch::bench
