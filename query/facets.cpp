#include "query/facets.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/filters.hpp"

#include <algorithm>

namespace parasearch::detail {
namespace {

constexpr std::uint64_t kMaxWidth = 1'000'000'000'000ULL;

/// The facet value `value` counts under: numeric values in buckets of `width` ("1990..1999").
std::string bucket(const std::string &value, std::uint64_t width) {
  if (width <= 1 || !is_numeric_field_value(value)) return value;
  const std::uint64_t v = std::stoull(value);
  const std::uint64_t low = v - v % width;
  return std::to_string(low) + ".." + std::to_string(low + width - 1);
}

/// The file id stored big-endian in the kSlotFile value `bytes`.
std::uint64_t file_id_of(const std::string &bytes) {
  std::uint64_t id = 0;
  for (const char c : bytes)
    id = (id << 8) | static_cast<unsigned char>(c);
  return id;
}

} // namespace

std::vector<FacetRequest> parse_facets(const std::vector<std::string> &names, const std::vector<std::string> &fields) {
  const bool lang_free = std::find(fields.begin(), fields.end(), schema::kFieldLanguage) == fields.end();
  auto available = [&] {
    std::string list;
    for (const std::string &f : facet_names(fields))
      list += (list.empty() ? "" : ", ") + f;
    return list;
  };
  std::vector<FacetRequest> requests;
  for (const std::string &name : names) {
    FacetRequest r{name, name, 0};
    if (const auto slash = name.find('/'); slash != std::string::npos) {
      r.field = name.substr(0, slash);
      const std::string width = name.substr(slash + 1);
      const bool digits = !width.empty() && width.size() <= 13 &&
                          std::all_of(width.begin(), width.end(), [](char c) { return c >= '0' && c <= '9'; });
      r.width = digits ? std::stoull(width) : 0;
      if (r.width == 0 || r.width > kMaxWidth)
        throw UsageError("facet '" + name + "': the bucket width after '/' must be a whole number from 1 to " +
                         std::to_string(kMaxWidth));
    }
    const bool is_field = std::find(fields.begin(), fields.end(), r.field) != fields.end();
    if (!is_field && !(lang_free && r.field == schema::kFieldLanguage)) {
      const std::string list = available();
      throw UsageError("unknown facet '" + r.field + "': this index has " + list);
    }
    if (!is_field) {
      if (r.width != 0) throw UsageError("facet '" + name + "': languages cannot be bucketed");
      r.field.clear();
    }
    requests.push_back(std::move(r));
  }
  return requests;
}

FacetSpies::FacetSpies(const std::vector<FacetRequest> &requests, bool per_doc)
    : requests_(&requests), per_doc_(per_doc), files_(schema::kSlotFile), languages_(schema::kSlotLanguage) {
  for (const FacetRequest &r : requests) {
    if (!r.field.empty() || per_doc)
      fields_ = true; // per document, a file's language is its header's
    else
      language_ = true;
  }
}

void FacetSpies::attach(Xapian::Enquire &enquire) {
  if (fields_) enquire.add_matchspy(&files_);
  if (language_) enquire.add_matchspy(&languages_);
}

void FacetSpies::add_to(FacetCounts &counts, const std::function<const FileHeader *(std::uint64_t)> &header) const {
  counts.resize(requests_->size());
  if (language_)
    for (auto it = languages_.values_begin(); it != languages_.values_end(); ++it)
      for (std::size_t i = 0; i < requests_->size(); ++i)
        if ((*requests_)[i].field.empty()) counts[i][*it] += it.get_termfreq();
  if (!fields_) return;
  for (auto it = files_.values_begin(); it != files_.values_end(); ++it) {
    const FileHeader *h = header(file_id_of(*it));
    if (h == nullptr) continue;
    const std::size_t n = per_doc_ ? 1 : it.get_termfreq();
    for (std::size_t i = 0; i < requests_->size(); ++i) {
      const FacetRequest &r = (*requests_)[i];
      if (r.field.empty()) {
        if (per_doc_ && !h->language.empty()) counts[i][h->language] += n;
        continue;
      }
      for (const auto &[name, value] : h->fields)
        if (name == r.field) counts[i][bucket(value, r.width)] += n;
    }
  }
}

std::vector<Facet> finish_facets(const std::vector<FacetRequest> &requests, const FacetCounts &counts) {
  std::vector<Facet> facets;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Facet f;
    f.name = requests[i].name;
    if (i < counts.size()) f.counts.assign(counts[i].begin(), counts[i].end()); // in value order
    std::stable_sort(f.counts.begin(), f.counts.end(),
                     [](const auto &x, const auto &y) { return x.second > y.second; });
    facets.push_back(std::move(f));
  }
  return facets;
}

} // namespace parasearch::detail
