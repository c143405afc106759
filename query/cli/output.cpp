#include "query/cli/output.hpp"

#include "common/cli.hpp"
#include "parasearch/json.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/text.hpp"

#include <cstdio>

namespace parasearch::cli {

namespace {

// "¶12", or "¶12, p. 3" for a paragraph of a paged document (the printed page label where there is one).
std::string place(const Hit &h) {
  std::string s = "\xC2\xB6" + std::to_string(h.paragraph);
  if (h.page != 0) s += ", p. " + (h.page_label.empty() ? std::to_string(h.page) : printable(h.page_label));
  return s;
}

/// At most this many values of a facet are printed as text.
constexpr std::size_t kFacetValuesShown = 10;

// One facet as two lines: its name, then its most frequent values with their counts.
void print_facet(std::ostream &out, const Facet &f, bool per_doc) {
  out << printable(f.name) << " (" << (per_doc ? "documents" : "passages") << "):";
  if (f.counts.empty()) {
    out << " none\n";
    return;
  }
  out << "\n  ";
  for (std::size_t i = 0; i < f.counts.size() && i < kFacetValuesShown; ++i)
    out << (i == 0 ? "" : "  ") << printable(f.counts[i].first) << " " << f.counts[i].second;
  if (f.counts.size() > kFacetValuesShown) out << "  (+" << f.counts.size() - kFacetValuesShown << " more)";
  out << "\n";
}

} // namespace

void print_json(std::ostream &out, std::ostream &err, const SearchResults &results, const SearchOptions &options) {
  if (!results.suggestion.empty()) err << "Did you mean: " << results.suggestion << "\n";
  for (const Hit &h : results.hits)
    out << hit_json(h, options) << "\n";
  if (!options.facets.empty()) out << facets_json(results) << "\n";
  if (results.partial) out << partial_json(results) << "\n";
}

void print_html(std::ostream &out, const std::string &query, const SearchResults &results) {
  out << "<div class=\"parasearch-results\" data-query=\"" << html_escape(query) << "\">\n";
  if (results.partial) {
    out << "<p class=\"partial\">Partial results: left out, could not be reached:";
    for (const std::string &m : results.missing_shards)
      out << " " << html_escape(m);
    out << "</p>\n";
  }
  if (!results.suggestion.empty())
    out << "<p class=\"suggestion\">Did you mean: " << html_escape(results.suggestion) << "</p>\n";
  for (const Hit &h : results.hits) {
    out << "<div class=\"hit\"><p class=\"where\">" << h.rank << ". " << html_escape(h.path) << " "
        << html_escape(place(h)) << "</p>";
    if (!h.title.empty()) out << "<p class=\"title\">" << html_escape(h.title) << "</p>";
    out << "<p class=\"snippet\">" << h.snippet << "</p></div>\n";
  }
  out << "</div>\n";
}

void print_text(std::ostream &out, const std::string &query, const SearchResults &results,
                const SearchOptions &options) {
  if (results.partial) {
    out << "Partial results: " << count(results.missing_shards.size(), "shard") << " could not be reached and "
        << (results.missing_shards.size() == 1 ? "is" : "are") << " left out:\n";
    for (const std::string &m : results.missing_shards)
      out << "  " << printable(m) << "\n";
  }
  if (!results.suggestion.empty()) out << "Did you mean: " << results.suggestion << "\n";
  if (results.hits.empty()) {
    out << "No passages match '" << printable(query) << "'";
    if (options.offset > 0) out << " beyond the first " << options.offset;
    out << ".\n";
  } else {
    out << "About " << count(results.estimated_total, "passage")
        << (results.estimated_total == 1 ? " matches '" : " match '") << printable(query) << "'; showing "
        << results.hits.front().rank << "-" << results.hits.back().rank << ".\n";
    if (results.expanded_query != query) out << "With synonyms: " << printable(results.expanded_query) << "\n";
  }
  for (const Hit &h : results.hits) {
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", h.score);
    out << "\n" << h.rank << ". " << printable(h.path) << "  " << place(h) << "  (score " << score << ")";
    if (options.per_doc && h.others > 0)
      out << "  +" << h.others << " more matching passage" << (h.others == 1 ? "" : "s") << " in it";
    out << "\n";
    if (!h.title.empty()) out << "   " << h.title << "\n";
    if (!h.fields.empty() || !h.language.empty()) {
      out << "  ";
      for (const auto &[name, value] : h.fields)
        out << " " << name << ":" << printable(value);
      if (!h.language.empty()) out << " lang:" << printable(h.language);
      out << "\n";
    }
    for (const auto &c : h.before)
      out << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
    out << "   " << (options.context > 0 ? "> " : "") << h.snippet << "\n";
    for (const auto &c : h.after)
      out << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
    if (options.explain) {
      out << "   score:\n";
      std::string line;
      for (const char c : h.explanation)
        if (c == '\n') {
          out << "   " << line << "\n";
          line.clear();
        } else {
          line += c;
        }
    }
  }
  if (!results.facets.empty()) out << "\n";
  for (const Facet &f : results.facets)
    print_facet(out, f, options.per_doc);
}

} // namespace parasearch::cli
