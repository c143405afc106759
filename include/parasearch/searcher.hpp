// Searching a paragraph index: parse a query, rank passages with BM25, build highlighted snippets.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parasearch {

/// How passages are scored. The defaults were tuned on SciFact's training judgments and, for b and
/// length_floor, on the UN passage collection, cross-validated (see docs/QUERY.md).
struct RankingOptions {
  double k1 = 1.2;               ///< BM25 term-frequency saturation.
  double b = 0.5;                ///< BM25 length normalisation (0 = none, 1 = full).
  double proximity = 0.1;        ///< Weight of the bonus for query words standing close together; 0 = off.
  unsigned proximity_window = 4; ///< Two query words count as close within a window of this many words.
  std::size_t rerank_depth = 20; ///< The proximity bonus re-ranks this many top BM25 passages; 0 = off.
  double title_weight = 0.8;     ///< A query word in the document's title adds this x its idf; 0 = titles do not match.
  /// BM25 scores a passage shorter than this x the average length as if it were that long (Xapian's
  /// min_normlen), so short fragments gain nothing from being short; 0 = no floor.
  double length_floor = 0.5;
  /// Which idf weighs each term: 0 = Lucene's log(1 + (N - n + 0.5)/(n + 0.5)), 1 = Xapian's
  /// BM25Weight idf log((N - n + 0.5)/(n + 0.5)) (squashed below 2, as Xapian 1.4), which weighs
  /// frequent words lower; in between, that share of Xapian's plus the rest of Lucene's.
  double idf_blend = 0;
};

/// Throws UsageError naming the parameter (and its command-line flag) if `ranking` is out of range:
/// k1 >= 0, 0 <= b <= 1, proximity >= 0, title_weight >= 0, length_floor >= 0, 0 <= idf_blend <= 1
/// (all finite), proximity_window >= 2. Searcher::search calls it.
void validate_ranking(const RankingOptions &ranking);

/// Options of one search. Each default is the one parasearch-query uses.
struct SearchOptions {
  std::size_t limit = 10;          ///< Hits to return.
  std::size_t offset = 0;          ///< Hits to skip first (for paging).
  std::size_t snippet_chars = 240; ///< Longest snippet, in characters; the whole paragraph if shorter.
  std::string mark_start = "**";   ///< Put before each highlighted word in Hit::snippet.
  std::string mark_end = "**";     ///< Put after each highlighted word in Hit::snippet.
  bool html = false;               ///< Escape Hit::snippet for HTML (& < > " '); the marks are inserted as given.
  bool snippets = true;            ///< Build Hit::snippet and Hit::highlights (off saves time in batch runs).
  bool default_and = false;        ///< Join bare words with AND instead of OR.
  bool plain = false;              ///< Read the query as plain words: no operators, quotes, wildcards or fields.
  bool per_doc = false;            ///< Only the best passage of each document; Hit::others counts the rest.
  std::size_t context = 0;         ///< Paragraphs to return before and after each hit (Hit::before, Hit::after).
  bool explain = false;            ///< Fill Hit::explanation with how the score was made.
  bool spelling = false;           ///< Fill SearchResults::suggestion when a query word is not in the index.
  bool exact_count = false;        ///< Examine enough candidates for a close SearchResults::estimated_total (slower).
  std::string language; ///< Only paragraphs in this language (ISO 639-1, e.g. "fr"), the query parsed in it; "" = all.
  /// Facets to count over every matching passage (every matching document with per_doc): a path field
  /// name, `FIELD/WIDTH` for numeric values in buckets of WIDTH ("year/10": "1990..1999"), or "lang"
  /// (see docs/QUERY.md). Asking for any makes the search examine every match (slower on big matches).
  std::vector<std::string> facets;
  /// Filters every match must pass, each `FIELD:VALUE` or `FIELD:LOW..HIGH` with FIELD one of
  /// Searcher::facet_names() (e.g. a clicked facet value: "country:FRA", "year:1990..1999", "lang:fr"),
  /// or `path:STORED PATH` for the passages of one file (unless a path field is named "path").
  /// Parsed apart from the query, so no query text changes their meaning; they are not highlighted.
  std::vector<std::string> filters;
  /// Over a shard set: when a shard cannot be reached, search the others and flag the results
  /// (SearchResults::partial) instead of throwing DatabaseError naming the shard.
  bool allow_partial = false;
  RankingOptions ranking; ///< Scoring parameters.
};

/// A paragraph shown as context around a hit.
struct ContextParagraph {
  unsigned paragraph = 0; ///< Paragraph number within the document, from 1.
  std::string text;       ///< The whole paragraph.
};

/// One ranked passage.
struct Hit {
  std::size_t rank = 0;   ///< 1-based rank, counting the offset.
  double score = 0;       ///< BM25 score; comparable within one search only.
  std::string path;       ///< Source path, relative to the folder that was indexed.
  std::string title;      ///< The document's title, or empty.
  unsigned paragraph = 0; ///< Paragraph number within the document, from 1.
  unsigned page = 0;      ///< Page the paragraph starts on, from 1 (PDF); 0 if the document has no pages.
  std::string page_label; ///< That page's printed label where it differs from `page` (e.g. "iv"), else "".
  std::string language;   ///< The paragraph's language (ISO 639-1, e.g. "fr"), or "" if unknown.
  std::vector<std::pair<std::string, std::string>> fields; ///< Path fields (name, value), e.g. country, year.
  std::string text;                                        ///< The whole paragraph.
  std::string snippet; ///< A fragment around the best matches, matches wrapped in the marks.
  std::vector<std::pair<std::size_t, std::size_t>> highlights; ///< Matched words as [begin, end) byte offsets in text.
  std::size_t others = 0;               ///< With per_doc: other matching passages of the same document (at least).
  std::vector<ContextParagraph> before; ///< With context: up to K paragraphs before this one, in order.
  std::vector<ContextParagraph> after;  ///< With context: up to K paragraphs after this one, in order.
  std::string explanation;              ///< With explain: the parts the score is made of, one per line.
};

/// The counts of one facet of a search.
struct Facet {
  std::string name; ///< As asked for in SearchOptions::facets, e.g. "year/10".
  /// Each value with the number of matching passages (documents, with per_doc) that have it, most
  /// frequent first (ties in value order).
  std::vector<std::pair<std::string, std::size_t>> counts;
};

/// The result of a search.
struct SearchResults {
  std::vector<Hit> hits; ///< The requested page of hits, best first.
  /// How many passages match, the same on any number of threads: exact when Xapian's estimate and the
  /// count are both at most 1,000, else Xapian's estimate for the whole index (at least 1,001 where more
  /// than 1,000 were seen). 0 for an index with no bucket.
  std::size_t estimated_total = 0;
  std::string parsed_query;   ///< The parsed query, for debugging (Xapian's description).
  std::string suggestion;     ///< With spelling: the query with unknown words corrected; empty if none.
  std::string expanded_query; ///< The query after synonym expansion; equal to the query if none applied.
  std::vector<Facet> facets;  ///< One per SearchOptions::facets, in that order.
  /// With SearchOptions::allow_partial: some shards of a shard set could not be reached, so the hits,
  /// counts and facets are those of the other shards only.
  bool partial = false;
  std::vector<std::string> missing_shards; ///< With `partial`: each shard left out, with why ("remote HOST:PORT (…)").
};

/// Searches an index built by Indexer. Each search sees a consistent snapshot of the index, even
/// while an indexer replaces buckets, and picks up buckets installed since the previous search.
/// One search may use several threads (see the constructor); results never depend on how many.
/// Not safe for concurrent use by threads: give each thread its own.
class Searcher {
public:
  /// Opens the index read-only; throws DatabaseError naming the path if it is missing or unreadable.
  /// `db` may also be a shard set: a stub file (or a folder whose XAPIANDB) listing `remote HOST:PORT`
  /// (xapian-tcpsrv) and `auto PATH` shards, searched as one index on one thread (docs/ARCHITECTURE.md,
  /// "Shards"); a shard that is down or hangs is named in a DatabaseError within its timeouts.
  /// A search ranks the index's buckets on up to `threads` threads (0 = one per core; never more
  /// than there are buckets); give 1 when many Searchers run side by side.
  explicit Searcher(const std::filesystem::path &db, unsigned threads = 0);
  ~Searcher();
  Searcher(const Searcher &) = delete;
  Searcher &operator=(const Searcher &) = delete;

  /// Runs `query` (see docs/QUERY.md); throws QueryError for a malformed or over-long query or one of
  /// stop words only, UsageError for out-of-range options.ranking (validate_ranking()) or an unknown facet or filter,
  /// DatabaseError if the index cannot be read (or is damaged). Every error it throws is a parasearch::Error. An index
  /// with no bucket yet gives no hits.
  SearchResults search(std::string_view query, const SearchOptions &options = {});

  /// Paragraph `paragraph` (from 1) of the file stored as `path` (a hit's path), with up to `context`
  /// paragraphs before and after it: a Hit without rank, score, snippet or highlights; nullopt if the
  /// index holds no such paragraph. Throws DatabaseError if the index cannot be read.
  std::optional<Hit> passage(const std::string &path, unsigned paragraph, std::size_t context = 0);

  /// Makes the words or phrases in `group` (e.g. {"UN", "United Nations"}) interchangeable in later
  /// queries; throws UsageError if the group has fewer than two entries with words.
  void add_synonyms(const std::vector<std::string> &group);
  /// Reads synonym groups from a file, one per line: `UN = United Nations` (`=` separates variants,
  /// `#` starts a comment). Throws UsageError naming the file and line if it cannot be used.
  void load_synonyms(const std::filesystem::path &file);

  /// The index's stemming language ("auto": each paragraph's own), as of the last search (a rebuild with --full may
  /// change it: each search rereads the index's settings when the index changed).
  const std::string &language() const;
  /// The facets (and filter fields) the index offers, as of the last search: its path fields in pattern
  /// order, then "lang" unless a path field takes that name.
  std::vector<std::string> facet_names() const;
  /// Number of paragraphs in the index, as of the last search; throws DatabaseError if unreadable.
  std::size_t paragraph_count() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch
