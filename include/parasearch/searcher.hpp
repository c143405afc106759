// Searching a paragraph index: parse a query, rank passages with BM25, build highlighted snippets.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch {

/// Options of one search. Each default is the one parasearch-query uses.
struct SearchOptions {
  std::size_t limit = 10;          ///< Hits to return.
  std::size_t offset = 0;          ///< Hits to skip first (for paging).
  std::size_t snippet_chars = 240; ///< Longest snippet, in characters; the whole paragraph if shorter.
  std::string mark_start = "**";   ///< Put before each highlighted word in Hit::snippet.
  std::string mark_end = "**";     ///< Put after each highlighted word in Hit::snippet.
  bool default_and = false;        ///< Join bare words with AND instead of OR.
};

/// One ranked passage.
struct Hit {
  std::size_t rank = 0;                                    ///< 1-based rank, counting the offset.
  double score = 0;                                        ///< BM25 score; comparable within one search only.
  std::string path;                                        ///< Source path, relative to the folder that was indexed.
  std::string title;                                       ///< The document's title, or empty.
  unsigned paragraph = 0;                                  ///< Paragraph number within the document, from 1.
  std::vector<std::pair<std::string, std::string>> fields; ///< Path fields (name, value), e.g. country, year.
  std::string text;                                        ///< The whole paragraph.
  std::string snippet; ///< A fragment around the best matches, matches wrapped in the marks.
  std::vector<std::pair<std::size_t, std::size_t>> highlights; ///< Matched words as [begin, end) byte offsets in text.
};

/// The result of a search.
struct SearchResults {
  std::vector<Hit> hits;           ///< The requested page of hits, best first.
  std::size_t estimated_total = 0; ///< Xapian's estimate of all matching passages.
  std::string parsed_query;        ///< The parsed query, for debugging (Xapian's description).
};

/// Searches an index built by Indexer. Cheap to keep open; not safe for concurrent use by threads.
class Searcher {
public:
  /// Opens the index read-only; throws DatabaseError naming the path if it is missing or unreadable.
  explicit Searcher(const std::filesystem::path &db);
  ~Searcher();
  Searcher(const Searcher &) = delete;
  Searcher &operator=(const Searcher &) = delete;

  /// Runs `query` (see docs/QUERY.md); throws QueryError for a malformed or over-long query.
  SearchResults search(std::string_view query, const SearchOptions &options = {});

  /// The index's stemming language.
  const std::string &language() const;
  /// Number of paragraphs in the index.
  std::size_t paragraph_count() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch
