#include "query/lane.hpp"

#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "index/document.hpp"
#include "index/stored.hpp"
#include "parasearch/errors.hpp"
#include "query/explain.hpp"
#include "query/owned_buckets.hpp"

#include <algorithm>

namespace parasearch::detail {

Xapian::Query Lane::restricted(const Xapian::Query &q) const {
  if (!owned) return q;
  return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query((new OwnedBuckets(owned))->release()));
}

std::pair<const Xapian::Stem *, const Xapian::Stopper *> Lane::rules_for(const std::string &language) {
  if (!per_language) return {&stem, stopper};
  const std::string rules = DocumentBuilder::language_rules(language); // as the indexer chose
  auto it = stems.find(rules);
  if (it == stems.end()) it = stems.emplace(rules, make_stem(rules)).first;
  return {&it->second, stopper_for(rules)};
}

Xapian::docid Lane::paragraph_step(Xapian::docid did) const {
  const auto n = static_cast<Xapian::docid>(std::max<std::size_t>(db.size(), 1));
  // The combined database interleaves its n sub-databases: docid d is (d - 1) / n + 1 of sub-database (d - 1) % n.
  const std::size_t sub = (did - 1) % n;
  return (sub < strides.size() ? strides[sub] : 1) * n;
}

std::optional<StoredParagraph> Lane::stored(Xapian::docid did) const { return read_stored_paragraph(db, did); }

std::string Lane::text_of(Xapian::docid did) const {
  auto p = stored(did);
  return p ? std::move(p->text) : std::string();
}

std::vector<Xapian::docid> Lane::file_paragraphs(std::uint64_t id) const {
  const std::string term = DocumentBuilder::file_term(id);
  return {db.postlist_begin(term), db.postlist_end(term)};
}

const FileHeader *Lane::remember(Xapian::docid first, FileHeader header) {
  if (headers.size() >= kMaxHeaders) headers.clear();
  return &headers.insert_or_assign(first, std::move(header)).first->second;
}

// The header of the file `id` of paragraph `number` (docid `did`), cached while the lane lives. A file's
// paragraphs are consecutive in its bucket, so paragraph 1 is `number - 1` steps back (paragraph_step); if
// that document is not this file's paragraph 1 (an index built otherwise), the file's XF posting
// list finds it.
const FileHeader *Lane::header_for(Xapian::docid did, unsigned number, std::uint64_t id) {
  const Xapian::docid step = did >= 1 ? paragraph_step(did) : 1;
  const auto back = static_cast<Xapian::docid>(number - 1) * step;
  Xapian::docid first = number >= 1 && did > back ? did - back : 0;
  if (auto it = headers.find(first); first != 0 && it != headers.end()) return &it->second;
  std::optional<StoredParagraph> p;
  if (first != 0) p = stored(first);
  if (!p || !p->header || p->file_id != id) {
    const std::string term = DocumentBuilder::file_term(id);
    const Xapian::PostingIterator p1 = db.postlist_begin(term); // the file's first paragraph
    if (p1 == db.postlist_end(term)) return nullptr;
    first = *p1;
    if (auto it = headers.find(first); it != headers.end()) return &it->second;
    p = stored(first);
    if (!p || !p->header || p->file_id != id) return nullptr;
  }
  return remember(first, std::move(*p->header));
}

const FileHeader *Lane::file_header(std::uint64_t id) {
  if (auto it = facet_headers.find(id); it != facet_headers.end()) return &it->second;
  const std::string term = DocumentBuilder::file_term(id);
  const Xapian::PostingIterator p1 = db.postlist_begin(term); // the file's first paragraph
  if (p1 == db.postlist_end(term)) return nullptr;
  std::optional<StoredParagraph> p = stored(*p1);
  if (!p || !p->header || p->file_id != id) return nullptr;
  return &facet_headers.emplace(id, std::move(*p->header)).first->second;
}

void Lane::add_context(const std::vector<Xapian::docid> &all, std::size_t k, Hit &hit) const {
  auto text = [&](unsigned n) {
    auto p = stored(all[n - 1]);
    return p ? std::move(p->text) : std::string();
  };
  for (std::size_t i = k; i >= 1; --i)
    if (hit.paragraph > i && hit.paragraph - i <= all.size()) {
      const unsigned n = hit.paragraph - static_cast<unsigned>(i);
      hit.before.push_back({n, text(n)});
    }
  for (std::size_t i = 1; i <= k && hit.paragraph + i <= all.size(); ++i) {
    const unsigned n = hit.paragraph + static_cast<unsigned>(i);
    hit.after.push_back({n, text(n)});
  }
}

Hit Lane::stored_hit(Xapian::docid did, std::optional<StoredParagraph> own) {
  const FileHeader *header = nullptr;
  if (own && own->header)
    header = remember(did, std::move(*own->header));
  else if (own)
    header = header_for(did, own->number, own->file_id);
  if (header == nullptr || own->number > header->paragraphs)
    throw DatabaseError("index '" + path.string() +
                        "' is damaged: a paragraph's stored text is missing "
                        "(run parasearch-index --check)");
  Hit hit;
  hit.paragraph = own->number;
  hit.path = header->path;
  hit.title = header->title;
  hit.fields = header->fields;
  hit.page = own->place.page;
  hit.page_label = std::move(own->place.page_label);
  hit.language = own->place.language.empty() ? header->language : own->place.language;
  hit.text = std::move(own->text);
  return hit;
}

std::optional<Hit> Lane::passage(const std::string &file, unsigned number, std::size_t context) {
  const std::uint64_t id = file_id(file);
  const std::string term = DocumentBuilder::uid_term(id, number);
  const Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  const Xapian::docid did = *it;
  Hit hit = stored_hit(did, stored(did));
  if (hit.path != file) return std::nullopt; // another path with the same 64-bit hash
  if (context > 0) add_context(file_paragraphs(id), context, hit);
  return hit;
}

void Lane::read_headers(const std::vector<std::pair<Xapian::docid, std::optional<StoredParagraph>>> &docs) {
  std::set<std::string> terms;
  for (const auto &[did, p] : docs) {
    if (!p || p->header || p->number <= 1) continue;
    const auto back = static_cast<Xapian::docid>(p->number - 1) * paragraph_step(did);
    if (did > back && headers.count(did - back) != 0) continue; // cached (header_for finds it there)
    terms.insert(DocumentBuilder::uid_term(p->file_id, 1));
  }
  // Locally header_for reads each header as cheaply; a single one costs one round trip either way.
  if (strides.empty() || terms.size() < 2) return;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet firsts = enquire.get_mset(0, static_cast<Xapian::doccount>(terms.size()));
  firsts.fetch(); // one pipelined request for all of them
  for (Xapian::MSetIterator it = firsts.begin(); it != firsts.end(); ++it) {
    std::optional<StoredParagraph> p = decode_paragraph(it.get_document().get_data());
    if (p && p->header) remember(*it, std::move(*p->header));
  }
}

Hit Lane::make_hit(const Candidate &c, std::size_t rank, const HitRequest &request, const Xapian::Document &doc) {
  const SearchOptions &options = *request.options;
  Hit hit = stored_hit(c.did, decode_paragraph(doc.get_data()));
  hit.rank = rank;
  hit.score = c.score();
  hit.others = c.collapsed;
  if (options.snippets) {
    const auto [hit_stem, hit_stopper] = rules_for(hit.language);
    const auto matches = find_matches(hit.text, *request.spec, *hit_stem, hit_stopper);
    hit.highlights.assign(matches.begin(), matches.end());
    hit.snippet =
        make_snippet(hit.text, matches, options.snippet_chars, options.mark_start, options.mark_end, options.html);
  }
  if (options.context > 0) add_context(file_paragraphs(file_id(hit.path)), options.context, hit);
  if (options.explain)
    hit.explanation = explain(db, {c.did, c.score(), c.bonus, rank, request.depth}, doc, *request.query,
                              *request.parsed, options.ranking);
  return hit;
}
} // namespace parasearch::detail
