// Searcher: wires the parts of a search together. The index's settings give a QueryBuilder; the
// query is parsed and ranked with BM25 on several lanes (threads), each over its own buckets; the
// top passages are re-ranked with the proximity bonus; each lane builds the hits of the page in its
// buckets; and the spelling suggestion is made. Every error leaving it is a parasearch::Error.
#include "parasearch/searcher.hpp"

#include "common/fold.hpp"
#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "index/document.hpp"
#include "index/record.hpp"
#include "index/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/bm25.hpp"
#include "query/compounds.hpp"
#include "query/errors.hpp"
#include "query/facets.hpp"
#include "query/filters.hpp"
#include "query/lane.hpp"
#include "query/lane_pool.hpp"
#include "query/languages.hpp"
#include "query/proximity.hpp"
#include "query/query_builder.hpp"
#include "query/query_text.hpp"
#include "query/reopen.hpp"
#include "query/shards.hpp"
#include "query/snippet.hpp"
#include "query/spelling.hpp"
#include "query/title_boost.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

namespace parasearch {
namespace {

using detail::Candidate;
using detail::Lane;

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kCheckAtLeast = 1000;
/// "About N passages" is counted exactly when the estimate is at most this.
constexpr Xapian::doccount kCountExactlyUpTo = 1000;

/// The Xapian weighting scheme of `ranking` (built in: see query/bm25.hpp).
Xapian::BM25Weight weight(const RankingOptions &ranking) { return detail::bm25_weight(ranking); }

/// What one lane found: its ranked passages and what its match says about the number of matches.
struct LaneResult {
  std::vector<Candidate> ranked;
  Xapian::MSet mset; // what `ranked` came from (its documents are fetched from it, pipelined)
  Xapian::doccount estimate = 0;
  bool exact = false; // `estimate` is the exact number of matches in its buckets
};

} // namespace

struct Searcher::Impl {
  std::filesystem::path path;
  unsigned threads = 0;                            // as asked for (0 = automatic)
  detail::StubStamp stamp;                         // the stub the lanes were opened from
  detail::IndexConfig config;                      // the settings the builder was made for
  std::vector<std::string> fields;                 // the names of config.path_fields
  std::unique_ptr<detail::QueryLanguages> builder; // the parsers of the index's languages and fields
  std::vector<std::vector<std::string>> synonyms;  // groups of interchangeable words or phrases
  std::vector<std::unique_ptr<Lane>> lanes;        // lane 0 runs on the caller's thread
  std::unique_ptr<detail::LanePool> pool;
  // A shard set (query/shards.hpp): searched on one lane, with no posting-source filter, so that only
  // Xapian's built-in classes reach the remote matchers.
  bool sharded = false;
  detail::ShardSet set;
  std::vector<std::string> down; // shards that could not be reached when last opened, with why
  std::chrono::steady_clock::time_point opened_at;

  Xapian::Database &db() { return lanes.front()->db; }
  const Xapian::Database &db() const { return lanes.front()->db; }

  // Reads the index's settings (through detail::read_config, wherever they live) and rebuilds the
  // query builder if the language or the path fields changed (a rebuild with --full).
  void read_settings() {
    // A first creation interrupted before it wrote the stub: an empty index (of the default settings).
    detail::IndexConfig now =
        detail::only_creation_leftovers(path)
            ? detail::IndexConfig{schema::kSchemaVersion, "english", schema::kMaxDefaultBuckets, ""}
            : detail::read_config(path);
    apply_config(std::move(now));
  }

  // Makes `now` the settings, rebuilding the query builder if its language or path fields changed.
  void apply_config(detail::IndexConfig now) {
    const bool same = builder && now.language == config.language && now.path_fields == config.path_fields;
    if (!same) builder = std::make_unique<detail::QueryLanguages>(now.language, now.path_fields);
    if (!same) fields = PathPattern::parse(now.path_fields).names();
    config = std::move(now);
  }

  // Opens the index in as many lanes as threads are wanted (at most one per bucket), all on the same
  // buckets, and gives each lane a share of the buckets to rank. An index with no stub yet (an
  // indexer interrupted before its first bucket) is an empty database.
  void open_lanes() {
    std::error_code ec;
    const bool has_stub = std::filesystem::exists(path / std::string(schema::kStubFile), ec);
    Xapian::Database first = has_stub ? detail::open_index_database(path) : Xapian::Database();
    const std::string uuids = first.get_uuid();
    std::vector<std::string> buckets;
    for (std::size_t start = 0; start <= uuids.size();) {
      const std::size_t colon = std::min(uuids.find(':', start), uuids.size());
      buckets.push_back(uuids.substr(start, colon - start));
      start = colon + 1;
    }
    const bool distinct = std::set<std::string>(buckets.begin(), buckets.end()).size() == buckets.size();
    const unsigned wanted = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n =
        distinct && first.size() == buckets.size() ? std::clamp<std::size_t>(wanted, 1, first.size()) : 1;
    std::vector<std::unique_ptr<Lane>> fresh;
    for (std::size_t i = 0; i < n; ++i) {
      auto lane = std::make_unique<Lane>();
      lane->path = path;
      lane->stopper = builder->primary().stopper();
      lane->stem = i == 0 ? builder->primary().stem() : detail::make_stem(builder->language());
      lane->per_language = builder->per_language();
      if (i == 0) {
        lane->db = first;
      } else {
        // The same buckets as lane 0, or the writer swapped one in between: start again.
        lane->db = detail::open_index_database(path);
        if (lane->db.get_uuid() != uuids) throw Xapian::DatabaseModifiedError("a bucket changed while opening");
      }
      if (n > 1) {
        auto owned = std::make_shared<std::set<std::string>>();
        for (std::size_t b = i; b < buckets.size(); b += n)
          owned->insert(buckets[b]);
        lane->owned = std::move(owned);
      }
      fresh.push_back(std::move(lane));
    }
    if (!pool || lanes.size() != fresh.size()) {
      pool.reset();
      try {
        pool = std::make_unique<detail::LanePool>(fresh.size());
      } catch (const std::system_error &) { // no threads to be had (a process limit): search on this one
        fresh.resize(1);
        fresh.front()->owned.reset();
        pool = std::make_unique<detail::LanePool>(1);
      }
    }
    lanes = std::move(fresh);
    builder->set_database(db());
  }

  // Opens a shard set on one lane (lanes are a local optimisation: their filter is no built-in class).
  void open_shards() {
    set = detail::read_shard_set(path);
    detail::OpenShards opened = detail::open_shard_set(set);
    apply_config(std::move(opened.config));
    auto lane = std::make_unique<Lane>();
    lane->path = path;
    lane->stopper = builder->primary().stopper();
    lane->stem = builder->primary().stem();
    lane->per_language = builder->per_language();
    lane->db = std::move(opened.db);
    lane->strides = std::move(opened.strides);
    const bool keep_pool = pool && lanes.size() == 1;
    lanes.clear();
    lanes.push_back(std::move(lane));
    if (!keep_pool) pool = std::make_unique<detail::LanePool>(1);
    builder->set_database(db());
    down = std::move(opened.down);
    sharded = true;
    opened_at = std::chrono::steady_clock::now();
  }

  // True if a shard set's connections are due to be opened again: a shard was down and its retry
  // time has come, or the connections are older than the reconnect time (a server then opens the
  // shard afresh, seeing buckets installed since: a remote connection keeps the ones it opened).
  bool shards_due() const {
    if (!sharded) return false;
    const auto age = std::chrono::steady_clock::now() - opened_at;
    return (!down.empty() && age >= std::chrono::seconds(set.retry_seconds)) ||
           (set.reconnect_seconds != 0 && age >= std::chrono::seconds(set.reconnect_seconds));
  }

  // Throws the DatabaseError naming the shards that could not be reached.
  [[noreturn]] void throw_down() const {
    std::string list;
    for (const std::string &d : down)
      list += (list.empty() ? "" : "; ") + d;
    throw DatabaseError("cannot reach " + std::to_string(down.size()) + " of the " + std::to_string(set.shards.size()) +
                        " shards of '" + path.string() + "' (timeout " + std::to_string(set.timeout_ms) +
                        " ms): " + list +
                        "; start its xapian-tcpsrv, or search the other shards with --allow-partial (API: partial=1)");
  }

  // Reopens the index, and rereads its settings, if the writer installed new buckets since it was
  // opened (or if `force`, or a shard set's connections are due: shards_due()).
  void refresh(bool force) {
    const detail::StubStamp now = detail::stub_stamp(path);
    if (!force && now == stamp && !lanes.empty() && !shards_due()) return;
    for (int attempt = 1;; ++attempt) {
      try {
        // A writer may replace a bucket between our reading the stub and opening it: this retries.
        if (detail::is_shard_set(path)) {
          open_shards();
          break;
        }
        sharded = false;
        down.clear();
        read_settings();
        open_lanes();
        break;
      } catch (const Xapian::DatabaseModifiedError &) {
        if (attempt == 10) throw DatabaseError("index '" + path.string() + "' keeps changing while being opened");
      } catch (const Xapian::DatabaseOpeningError &e) { // other errors: see detail::rethrow_as_error
        throw DatabaseError("cannot open index '" + path.string() + "': " + e.get_description());
      }
    }
    stamp = now;
  }

  // The lane that ranks docid `did` (of the combined database).
  std::size_t lane_of(Xapian::docid did) const {
    return lanes.size() == 1 ? 0 : ((did - 1) % db().size()) % lanes.size();
  }

  // Xapian's estimate of the passages `query` matches in the whole index (no match is run).
  Xapian::doccount whole_estimate(const Xapian::Query &query, const SearchOptions &options) {
    Xapian::Enquire enquire(db());
    enquire.set_query(query);
    enquire.set_weighting_scheme(weight(options.ranking));
    return enquire.get_mset(0, 0).get_matches_estimated();
  }

  // How many passages match: the same on any number of lanes. Exact when every lane counted its
  // buckets exactly and, together, fewer than one lane would have examined; otherwise Xapian's
  // estimate for the whole index, counted exactly if that is at most kCountExactlyUpTo (a match-free
  // estimate is poor for phrases: 70 for "nuclear weapons" where 204 passages of 1995 match), or
  // raised to kCountExactlyUpTo + 1 where the lanes saw more matches than that.
  // `queries[i]` is lane i's copy of `query` (Xapian objects are not thread-safe).
  // `whole` is whole_estimate() of `query`, or nullopt if it was not taken.
  Xapian::doccount matches(const Xapian::Query &query, const std::vector<Xapian::Query> &queries,
                           std::vector<LaneResult> &found, Xapian::doccount count, Xapian::doccount check,
                           const SearchOptions &options, std::size_t ranked, std::optional<Xapian::doccount> whole) {
    Xapian::doccount sum = 0;
    bool exact = true;
    for (const LaneResult &r : found)
      sum += r.estimate, exact &= r.exact;
    // One database counts exactly when it sees every match before stopping: fewer than `check`
    // matches (fewer than `count` documents when collapsing).
    if (exact && sum < (options.per_doc ? count : check)) return sum;
    if (options.per_doc) { // the estimate of collapsed documents needs the collapsing match itself
      Xapian::Enquire enquire(db());
      enquire.set_query(query);
      enquire.set_weighting_scheme(weight(options.ranking));
      enquire.set_collapse_key(schema::kSlotFile);
      return std::max<Xapian::doccount>(enquire.get_mset(0, count, check).get_matches_estimated(),
                                        static_cast<Xapian::doccount>(ranked));
    }
    const Xapian::doccount estimate = whole ? *whole : whole_estimate(query, options);
    if (estimate > kCountExactlyUpTo)
      return std::max<Xapian::doccount>(estimate, static_cast<Xapian::doccount>(ranked));
    // The lanes could examine more than kCountExactlyUpTo matches each (check was raised for that), and
    // together saw more (one stopped early, or their exact counts add up to `check` or more): more than
    // kCountExactlyUpTo match, on any number of lanes, so the estimate, raised above that, stands (one
    // lane's exact count would differ from two lanes' early stops). Counting every match would cost a
    // third match: 2,000 passages of "small island developing states" under an estimate of 700.
    if (whole && check > kCountExactlyUpTo) {
      if (check >= db().get_doccount()) return sum; // no lane could stop early (facets): exact
      return std::max<Xapian::doccount>({estimate, kCountExactlyUpTo + 1, static_cast<Xapian::doccount>(ranked)});
    }
    pool->run([&](std::size_t i) {
      if (found[i].exact) return;
      Lane &lane = *lanes[i];
      Xapian::Enquire all(lane.db);
      all.set_query(lane.restricted(queries[i])); // this lane's own copy
      all.set_weighting_scheme(weight(options.ranking));
      found[i].estimate = all.get_mset(0, 0, lane.db.get_doccount()).get_matches_lower_bound();
    });
    sum = 0;
    for (const LaneResult &r : found)
      sum += r.estimate;
    return sum;
  }

  // With per_doc over a shard set: Xapian 1.4's remote protocol does not carry collapse counts, so
  // each hit's `others` is counted in one more match, of `query` in the hits' files, with a built-in
  // ValueCountMatchSpy on the file id (exact: every match of those files is examined).
  void count_others(const Xapian::Query &query, std::vector<Hit> &hits) {
    if (hits.empty()) return;
    std::vector<std::string> files;
    files.reserve(hits.size());
    for (const Hit &h : hits)
      files.push_back(detail::DocumentBuilder::file_term(detail::file_id(h.path)));
    Xapian::Enquire enquire(db());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(Xapian::Query::OP_OR, files.begin(), files.end())));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(schema::kSlotFile);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db().get_doccount());
    std::map<std::string, Xapian::doccount> per_file;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
      per_file[*it] = it.get_termfreq();
    for (Hit &h : hits) {
      const auto it = per_file.find(detail::id_bytes(detail::file_id(h.path)));
      h.others = it != per_file.end() && it->second > 0 ? it->second - 1 : 0;
    }
  }

  SearchResults search(std::string_view query, const SearchOptions &options) {
    SearchResults results;
    refresh(false); // a new stub means new data: without this a Searcher never sees it
    if (!down.empty() && !options.allow_partial) throw_down();
    if (query.size() > kMaxQueryBytes)
      throw QueryError("query is too long (" + std::to_string(query.size()) + " bytes; the limit is " +
                       std::to_string(kMaxQueryBytes) + ")");
    const std::string text = detail::fold_width(query); // ａｐａｒｔｈｅｉｄ is apartheid, for synonyms too
    results.expanded_query = options.plain ? text : detail::expand_synonyms(text, synonyms);
    for (int attempt = 0;; ++attempt) {
      try {
        SearchResults done = run(text, results, options);
        done.partial = !down.empty();
        done.missing_shards = down;
        return done;
      } catch (const Xapian::NetworkError &e) { // includes NetworkTimeoutError: a shard died or hangs
        if (!sharded || attempt >= 2) throw;
        refresh(true); // reconnect: the shard that failed is then found down (within its timeouts)
        if (!down.empty() && !options.allow_partial) throw_down();
      } catch (const Xapian::DatabaseModifiedError &) {
        if (attempt >= 3) throw;
        refresh(true); // a writer changed the index under us: reread and rerun the whole search
      } catch (const Xapian::DatabaseOpeningError &) { // a bucket was swapped out mid-search
        if (attempt >= 3) throw DatabaseError("index '" + path.string() + "' keeps changing during the search");
        refresh(true);
      } catch (const Xapian::WildcardError &) {
        throw QueryError("a wildcard in '" + text + "' matches too many words (over " +
                         std::to_string(detail::kMaxWildcardTerms) + "); make it longer or more specific");
      }
    }
  }

  // One attempt at the search of `text` (results.expanded_query is what is parsed).
  SearchResults run(const std::string &text, SearchResults results, const SearchOptions &options) {
    const detail::ParsedQuery parsed = builder->parse(results.expanded_query, options);
    const Xapian::Query &user = parsed.query;
    detail::QueryBuilder::check_wildcards(parsed, db(), text);
    results.parsed_query = user.get_description();
    const std::vector<detail::FacetRequest> facets = detail::parse_facets(options.facets, fields);
    if (db().size() == 0) { // no bucket yet: nothing matches
      results.facets = detail::finish_facets(facets, {});
      return results;
    }
    const detail::MatchSpec spec = options.snippets ? detail::highlight_spec(parsed) : detail::MatchSpec{};

    // The words as typed earn the proximity bonus (a compound's joined form is not a third word).
    const detail::Proximity words = detail::proximity_for(detail::without_compounds(user), options.ranking);
    const std::size_t depth = words.active() ? options.ranking.rerank_depth : 0;
    // Saturated at the most one match can return, so a huge limit or offset means "all", never wraps.
    constexpr std::size_t kMost = std::numeric_limits<Xapian::doccount>::max();
    const std::size_t wanted = std::min(kMost, std::min(options.offset, kMost) + std::min(options.limit, kMost));
    const auto count = static_cast<Xapian::doccount>(std::min(kMost, std::max(wanted, depth)));
    // An exact count needs many candidates examined; otherwise Xapian may stop early (much faster).
    // Collapsing needs them too, for the counts of other passages per document.
    const std::size_t more = options.exact_count || options.per_doc ? kCheckAtLeast : 0;
    auto check = static_cast<Xapian::doccount>(std::min(kMost, std::size_t{count} + more));
    // Facets count every match: each lane examines all of its matches (its spies see only those examined).
    if (!facets.empty()) check = std::max(check, db().get_doccount());
    const std::size_t n = lanes.size();
    // What is ranked: the query, with its words also matching titles (query/title_boost.hpp), each
    // term scaled to Lucene's idf under Xapian's BM25Weight (query/bm25.hpp).
    // Over shards the terms' frequencies come from one match, not one round trip per term and shard.
    const std::optional<detail::TermFreqs> known =
        sharded ? std::optional(detail::gather_termfreqs(db(), user)) : std::nullopt;
    const detail::TermFreqs *freqs = known ? &*known : nullptr;
    const double blend = options.ranking.idf_blend;
    Xapian::Query ranked_query = detail::with_lucene_idf(
        detail::with_title_matches(user, db(), options.ranking.title_weight, freqs, blend), db(), parsed, freqs, blend);
    if (!options.filters.empty()) // restricts the matches; the query words alone are highlighted and re-ranked
      ranked_query = Xapian::Query(Xapian::Query::OP_FILTER, ranked_query,
                                   detail::filter_query(options.filters, fields, *builder));
    // Where few passages match, the count is exact (see matches()): the lanes then examine every match
    // while ranking, instead of counting them in a second match afterwards.
    std::optional<Xapian::doccount> whole;
    if (!options.per_doc && !options.exact_count) {
      whole = whole_estimate(ranked_query, options);
      if (*whole <= kCountExactlyUpTo) check = std::max<Xapian::doccount>(check, kCountExactlyUpTo + 1);
    }
    // Xapian objects are not shared between threads: each lane gets its own copy of the query.
    const std::string serialised = n > 1 ? ranked_query.serialise() : std::string();
    std::vector<Xapian::Query> queries(n);
    std::vector<LaneResult> found(n);
    std::vector<detail::FacetCounts> counted(n);

    // 1. Each lane ranks its buckets (with the whole index's statistics) and gives the proximity
    //    bonus to its own top `depth`, which hold every passage of the overall top `depth`.
    pool->run([&](std::size_t i) {
      Lane &lane = *lanes[i];
      queries[i] = i == 0 ? ranked_query : Xapian::Query::unserialise(serialised);
      Xapian::Enquire enquire(lane.db);
      enquire.set_query(lane.restricted(queries[i]));
      enquire.set_weighting_scheme(weight(options.ranking));
      if (options.per_doc) enquire.set_collapse_key(schema::kSlotFile);
      std::optional<detail::FacetSpies> spies;
      if (!facets.empty()) spies.emplace(facets, options.per_doc), spies->attach(enquire);
      const Xapian::MSet mset = enquire.get_mset(0, count, check);
      if (spies) spies->add_to(counted[i], [&](std::uint64_t id) { return lane.file_header(id); });
      found[i].estimate = mset.get_matches_estimated();
      found[i].exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      std::vector<Candidate> &mine = found[i].ranked;
      mine.reserve(mset.size());
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        mine.push_back({*it, it.get_weight(), 0, options.per_doc ? it.get_collapse_count() : 0, it.get_rank()});
      found[i].mset = mset;
      const std::size_t top = std::min(depth, mine.size());
      if (top == 0) return;
      detail::Proximity p = words;
      detail::prepare(p, lane.db, mset, options.ranking);
      if (sharded) {  // one match computes every bonus: over remote shards a round trip per shard, not per word
        mset.fetch(); // every document, pipelined (the hits of the page reuse them)
        std::vector<std::string> uids;
        for (std::size_t k = 0; k < top; ++k) {
          const auto stored =
              detail::decode_paragraph(mset[static_cast<Xapian::doccount>(k)].get_document().get_data());
          if (stored) uids.push_back(detail::DocumentBuilder::uid_term(stored->file_id, stored->number));
        }
        const std::map<Xapian::docid, double> bonuses =
            detail::matched_bonuses(p, lane.db, mset, uids, options.ranking);
        for (std::size_t k = 0; k < top; ++k)
          if (const auto it = bonuses.find(mine[k].did); it != bonuses.end()) mine[k].bonus = it->second;
        return;
      }
      for (std::size_t k = 0; k < top; ++k)
        mine[k].bonus = detail::bonus(p, lane.db, mine[k].did);
    });

    // 2. Merged in Xapian's own order (score, then docid), as one lane would have ranked them.
    std::vector<Candidate> ranked;
    for (std::size_t i = 0; i < n; ++i)
      ranked.insert(ranked.end(), found[i].ranked.begin(), found[i].ranked.end());
    if (n > 1) {
      std::sort(ranked.begin(), ranked.end(), [](const Candidate &x, const Candidate &y) {
        return x.base != y.base ? x.base > y.base : x.did < y.did;
      });
      if (ranked.size() > count) ranked.resize(count);
    }
    if (!facets.empty()) {
      detail::FacetCounts sum(facets.size());
      for (const detail::FacetCounts &c : counted) // lanes count disjoint buckets
        for (std::size_t f = 0; f < c.size(); ++f)
          for (const auto &[value, k] : c[f])
            sum[f][value] += k;
      results.facets = detail::finish_facets(facets, sum);
    }
    results.estimated_total = matches(ranked_query, queries, found, count, check, options, ranked.size(), whole);
    // The proximity bonus re-ranks the top `depth` passages. Below them the order stays BM25's, and
    // as a bonus is never negative, scores still fall from rank to rank.
    const std::size_t top = std::min(depth, ranked.size());
    for (std::size_t k = top; k < ranked.size(); ++k)
      ranked[k].bonus = 0; // given by its lane, but below the overall top `depth`
    std::stable_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top),
                     [](const Candidate &x, const Candidate &y) { return x.score() > y.score(); });

    // 3. Each lane builds the hits of the page that are in its buckets.
    const std::size_t first = std::min(options.offset, ranked.size());
    const std::size_t last = std::min(wanted, ranked.size());
    std::vector<Hit> hits(last - first);
    pool->run([&](std::size_t i) {
      const detail::HitRequest request{&queries[i], &parsed, &spec, &options, depth};
      // Every document of the page is requested before any is read: over remote shards the requests
      // are pipelined (one round trip for the page, not one per hit).
      const Xapian::MSet &mset = found[i].mset;
      std::vector<std::pair<std::size_t, Xapian::MSetIterator>> mine;
      for (std::size_t k = first; k < last; ++k)
        if (lane_of(ranked[k].did) == i) {
          mine.emplace_back(k, mset[ranked[k].index]);
          mset.fetch(mine.back().second);
        }
      std::vector<Xapian::Document> docs;
      std::vector<std::pair<Xapian::docid, std::optional<detail::StoredParagraph>>> decoded;
      for (const auto &[k, it] : mine) {
        docs.push_back(it.get_document());
        decoded.emplace_back(*it, detail::decode_paragraph(docs.back().get_data()));
      }
      lanes[i]->read_headers(decoded);
      for (std::size_t m = 0; m < mine.size(); ++m) {
        const std::size_t k = mine[m].first;
        hits[k - first] = lanes[i]->make_hit(ranked[k], k + 1, request, docs[m]);
      }
    });
    if (sharded && options.per_doc) count_others(ranked_query, hits);
    results.hits = std::move(hits);
    if (options.spelling) {
      Lane &lane = *lanes.front();
      results.suggestion = detail::suggest(
          db(), results.expanded_query, user, [&](const std::string &term) { return builder->primary().unstem(term); },
          lane.stem, [&](Xapian::docid did) { return lane.text_of(did); });
    }
    return results;
  }
};

Searcher::Searcher(const std::filesystem::path &db, unsigned threads) : impl_(std::make_unique<Impl>()) {
  impl_->path = db;
  impl_->threads = threads;
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  try {
    impl_->refresh(true);
  } catch (...) {
    detail::rethrow_as_error(db, "opening");
  }
}

Searcher::~Searcher() = default;

std::vector<std::string> Searcher::facet_names() const { return detail::facet_names(impl_->fields); }

const std::string &Searcher::language() const { return impl_->config.language; }

std::size_t Searcher::paragraph_count() const {
  try {
    return impl_->db().get_doccount();
  } catch (...) {
    detail::rethrow_as_error(impl_->path, "count of passages");
  }
}

std::optional<Hit> Searcher::passage(const std::string &path, unsigned paragraph, std::size_t context) {
  try {
    impl_->refresh(false);
    for (int attempt = 0;; ++attempt) {
      try {
        return impl_->lanes.front()->passage(path, paragraph, context);
      } catch (const Xapian::DatabaseModifiedError &) {
        if (attempt >= 3) throw;
        impl_->refresh(true);
      }
    }
  } catch (...) {
    detail::rethrow_as_error(impl_->path, "passage");
  }
}

void Searcher::add_synonyms(const std::vector<std::string> &group) {
  std::vector<std::string> clean;
  for (const std::string &s : group) {
    const std::string w = detail::normalise_space(s);
    if (!w.empty()) clean.push_back(w);
  }
  if (clean.size() < 2) throw UsageError("a synonym group needs at least two words or phrases");
  impl_->synonyms.push_back(std::move(clean));
}

void Searcher::load_synonyms(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read the synonyms file '" + file.string() + "'");
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> group;
    std::size_t start = 0;
    for (std::size_t eq; (eq = line.find('=', start)) != std::string::npos; start = eq + 1)
      group.push_back(line.substr(start, eq - start));
    group.push_back(line.substr(start));
    try {
      add_synonyms(group);
    } catch (const UsageError &) {
      throw UsageError("synonyms file '" + file.string() + "' line " + std::to_string(number) +
                       ": expected 'word or phrase = word or phrase'");
    }
  }
}

SearchResults Searcher::search(std::string_view query, const SearchOptions &options) {
  validate_ranking(options.ranking); // a UsageError naming the flag, before anything is read
  try {
    return impl_->search(query, options);
  } catch (...) {
    detail::rethrow_as_error(impl_->path, "search");
  }
}

} // namespace parasearch
