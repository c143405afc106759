// Searcher: parse the query with the index's stemmer, rank with BM25, then build snippets.
#include "parasearch/searcher.hpp"

#include "common/snowball_stem.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"
#include "query/snippet.hpp"

#include <xapian.h>

namespace parasearch {
namespace {

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr Xapian::termcount kMaxWildcardTerms = 5000;
constexpr std::size_t kCheckAtLeast = 1000;

} // namespace

struct Searcher::Impl {
  std::filesystem::path path;
  Xapian::Database db;
  std::string language;
  Xapian::Stem stem;
  Xapian::QueryParser parser;

  Xapian::Query parse(std::string_view query, const SearchOptions &options) {
    if (query.size() > kMaxQueryBytes)
      throw QueryError("query is too long (" + std::to_string(query.size()) + " bytes; the limit is " +
                       std::to_string(kMaxQueryBytes) + ")");
    parser.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                           Xapian::QueryParser::FLAG_CJK_NGRAM | Xapian::QueryParser::FLAG_PURE_NOT;
    try {
      return parser.parse_query(std::string(query), flags);
    } catch (const Xapian::QueryParserError &e) {
      throw QueryError("cannot parse query '" + std::string(query) + "': " + e.get_msg());
    }
  }
};

Searcher::Searcher(const std::filesystem::path &db) : impl_(std::make_unique<Impl>()) {
  impl_->path = db;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  try {
    impl_->db = Xapian::Database(db.string());
    impl_->language = impl_->db.get_metadata(std::string(schema::kMetaLanguage));
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot open index '" + db.string() + "': " + e.get_description());
  }
  if (impl_->language.empty()) impl_->language = "english";
  impl_->stem = detail::make_stem(impl_->language);
  impl_->parser.set_database(impl_->db);
  impl_->parser.set_stemmer(impl_->stem);
  impl_->parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  impl_->parser.add_prefix(std::string(schema::kFieldTitle), std::string(schema::kPrefixTitle));
  impl_->parser.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR);
}

Searcher::~Searcher() = default;

const std::string &Searcher::language() const { return impl_->language; }

std::size_t Searcher::paragraph_count() const { return impl_->db.get_doccount(); }

SearchResults Searcher::search(std::string_view query, const SearchOptions &options) {
  SearchResults results;
  const Xapian::Query q = impl_->parse(query, options);
  results.parsed_query = q.get_description();
  if (q.empty()) {
    if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) throw QueryError("the query is empty");
    throw QueryError("query '" + std::string(query) + "' has no words to search for");
  }
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      const Xapian::MSet mset =
          // Checking at least kCheckAtLeast candidates keeps the "about N" estimate honest for phrases.
          enquire.get_mset(static_cast<Xapian::doccount>(options.offset), static_cast<Xapian::doccount>(options.limit),
                           static_cast<Xapian::doccount>(options.offset + options.limit + kCheckAtLeast));
      results.estimated_total = mset.get_matches_estimated();
      results.hits.clear();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Hit hit;
        hit.rank = options.offset + static_cast<std::size_t>(it.get_rank()) - mset.get_firstitem() + 1;
        hit.score = it.get_weight();
        hit.text = doc.get_data();
        hit.path = doc.get_value(schema::kSlotPath);
        hit.title = doc.get_value(schema::kSlotTitle);
        const std::string para = doc.get_value(schema::kSlotParagraph);
        hit.paragraph = para.empty() ? 0 : static_cast<unsigned>(Xapian::sortable_unserialise(para));
        std::set<std::string> terms(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it));
        const auto matches = detail::find_matches(hit.text, terms, impl_->stem);
        hit.highlights.assign(matches.begin(), matches.end());
        hit.snippet =
            detail::make_snippet(hit.text, matches, options.snippet_chars, options.mark_start, options.mark_end);
        results.hits.push_back(std::move(hit));
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError &) {
      if (attempt >= 3) throw DatabaseError("index '" + impl_->path.string() + "' keeps changing during the search");
      impl_->db.reopen(); // a writer committed twice under us: reread and rerun the whole search
    } catch (const Xapian::WildcardError &e) {
      throw QueryError("a wildcard in '" + std::string(query) + "' matches too many words (over " +
                       std::to_string(kMaxWildcardTerms) + "); make it more specific");
    } catch (const Xapian::Error &e) {
      throw DatabaseError("search failed in index '" + impl_->path.string() + "': " + e.get_description());
    }
  }
}

} // namespace parasearch
