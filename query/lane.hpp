// Private: one thread's view of the index (its own Xapian objects: they are not thread-safe), and
// the hits it builds from the passages it ranked: stored text, the file's header, snippet, context,
// explanation.
#pragma once

#include "index/record.hpp"
#include "parasearch/searcher.hpp"
#include "query/parsed_query.hpp"
#include "query/snippet.hpp"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parasearch::detail {

/// A ranked passage before it becomes a Hit.
struct Candidate {
  Xapian::docid did = 0;          ///< In the combined database of every bucket.
  double base = 0;                ///< BM25 score.
  double bonus = 0;               ///< Proximity bonus.
  Xapian::doccount collapsed = 0; ///< With per_doc: other matching passages of its file.
  Xapian::doccount index = 0;     ///< Its position in the MSet of the lane that ranked it.
  /// The score shown: BM25 plus the bonus.
  double score() const { return base + bonus; }
};

/// What make_hit() needs to know about the search besides the passage.
struct HitRequest {
  const Xapian::Query *query = nullptr;   ///< This lane's copy of the query.
  const ParsedQuery *parsed = nullptr;    ///< The parsed query (wildcard patterns), shared read-only.
  const MatchSpec *spec = nullptr;        ///< What to highlight.
  const SearchOptions *options = nullptr; ///< The search's options.
  std::size_t depth = 0;                  ///< How many top passages got the proximity bonus.
};

/// How many file headers a lane keeps (about 200 bytes each) before it forgets them all.
inline constexpr std::size_t kMaxHeaders = 4096;

/// One thread's view of the index, matching only the buckets it owns (all of them with one lane).
struct Lane {
  std::filesystem::path path;               ///< The index, for messages.
  Xapian::Database db;                      ///< Every bucket of the index.
  Xapian::Stem stem;                        ///< The index's stemmer (this thread's copy).
  const Xapian::Stopper *stopper = nullptr; ///< The index's stop words, or nullptr.
  bool per_language = false; ///< An index of --lang auto: each hit is highlighted by its language's rules.
  std::map<std::string, Xapian::Stem> stems;          ///< per_language: this thread's stemmers, by Snowball name.
  std::shared_ptr<const std::set<std::string>> owned; ///< Uuids of the buckets it ranks; null = all.
  /// Per sub-database of `db` (a shard set): how many of its docids lie between a file's consecutive
  /// paragraphs (a remote shard joins several buckets); empty = 1 for each (local buckets).
  std::vector<Xapian::docid> strides;
  /// File headers read so far, by paragraph 1's docid: they never change while `db` is open (the
  /// Searcher opens new lanes when the index changes), and reading one decompresses paragraph 1.
  std::map<Xapian::docid, FileHeader> headers;
  std::map<std::uint64_t, FileHeader> facet_headers; ///< File headers read for facets, by file id (kept while open).

  /// `q` matching only in the buckets this lane ranks (`q` itself when it ranks them all).
  Xapian::Query restricted(const Xapian::Query &q) const;
  /// How many docids of `db` lie between consecutive paragraphs of the file holding docid `did`.
  Xapian::docid paragraph_step(Xapian::docid did) const;
  /// Paragraph `did` as stored, or nullopt if there is no such document or it holds no paragraph.
  std::optional<StoredParagraph> stored(Xapian::docid did) const;
  /// The text of paragraph `did`; empty if it is missing.
  std::string text_of(Xapian::docid did) const;
  /// The hit for candidate `c` at 1-based `rank`, whose document is `doc`; throws DatabaseError if
  /// the index is damaged.
  Hit make_hit(const Candidate &c, std::size_t rank, const HitRequest &request, const Xapian::Document &doc);
  /// Reads the file headers of the passages `docs` (docid and decoded document) that are not cached
  /// yet with one boolean match for their files' paragraph 1 and one pipelined fetch of those
  /// documents, so that over remote shards a page costs a few round trips, not one per hit.
  void read_headers(const std::vector<std::pair<Xapian::docid, std::optional<StoredParagraph>>> &docs);
  /// The header of the file with id `id` (cached in facet_headers), or nullptr if the index has none.
  const FileHeader *file_header(std::uint64_t id);
  /// Paragraph `number` of the file stored as `file`, with `context` paragraphs around it (no rank,
  /// score or snippet), or nullopt if there is none; throws DatabaseError if the index is damaged.
  std::optional<Hit> passage(const std::string &file, unsigned number, std::size_t context);

private:
  /// The stored part of a hit (path, title, fields, paragraph, page, language, text) for paragraph
  /// `did` whose data decoded to `own`; throws DatabaseError if it or its file's header is missing.
  Hit stored_hit(Xapian::docid did, std::optional<StoredParagraph> own);
  /// The stemmer and stop words to highlight a paragraph in ISO 639-1 `language` with.
  std::pair<const Xapian::Stem *, const Xapian::Stopper *> rules_for(const std::string &language);
  /// Keeps `header`, the header stored with paragraph 1 `first`, among `headers` (at most kMaxHeaders).
  const FileHeader *remember(Xapian::docid first, FileHeader header);
  /// The header of the file `id` of paragraph `number` (docid `did`), cached in `headers`.
  const FileHeader *header_for(Xapian::docid did, unsigned number, std::uint64_t id);
  /// The docids of the paragraphs of the file `id`, in paragraph order.
  std::vector<Xapian::docid> file_paragraphs(std::uint64_t id) const;
  /// Paragraphs `number - k` .. `number + k` of the hit's file (docids `all`, in paragraph order).
  void add_context(const std::vector<Xapian::docid> &all, std::size_t k, Hit &hit) const;
};

} // namespace parasearch::detail
