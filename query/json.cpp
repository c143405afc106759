#include "parasearch/json.hpp"

#include "parasearch/pathfields.hpp"

#include <nlohmann/json.hpp>

namespace parasearch {

namespace {

nlohmann::json hit_object(const Hit &h, const SearchOptions &options) {
  nlohmann::json highlights = nlohmann::json::array();
  for (const auto &[b, e] : h.highlights)
    highlights.push_back({char_offset(h.text, b), char_offset(h.text, e)});
  nlohmann::json j = {{"rank", h.rank},   {"score", h.score}, {"path", h.path},       {"paragraph", h.paragraph},
                      {"title", h.title}, {"text", h.text},   {"snippet", h.snippet}, {"highlights", highlights}};
  if (h.page != 0) j["page"] = h.page;
  if (!h.page_label.empty()) j["page_label"] = h.page_label;
  if (!h.language.empty()) j["language"] = h.language;
  if (options.per_doc) j["others"] = h.others;
  if (options.context > 0) {
    for (const auto *side : {&h.before, &h.after}) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto &c : *side)
        list.push_back({{"paragraph", c.paragraph}, {"text", c.text}});
      j[side == &h.before ? "before" : "after"] = std::move(list);
    }
  }
  if (options.explain) j["explanation"] = h.explanation;
  for (const auto &[name, value] : h.fields) {
    if (j.contains(name)) continue; // a field never hides a standard key
    if (is_numeric_field_value(value))
      j[name] = std::stoll(value);
    else
      j[name] = value;
  }
  return j;
}

std::string dump(const nlohmann::json &j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

/// {"name": {"value": count, ...}, ...}: facets and values in their order (most frequent value first).
std::string facets_object(const std::vector<Facet> &facets) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const Facet &f : facets) {
    nlohmann::ordered_json counts = nlohmann::ordered_json::object();
    for (const auto &[value, n] : f.counts)
      counts[value] = n;
    j[f.name] = std::move(counts);
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace

std::size_t char_offset(const std::string &text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string hit_json(const Hit &hit, const SearchOptions &options) { return dump(hit_object(hit, options)); }

std::string results_json(const SearchResults &results, const SearchOptions &options) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit &h : results.hits)
    hits.push_back(hit_object(h, options));
  nlohmann::json j = {{"total", results.estimated_total}, {"hits", std::move(hits)}};
  if (!results.suggestion.empty()) j["suggestion"] = results.suggestion;
  if (results.partial) j["partial"] = true, j["missing_shards"] = results.missing_shards;
  std::string out = dump(j);
  if (!results.facets.empty()) { // ordered by count, which a nlohmann::json object would not keep
    out.pop_back();
    out += ",\"facets\":" + facets_object(results.facets) + "}";
  }
  return out;
}

std::string facets_json(const SearchResults &results) { return "{\"facets\":" + facets_object(results.facets) + "}"; }

} // namespace parasearch

namespace parasearch {

std::string partial_json(const SearchResults &results) {
  return std::string("{\"partial\":") + (results.partial ? "true" : "false") +
         ",\"missing_shards\":" + dump(nlohmann::json(results.missing_shards)) + "}";
}

} // namespace parasearch
