// Private: query text → Xapian::Query, the way the index was built: its stemmer, stop words, title
// and path fields; then parasearch's rewrites (wildcards folded like words, no XOR, no stop words in
// phrases). Xapian 1.4's Query does not say what a wildcard's pattern is, so the builder keeps a
// record of it (ParsedQuery::pattern_of).
#pragma once

#include "parasearch/searcher.hpp"
#include "query/compounds.hpp"
#include "query/parsed_query.hpp"
#include "query/query_tree.hpp"

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace parasearch::detail {

/// Parses queries for one index; rebuilt when the index's settings change.
class QueryBuilder {
public:
  /// A builder for an index stemmed in `language` whose files have the path fields of `path_fields`.
  QueryBuilder(const std::string &language, const std::string &path_fields);
  ~QueryBuilder();
  QueryBuilder(const QueryBuilder &) = delete;
  QueryBuilder &operator=(const QueryBuilder &) = delete;

  /// Tells the parser which database its queries will run on (used for wildcards and spelling).
  void set_database(const Xapian::Database &db);

  /// Parses `text` (the query as the user wrote it, after synonym expansion; other quote marks are read
  /// as '"') with `options`' default operator and syntax, then adds the joined forms of compounds and
  /// rewrites quoted CJK. Throws QueryError naming `text` if it is malformed, empty, holds only stop
  /// words, or has no words to search for.
  ParsedQuery parse(const std::string &text, const SearchOptions &options);

  /// Throws QueryError naming `text` if a wildcard of `q` expands to over kMaxWildcardTerms words of
  /// `db` (Xapian applies its own limit per bucket database only).
  static void check_wildcards(const ParsedQuery &q, const Xapian::Database &db, const std::string &text);

  /// The index's stemmer (the one the parser uses).
  const Xapian::Stem &stem() const { return stem_; }
  /// The index's stop words, or nullptr if every word is indexed.
  const Xapian::Stopper *stopper() const { return stopper_; }
  /// The words of the last parsed query that became `term` (for spelling suggestions).
  std::vector<std::string> unstem(const std::string &term) const;

private:
  /// Throws QueryError if NEAR or ADJ in `text` (the query as typed: `typed_text`) does not stand between
  /// two plain words, where Xapian's parser would read it as the word "near" in an OR of the rest.
  static void refuse_loose_windows(const std::string &text, const std::string &typed_text);
  /// Throws QueryError naming `text` if `q` (parsed from it, with `typed` its words) has stop words and nothing else.
  void refuse_stop_words_only(const Xapian::Query &q, const std::string &text, const TypedWords &typed) const;

  Xapian::Stem stem_;
  const Xapian::Stopper *stopper_ = nullptr;
  Xapian::QueryParser parser_;
  Xapian::Database db_;                    // set_database(): for the joined forms of compounds
  std::unique_ptr<CompoundSplits> splits_; // what set_database()'s index writes apart
  std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges_;
};

} // namespace parasearch::detail
