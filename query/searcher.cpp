// Searcher: parse the query with the index's stemmer and stop words, rank with BM25, then fetch each
// hit's file record (stored with the file's first paragraph) and build its snippet.
#include "parasearch/searcher.hpp"

#include "common/hash.hpp"
#include "common/record.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "indexer/document.hpp"
#include "indexer/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/reopen.hpp"
#include "query/snippet.hpp"

#include <xapian.h>

#include <map>

namespace parasearch {
namespace {

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr Xapian::termcount kMaxWildcardTerms = 5000;
constexpr std::size_t kCheckAtLeast = 1000;

// `name:value` for a path field: the value is matched case-insensitively, as the indexer lowercases it.
class FieldFilter : public Xapian::FieldProcessor {
public:
  explicit FieldFilter(std::string name) : name_(std::move(name)) {}
  Xapian::Query operator()(const std::string &value) override {
    const std::string term = detail::DocumentBuilder::field_term(name_, value);
    return term.empty() ? Xapian::Query::MatchNothing : Xapian::Query(term);
  }

private:
  std::string name_;
};

std::uint64_t id_from_bytes(const std::string &b) {
  std::uint64_t id = 0;
  for (char c : b)
    id = (id << 8) | static_cast<unsigned char>(c);
  return id;
}

} // namespace

struct Searcher::Impl {
  std::filesystem::path path;
  Xapian::Database db;
  detail::StubStamp stamp; // the stub `db` was opened from
  std::string language;
  Xapian::Stem stem;
  const Xapian::Stopper *stopper = nullptr;
  Xapian::QueryParser parser;
  std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;

  Xapian::Query parse(std::string_view query, const SearchOptions &options) {
    if (query.size() > kMaxQueryBytes)
      throw QueryError("query is too long (" + std::to_string(query.size()) + " bytes; the limit is " +
                       std::to_string(kMaxQueryBytes) + ")");
    parser.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                           Xapian::QueryParser::FLAG_CJK_NGRAM | Xapian::QueryParser::FLAG_PURE_NOT;
    Xapian::Query q;
    try {
      q = parser.parse_query(std::string(query), flags);
    } catch (const Xapian::QueryParserError &e) {
      throw QueryError("cannot parse query '" + std::string(query) + "': " + e.get_msg());
    }
    return stopper != nullptr ? detail::drop_stopwords_in_phrases(q, *stopper, stem) : q;
  }

  // Reopens the index if the writer installed new buckets since it was opened (or if `force`).
  void refresh(bool force) {
    const detail::StubStamp now = detail::stub_stamp(path);
    if (!force && now == stamp) return;
    try {
      db = detail::open_index_database(path);
    } catch (const Xapian::Error &e) {
      throw DatabaseError("cannot reopen index '" + path.string() + "': " + e.get_description());
    }
    stamp = now;
    parser.set_database(db);
  }

  // The file record of the file a hit belongs to (cached per search).
  const detail::FileRecord *record_for(const std::string &id_value, std::map<std::string, detail::FileRecord> &cache) {
    if (auto it = cache.find(id_value); it != cache.end()) return &it->second;
    const std::string term = detail::DocumentBuilder::file_term(id_from_bytes(id_value));
    Xapian::PostingIterator first = db.postlist_begin(term);
    if (first == db.postlist_end(term)) return nullptr;
    auto rec = detail::decode_record(db.get_document(*first).get_data());
    if (!rec) return nullptr;
    return &cache.emplace(id_value, std::move(*rec)).first->second;
  }
};

Searcher::Searcher(const std::filesystem::path &db) : impl_(std::make_unique<Impl>()) {
  impl_->path = db;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  const detail::IndexConfig config = detail::read_config(db);
  try {
    impl_->stamp = detail::stub_stamp(db);
    impl_->db = detail::open_index_database(db); // retries if a writer swaps a bucket right now
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot open index '" + db.string() + "': " + e.get_description());
  }
  impl_->language = config.language;
  impl_->stem = detail::make_stem(impl_->language);
  impl_->stopper = detail::stopper_for(impl_->language);
  Xapian::QueryParser &qp = impl_->parser;
  qp.set_database(impl_->db);
  qp.set_stemmer(impl_->stem);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  if (impl_->stopper != nullptr) qp.set_stopper(impl_->stopper);
  qp.add_prefix(std::string(schema::kFieldTitle), std::string(schema::kPrefixTitle));
  qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR);
  // Path fields: `name:value` filters, and `name:lo..hi` ranges over numeric values.
  const PathPattern pattern = PathPattern::parse(config.path_fields);
  for (std::size_t i = 0; i < pattern.names().size(); ++i) {
    const std::string &name = pattern.names()[i];
    qp.add_boolean_prefix(name, (new FieldFilter(name))->release());
    impl_->ranges.push_back(
        std::make_unique<Xapian::NumberRangeProcessor>(schema::kSlotFirstField + static_cast<unsigned>(i), name + ":"));
    qp.add_rangeprocessor(impl_->ranges.back().get());
  }
}

Searcher::~Searcher() = default;

const std::string &Searcher::language() const { return impl_->language; }

std::size_t Searcher::paragraph_count() const { return impl_->db.get_doccount(); }

SearchResults Searcher::search(std::string_view query, const SearchOptions &options) {
  SearchResults results;
  impl_->refresh(false); // buckets are replaced, not modified: without this a Searcher never sees new data
  const Xapian::Query q = impl_->parse(query, options);
  results.parsed_query = q.get_description();
  if (q.empty()) {
    if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) throw QueryError("the query is empty");
    throw QueryError("query '" + std::string(query) + "' has no words to search for");
  }
  std::set<std::string> terms;
  std::vector<std::string> prefixes;
  detail::highlight_terms(q, terms, prefixes);
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      // Checking at least kCheckAtLeast candidates keeps the "about N" estimate honest for phrases.
      const Xapian::MSet mset =
          enquire.get_mset(static_cast<Xapian::doccount>(options.offset), static_cast<Xapian::doccount>(options.limit),
                           static_cast<Xapian::doccount>(options.offset + options.limit + kCheckAtLeast));
      results.estimated_total = mset.get_matches_estimated();
      results.hits.clear();
      std::map<std::string, detail::FileRecord> records;
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Hit hit;
        hit.rank = options.offset + static_cast<std::size_t>(it.get_rank()) - mset.get_firstitem() + 1;
        hit.score = it.get_weight();
        const std::string para = doc.get_value(schema::kSlotParagraph);
        hit.paragraph = para.empty() ? 0 : static_cast<unsigned>(Xapian::sortable_unserialise(para));
        const detail::FileRecord *rec = impl_->record_for(doc.get_value(schema::kSlotFile), records);
        if (rec == nullptr || hit.paragraph == 0 || hit.paragraph > rec->paragraphs.size())
          throw DatabaseError("index '" + impl_->path.string() +
                              "' is damaged: a paragraph's stored text is missing "
                              "(run parasearch-index --check)");
        hit.path = rec->path;
        hit.title = rec->title;
        hit.fields = rec->fields;
        hit.text = rec->paragraphs[hit.paragraph - 1];
        const auto matches = detail::find_matches(hit.text, terms, prefixes, impl_->stem);
        hit.highlights.assign(matches.begin(), matches.end());
        hit.snippet =
            detail::make_snippet(hit.text, matches, options.snippet_chars, options.mark_start, options.mark_end);
        results.hits.push_back(std::move(hit));
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError &) {
      if (attempt >= 3) throw DatabaseError("index '" + impl_->path.string() + "' keeps changing during the search");
      impl_->refresh(true); // a writer changed the index under us: reread and rerun the whole search
    } catch (const Xapian::DatabaseOpeningError &) { // a bucket was swapped out mid-search
      if (attempt >= 3) throw DatabaseError("index '" + impl_->path.string() + "' keeps changing during the search");
      impl_->refresh(true);
    } catch (const Xapian::WildcardError &) {
      throw QueryError("a wildcard in '" + std::string(query) + "' matches too many words (over " +
                       std::to_string(kMaxWildcardTerms) + "); make it more specific");
    } catch (const Xapian::Error &e) {
      throw DatabaseError("search failed in index '" + impl_->path.string() + "': " + e.get_description());
    }
  }
}

} // namespace parasearch
