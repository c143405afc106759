// Private: the query parsers of an index, one per language it is stemmed in. A fixed-language index
// has one, and a query is parsed once, as before. An index built with --lang auto has one per
// Snowball language its paragraphs use (found from its `XL` terms): a query is parsed in each, and
// each parse matches only the paragraphs of its language, so a French query finds French text stemmed
// as French and an English one English text. `lang:fr` in the query, or SearchOptions::language,
// parses it in that language only.
#pragma once

#include "parasearch/searcher.hpp"
#include "query/parsed_query.hpp"
#include "query/query_builder.hpp"

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parasearch::detail {

/// The parsers of one index's languages; rebuilt when the index's settings change.
class QueryLanguages {
public:
  /// For an index of `language` (a Snowball name, "none", or schema::kLanguageAuto) with `path_fields`.
  QueryLanguages(const std::string &language, const std::string &path_fields);

  /// Tells every parser its database; in an auto index, first finds which languages the index holds.
  void set_database(const Xapian::Database &db);

  /// Parses `text` (see QueryBuilder::parse) in each language of the index, or only in that of
  /// `options.language` (then only its paragraphs match) or of the `lang:` filter in `text`, and ORs the
  /// parses, each restricted to the paragraphs stemmed in its language. Throws QueryError naming `text`
  /// if no language can parse it (the English parser's reason first).
  ParsedQuery parse(const std::string &text, const SearchOptions &options);

  /// The parser of the index's language (an auto index: English where present, else its first language),
  /// for spelling suggestions.
  QueryBuilder &primary();
  /// True for an index of schema::kLanguageAuto: hits are highlighted in their own language.
  bool per_language() const { return auto_; }
  /// The index's stemming language (its setting; "english" for an auto index).
  const std::string &language() const { return language_; }

private:
  /// The parser for Snowball language `rules`, made on first use.
  QueryBuilder &builder(const std::string &rules);
  /// The language code of the `lang:` filters of `text` if they all name one stemming language, else "".
  std::string filtered_language(const std::string &text) const;

  bool auto_ = false;
  bool lang_field_ = true; // `lang:` is the language filter (not a path field of that name)
  std::string language_;   // the Snowball language of a fixed index; "english" for auto
  std::string path_fields_;
  Xapian::Database db_;
  std::map<std::string, std::unique_ptr<QueryBuilder>> builders_; // by Snowball language
  /// Auto: which paragraphs each language's parse may match, by Snowball language (empty: all).
  std::map<std::string, Xapian::Query> groups_;
};

} // namespace parasearch::detail
